-- Each city and county against the rest of its province and year (D1–D3), read from the funnel computed in
-- Python at refresh time (ingest.funnel: binomial/σ√n limits with an exact check, φ and τ² from winsorised z,
-- BH, EB slopes).
-- materialized: view
create or replace view int_peer_stats as

with funnel as (
    select * from peer_funnel
),

named as (
    select
        *,
        case when measure in ('bunch_ratio', 'bunch_share') then 'D2' when measure = 'self_rate_slope' then 'D3' else 'D1' end
            as rule_id,
        case measure when 'mean_self' then '平均自评分（按全省平均执行率调整）' when 'share_100' then '总分100分的报告占比'
                     when 'all_full_share' then '指标全满分的报告占比'
                     when 'mean_inflation' then '平均虚高分（至少一半分值可核验的报告）'
                     when 'flagged_share' then '有确定/疑似/提示线索（A、B、C类）的报告占比'
                     when 'bunch_ratio' then '总分在[88,92)的报告中落在[90,92)的占比'
                     when 'bunch_share' then '总分在[60,100)的报告中落在[90,92)的占比'
                     when 'self_rate_slope' then '自评分随执行率的斜率（分/百分点）' end as measure_zh,
        -- shares read as percentages, means in points, slopes in points per percentage point
        case when measure in ('mean_self', 'mean_inflation') then '分'
             when measure = 'self_rate_slope' then '分/百分点' else '%' end as unit,
        case when measure in ('mean_self', 'mean_inflation', 'self_rate_slope') then 1 else 100 end as scale
    from funnel
),

final as (
    select
        level, province, year, city, county, region_name, rule_id, measure, measure as metric, measure_zh, unit, scale,
        numerator, denominator, denominator as n_reports, value, raw_value, target, n_peer_units, sd, z,
        lo95, hi95, lo998, hi998, phi, tau2, overdispersed, adj_lo95, adj_hi95, adj_lo998, adj_hi998, z_adj,
        p_value, q_value, interval_low, interval_high, verdict, status, status_reason,
        coalesce(is_flag, false) as is_outlier
    from named
)

select * from final
