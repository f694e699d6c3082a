-- An indicator named in an explanation: 「服务对象满意度」, or 未填名称的指标 when the name cell is blank.
-- materialized: macro (a scalar function the explanations use)
create or replace macro fmt_name(name) as
    coalesce('「' || fmt_text(name) || '」', '未填名称的指标')
