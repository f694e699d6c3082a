-- Indicators with trimmed text and normalized units.
-- materialized: view
create or replace view stg_indicators as

with final as (
    select
        report_id, seq, level1, level2,
        trim(name) as name,
        trim(target) as target,
        trim(actual) as actual,
        weight, score,
        nullif(trim(deviation_reason), '') as deviation_reason,
        target_cmp, target_num, nullif(trim(target_unit), '') as target_unit,
        actual_cmp, actual_num, nullif(trim(actual_unit), '') as actual_unit,
        name_repaired, is_placeholder, line, loc, confidence
    from indicators
)

select * from final
