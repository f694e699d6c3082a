-- Fund rows of current reports with their label trimmed and classified (total, a source, or other).
-- materialized: view
create or replace view stg_funds as

with funds as (
    select f.* from funds as f semi join stg_reports as r using (report_id)
),

final as (
    select
        report_id, row_no, trim(row_label) as row_label,
        case when regexp_matches(coalesce(row_label, ''), '年度资金总额|资金总额|合计|总计') then 'total'
             when regexp_matches(coalesce(row_label, ''), '财政拨款|上年结转|结转|其他资金|其他|自筹|上级|本级|中央|省级|市级|县级')
                 then 'source'
             else 'other' end as row_role,
        budget_initial, budget_full_year, executed, execution_rate, weight, score, raw, line
    from funds
)

select * from final
