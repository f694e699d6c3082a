-- Each flagged region of int_peer_stats (city or county, province, year) matched to each of its reports.
-- materialized: view
create or replace view int_peer_stats_at_reports as

with peers as (select * from int_peer_stats where is_outlier),
reports as (select * from int_metrics_per_report),

final as (
    select r.report_id, p.*
    from reports as r
    join peers as p on p.province = r.province and p.year = r.year
     and ((p.level = 'city' and p.city = r.city) or (p.level = 'county' and p.county = r.county))
)

select * from final
