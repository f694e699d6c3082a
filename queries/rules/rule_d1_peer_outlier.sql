-- D1 (疑似): the city's or county's mean self score, full-mark share or inflation far above its provincial peers.
-- rule: D1
-- severity: 疑似
-- title: 自评分明显高于同省
-- definition: 市/县的平均自评分（按全省平均执行率调整）、100分占比、全满分占比、平均虚高或线索报告占比超出漏斗图99.8%控制上限（按规模、含地区间差异；小样本经精确检验确认；经错误发现率校正）
-- basis: 同省同年横向比较（漏斗图法，Spiegelhalter 2005）
-- settings: funnel_fdr, peer_min_reports, peer_min_units
-- needs: place_and_year, peers_d1
-- materialized: view
create or replace view rule_d1_peer_outlier as

with outliers as (select * from int_peer_stats_by_report where rule_id = 'D1'),
rule as (select * from int_anomaly_rules where rule_id = 'D1'),

final as (
    select o.report_id, rule.rule_id, rule.severity, rule.title, o.detail as explanation,
           json_object('peers', o.items) as evidence, null::integer as source_line, null::varchar as source_loc
    from outliers as o cross join rule
)

select * from final
