-- Each city and county per year against its provincial peers: value, peer median, band and robust z.
-- materialized: view
create or replace view peer_bands as

with peers as (select * from int_peer_stats),

final as (
    select
        level, province, city, county, region_name, year, metric,
        n_reports, value, n_peers, peer_median, peer_mad, q1, q3,
        band_low, band_high, z, status, status_reason, is_outlier
    from peers
)

select * from final
