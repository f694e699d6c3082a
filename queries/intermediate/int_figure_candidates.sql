-- The figures of current reports that rules compare pairwise (A8, A9): each distinct value of a field
-- once, at its first occurrence, and at most `max_figure_candidates` values per report and field, so
-- the pairs grow with the number of fields, not with the square of the document.
-- materialized: view
create or replace view int_figure_candidates as

with settings as (select * from stg_settings),

figures as (
    select p.*,
           -- a table cell, or a sentence that names the field itself (全年预算数, 执行数, 执行率, 自评得分 …):
           -- 下达/共计/节约 amounts may be of another scope or fund
           p.origin in ('grid', 'table') or regexp_matches(coalesce(p.raw, ''), case p.field
               when 'budget_initial' then '年初预算'
               when 'budget_full_year' then '全年预算|调整后预算|预算数'
               when 'executed' then '执行数|实际支出'
               when 'execution_rate' then '执行率'
               when 'self_score' then '自评(得)?分|总得分|自评总分'
               else '^$' end) as names_field
    from stg_provenance as p semi join stg_reports as r using (report_id)
    where p.value_num is not null
),

distinct_values as (
    select report_id, field, value_num, names_field,
           any_value(field_zh) as field_zh,
           arg_min(raw, coalesce(line, 0)) as raw, arg_min(origin, coalesce(line, 0)) as origin,
           arg_min(origin_zh, coalesce(line, 0)) as origin_zh, min(line) as line,
           arg_min(loc, coalesce(line, 0)) as loc
    from figures
    group by report_id, field, value_num, names_field
),

final as (
    select d.*
    from distinct_values as d, settings as s
    qualify row_number() over (partition by d.report_id, d.field order by d.names_field desc, d.line, d.value_num)
            <= s.max_figure_candidates
)

select * from final
