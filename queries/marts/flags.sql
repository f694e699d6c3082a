-- Every rule that fired: one row per report and rule, with the Chinese explanation, evidence and source location.
-- depends: rules
-- materialized: table (rebuilt by ingest.marts.refresh_marts after each load)
create or replace table flags as

-- every rule view of the registry (queries/rules/*.sql), listed by ingest.rule_registry.write_registry
with fired as (
    select * from query_table(getvariable('rule_views'), true)
),

rules as (
    select rule_id, basis, request from int_anomaly_rules
),

reports as (
    select report_id, province, city, county, year, is_synthetic from int_metrics_per_report
),

-- a rule that lacks an input it declares (a value read by OCR below the confidence threshold, a
-- whole indicator table the document shows only in part …) does not flag: it is not computable
not_computable as (
    select report_id, rule_id from int_rule_applicability where not is_computable
),

final as (
    select
        -- what fired
        f.report_id, f.rule_id, f.severity, f.title, f.explanation, k.basis, k.request, f.evidence::json as evidence,
        -- where to look
        f.source_line, f.source_loc,
        -- filters
        r.province, r.city, r.county, r.year, r.is_synthetic
    from fired as f
    join reports as r using (report_id)
    join rules as k using (rule_id)
    anti join not_computable as u using (report_id, rule_id)
)

select * from final order by province, year, report_id, rule_id
