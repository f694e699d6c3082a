-- C1 (提示): template placeholders left in (指标1, XX, ××, ……, blank names).
-- rule: C1
-- severity: 提示
-- title: 模板占位符未删除
-- definition: 指标名或项目名为占位符（指标1后无内容、XX、××、……、空白、≥**），或填报说明原文留在应填写处；带编号的真实指标名和部门整体报告的项目名不算
-- basis: 绩效自评复核问题清单
-- settings: placeholder_regex
-- needs: 
-- materialized: view
create or replace view rule_c1_placeholders as

-- a name that is itself a placeholder (指标2： with nothing after it, ……, XX, blank), a `指标1：` whose
-- real name sat in the next cell, or a number masked by the template (`(≥**人)`); a row with a real
-- name but no values (a wrapped name) is not one, nor is a host's masking of place names (**河县)
with indicators as (
    select * from int_indicators_scored
    where name_repaired or regexp_matches(coalesce(name, ''), getvariable('placeholder_regex'))
       or regexp_matches(coalesce(name, ''), '[≥≤<>＞＜]\s*\*+|\*+\s*(人|元|%|％|个|项|户)')
),
reports as (select * from int_metrics_per_report),

-- the form's own instructions left in an answer cell, or a `……` row left above the total
template_text as (
    select report_id,
           max(regexp_extract(text, '(对照|结合|针对|简要|简述|请|根据)[^\n]{0,80}?[（(]\d+字以内[）)]'))
               filter (where section <> 'body') as instruction,
           bool_or(regexp_matches(text, '(……|\.{4,})\s*(总分|合计)')) as dotted_row,
           min(line) as line
    from stg_narratives
    where regexp_matches(text, '[（(]\d+字以内[）)]|(……|\.{4,})\s*(总分|合计)')
    group by report_id
),
settings as (select * from stg_settings),
rule as (select * from int_anomaly_rules where rule_id = 'C1'),

names as (
    select report_id,
           count(*) as n,
           count(*) filter (where name_repaired) as n_repaired,
           list_distinct(list_filter(list(fmt_text(name) order by seq) filter (where not name_repaired),
                                     lambda x: x is not null))[1:3] as examples,
           min(line) as line, min(loc) as loc
    from indicators group by report_id
),

broken as (
    select r.report_id, r.project_name, coalesce(n.n, 0) as n, coalesce(n.n_repaired, 0) as n_repaired,
           n.examples, coalesce(n.line, tt.line) as line, n.loc, nullif(tt.instruction, '') as instruction,
           coalesce(tt.dotted_row, false) as dotted_row,
           -- a name printed as a placeholder; an unread name, or a department-wide report, has none to miss
           coalesce(r.kind = 'project' and regexp_matches(r.project_name, getvariable('placeholder_regex')), false)
               as project_placeholder
    from reports as r
    cross join settings as s
    left join names as n using (report_id)
    left join template_text as tt using (report_id)
    where n.n > 0 or nullif(tt.instruction, '') is not null or tt.dotted_row
       or coalesce(r.kind = 'project' and regexp_matches(r.project_name, getvariable('placeholder_regex')), false)
),

final as (
    select b.report_id, rule.rule_id, rule.severity, rule.title,
           concat_ws('；',
               case when b.project_placeholder
                    then '项目名称' || coalesce(fmt_quote(b.project_name, 40), '未填写') || '含模板占位符' end,
               case when b.n > 0 then b.n || '个指标名为模板占位符或空白'
                   || coalesce('（' || nullif(concat_ws('；',
                          case when len(b.examples) > 0 then '如“' || array_to_string(b.examples, '”“') || '”' end,
                          case when b.n_repaired > 0 then '其中' || b.n_repaired || '个“指标1：”式占位符已由相邻单元格补全' end),
                          '') || '）', '')
               end,
               case when fmt_text(b.instruction) is not null
                    then '填报说明原文' || fmt_quote(b.instruction, 80) || '留在应填写内容处，未填写' end,
               case when b.dotted_row then '指标表总分行前留有“……”空行' end) as explanation,
           json_object('n_placeholder', b.n, 'n_repaired', b.n_repaired, 'project_name', b.project_name,
                       'instruction', b.instruction, 'dotted_row', b.dotted_row) as evidence,
           b.line as source_line, b.loc as source_loc
    from broken as b cross join rule
)

select * from final
