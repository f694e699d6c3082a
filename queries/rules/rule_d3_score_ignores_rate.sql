-- D3 (疑似): within a city or county, self scores do not move with the execution rate (shrunken slope credibly near zero).
-- rule: D3
-- severity: 疑似
-- title: 自评分不随执行率变化
-- definition: 市/县自评分随执行率的斜率（向全省收缩的经验贝叶斯估计）95%区间落在±d3_max_slope以内，且执行率本身有变化
-- basis: 同省同年横向比较（漏斗图法，Spiegelhalter 2005）
-- settings: d3_max_slope, d3_min_rate_spread, peer_min_reports, peer_min_units
-- needs: place_and_year, peers_d3
-- materialized: view
create or replace view rule_d3_score_ignores_rate as

with outliers as (select * from int_peer_stats_by_report where rule_id = 'D3'),
rule as (select * from int_anomaly_rules where rule_id = 'D3'),

final as (
    select o.report_id, rule.rule_id, rule.severity, rule.title, o.detail as explanation,
           json_object('units', o.items) as evidence, null::integer as source_line, null::varchar as source_loc
    from outliers as o cross join rule
)

select * from final
