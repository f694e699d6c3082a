-- Values read by OCR below the confidence threshold: shown as uncertain on the project page;
-- arithmetic rules treat them as not computable (int_rule_applicability).
-- materialized: view
create or replace view uncertain_values as

with settings as (select ocr_min_confidence from stg_settings),

chosen_fields as (
    select report_id, field_zh as item, value, raw, loc, confidence from int_field_locations
),

indicator_rows as (
    select report_id, '指标：' || coalesce(name, '（无名称）') as item,
           concat_ws(' / ', target, actual, cast(weight as varchar), cast(score as varchar)) as value,
           null as raw, loc, confidence
    from stg_indicators
),

final as (
    select
        u.report_id,          -- which report
        u.item,               -- field or indicator, in Chinese
        u.value, u.raw,       -- what was read
        u.loc,                -- where in the file (page, table, row, column)
        round(u.confidence, 2) as confidence
    from (select * from chosen_fields union all select * from indicator_rows) as u, settings as s
    where u.confidence < s.ocr_min_confidence
)

select * from final order by report_id, confidence
