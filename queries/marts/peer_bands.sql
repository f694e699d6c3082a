-- Each city and county per year against its province: value, target, funnel limits and verdict (all measures).
-- materialized: view
create or replace view peer_bands as

with peers as (select * from int_peer_stats),

final as (
    select
        level, province, city, county, region_name, year, rule_id, metric, n_reports, value, target,
        n_peer_units, adj_lo998 as band_low, adj_hi998 as band_high, z_adj as z, q_value, verdict, status,
        status_reason, is_outlier
    from peers
)

select * from final
