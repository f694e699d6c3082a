-- Every current report × rule: pass, fail, or not computable with the reason.
-- materialized: table (rebuilt by ingest.marts.refresh_marts after each load)
create or replace table rule_status as

with applicability as (select * from int_rule_applicability),
rules as (select * from int_anomaly_rules),
fired as (select report_id, rule_id from flags),
reports as (select report_id, province, city, county, year, is_synthetic from int_metrics_per_report),

final as (
    select
        a.report_id, a.rule_id, k.severity,
        case when f.report_id is not null then 'fail'
             when not a.is_computable then 'not_computable'
             else 'pass' end as status,
        case when f.report_id is null then a.not_computable_reason end as reason,
        r.province, r.city, r.county, r.year, r.is_synthetic
    from applicability as a
    join rules as k using (rule_id)
    join reports as r using (report_id)
    left join fired as f using (report_id, rule_id)
)

select * from final order by province, year, report_id, rule_id
