-- Pass / fail / not-computable counts of rule_status per province, year and data kind, with each reason's
-- count: rule_summary adds them up, and an import recounts only its own province-year.
-- materialized: table (rebuilt by ingest.marts.refresh_marts after each load)
create or replace table int_rule_status_counts as

with statuses as (select * from rule_status),

final as (
    select
        -- grain: one province and year (either may be null), real or synthetic, one rule, status and reason
        province, year, is_synthetic, rule_id, status, reason,
        count(*) as n_reports
    from statuses
    group by all
)

select * from final order by province, year, rule_id
