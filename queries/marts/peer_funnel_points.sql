-- Funnel plot data per province, year, level and measure: each unit's counts, value, target (its province
-- without it), limits at its size (plain and widened by τ² when overdispersed), verdict and reason.
-- materialized: view
create or replace view peer_funnel_points as

with peers as (select * from int_peer_stats),

final as (
    select
        province, year, level, city, county, region_name, rule_id, measure, measure_zh, unit, scale,
        numerator, denominator, value, raw_value, target, n_peer_units, sd, z, lo95, hi95, lo998, hi998,
        phi, tau2, overdispersed, adj_lo95, adj_hi95, adj_lo998, adj_hi998, z_adj, p_value, q_value,
        interval_low, interval_high, verdict,
        case verdict when 'above_998' then '高于99.8%控制限（线索）'
                     when 'above_998_fdr' then '高于99.8%控制限，但未通过多重比较校正（提示）'
                     when 'above_998_exact' then '高于99.8%控制限，但报告少、精确检验未确认（提示）'
                     when 'above_95' then '介于95%与99.8%控制限之间（提示）'
                     when 'within' then '在控制限内'
                     when 'below_95' then '低于95%控制限'
                     when 'below_998' then '低于99.8%控制限'
                     when 'near_zero' then '斜率可信地接近零（线索）'
                     when 'not_near_zero' then '斜率不接近零'
                     else '无法计算' end as verdict_zh,
        is_outlier as is_flag, status, status_reason
    from peers
)

select * from final
