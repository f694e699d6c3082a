-- D3 (疑似): within a city or county, self scores do not move with the execution rate.
-- rule: D3
-- severity: 疑似
-- title: 自评分不随执行率变化
-- definition: 市/县内自评分与执行率几乎不相关
-- basis: 同省同年横向比较
-- settings: d3_max_corr, d3_min_rate_spread, peer_min_reports
-- needs: place_and_year, peers_d3
-- materialized: view
create or replace view rule_d3_score_ignores_rate as

with matched as (select * from int_peer_stats_at_reports where metric = 'self_rate_corr'),
rule as (select * from int_anomaly_rules where rule_id = 'D3'),

broken as (
    select report_id,
           string_agg(region_name || year || '年（' || n_reports || '份报告）自评分与执行率的相关系数仅' || fmt_num(value)
                      || '（低于' || fmt_num(band_low) || '），得分不随执行率变化', '；' order by level) as detail,
           json_group_array(json_object('level', level, 'region', region_name, 'corr', value,
                                        'threshold', band_low, 'n_reports', n_reports)) as items
    from matched group by report_id
),

final as (
    select b.report_id, rule.rule_id, rule.severity, rule.title, b.detail as explanation,
           json_object('units', b.items) as evidence, null::integer as source_line, null::varchar as source_loc
    from broken as b cross join rule
)

select * from final
