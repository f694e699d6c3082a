-- Each city and county against the other cities/counties of its province and year (D1–D3).
-- materialized: table (rebuilt by ingest.marts.refresh_marts after each load)
create or replace table int_peer_stats as

with settings as (
    select * from stg_settings
),

reports as (
    select m.*, s.bunch_low, s.bunch_width
    from int_metrics_per_report as m, settings as s
    where m.province is not null and m.year is not null
),

by_level as (
    select 'city' as level, province, year, city, null::varchar as county, city as region_name, *
        exclude (province, year, city, county)
    from reports where city is not null
    union all
    select 'county' as level, province, year, city, county, county as region_name, *
        exclude (province, year, city, county)
    from reports where county is not null
),

units as (
    select
        level, province, year, city, county, region_name,
        count(*) as n_reports,
        avg(self_score) as mean_self,
        avg(case when all_full_marks then 1.0 else 0.0 end) as all_full_share,
        avg(inflation) as mean_inflation,
        avg(case when self_score >= bunch_low and self_score < bunch_low + bunch_width then 1.0 else 0.0 end)
            as bunch_share,
        -- scores that never move are uncorrelated (corr itself is NaN when one side is constant)
        case when stddev_pop(rate_for_points) = 0 then null when stddev_pop(self_score) = 0 then 0.0
             else corr(self_score, rate_for_points) end as self_rate_corr,
        stddev_pop(rate_for_points) as rate_sd,
        stddev_pop(self_score) as self_sd
    from by_level
    group by all
),

metrics as (
    unpivot units
    on mean_self, all_full_share, mean_inflation, bunch_share
    into name metric value value
),

pairs as (
    select u.*, p.value as peer_value
    from metrics as u
    join metrics as p
      on p.level = u.level and p.province = u.province and p.year = u.year and p.metric = u.metric
     and p.region_name is distinct from u.region_name
    cross join settings as s
    where p.n_reports >= s.peer_min_reports
),

medians as (
    select level, province, year, region_name, metric,
           count(*) as n_peers, median(peer_value) as peer_median,
           quantile_cont(peer_value, 0.25) as q1, quantile_cont(peer_value, 0.75) as q3
    from pairs group by all
),

spreads as (
    select m.level, m.province, m.year, m.region_name, m.metric,
           median(abs(p.peer_value - m.peer_median)) as peer_mad
    from medians as m
    join pairs as p using (level, province, year, region_name, metric)
    group by all
),

compared as (
    select
        u.level, u.province, u.year, u.city, u.county, u.region_name, u.metric, u.n_reports, u.value,
        coalesce(m.n_peers, 0) as n_peers, m.peer_median, sp.peer_mad, m.q1, m.q3,
        case when s.peer_method = 'tukey' then m.q1 - s.tukey_k * (m.q3 - m.q1)
             else m.peer_median - s.peer_z * 1.4826 * sp.peer_mad end as band_low,
        case when s.peer_method = 'tukey' then m.q3 + s.tukey_k * (m.q3 - m.q1)
             else m.peer_median + s.peer_z * 1.4826 * sp.peer_mad end as band_high,
        (u.value - m.peer_median) / nullif(1.4826 * sp.peer_mad, 0) as z,
        case when u.n_reports < s.peer_min_reports then 'too_few_reports'
             when coalesce(m.n_peers, 0) < s.peer_min_units then 'too_few_peers'
             when (s.peer_method = 'tukey' and m.q3 = m.q1) or (s.peer_method <> 'tukey' and sp.peer_mad = 0)
                 then 'zero_spread'
             when u.value is null then 'missing_value'
             else 'ok' end as status,
        s.peer_min_reports, s.peer_min_units
    from metrics as u
    cross join settings as s
    left join medians as m using (level, province, year, region_name, metric)
    left join spreads as sp using (level, province, year, region_name, metric)
),

correlations as (
    select
        u.level, u.province, u.year, u.city, u.county, u.region_name, 'self_rate_corr' as metric, u.n_reports,
        coalesce(u.self_rate_corr, 0) as value, null::bigint as n_peers, null::double as peer_median,
        null::double as peer_mad, null::double as q1, null::double as q3,
        s.d3_max_corr as band_low, null::double as band_high, null::double as z,
        case when u.n_reports < s.peer_min_reports then 'too_few_reports'
             when u.rate_sd < s.d3_min_rate_spread then 'zero_spread'
             else 'ok' end as status,
        s.peer_min_reports, s.peer_min_units
    from units as u, settings as s
),

final as (
    select
        level, province, year, city, county, region_name, metric, n_reports, value,
        n_peers, peer_median, peer_mad, q1, q3, band_low, band_high, z, status,
        case status
            when 'too_few_reports' then '本地区报告仅' || n_reports || '份，少于最低' || peer_min_reports::int || '份'
            when 'too_few_peers' then '同省同年可比地区仅' || n_peers || '个，少于最低' || peer_min_units::int || '个'
            when 'zero_spread' then case when metric = 'self_rate_corr' then '执行率几乎没有差异，无法判断得分是否随之变化'
                 else '同省同年其他地区该指标全部相同（均为' || round(peer_median, 2) || '），离散度为零，无法计算z值' end
            when 'missing_value' then '本地区缺少计算该指标所需的数值'
        end as status_reason,
        status = 'ok' and case when metric = 'self_rate_corr' then value < band_low else value > band_high end
            as is_outlier
    from (select * from compared union all by name select * from correlations)
)

select * from final
