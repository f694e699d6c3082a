-- D2 (疑似): scores bunched just above 90: the share in [bunch_low, bunch_low + bunch_width) far above provincial peers.
-- rule: D2
-- severity: 疑似
-- title: 自评分扎堆在90分之上
-- definition: 市/县总分落在[90,92)的占比（占[88,92)的报告，或占[60,100)的报告）超出漏斗图99.8%控制上限（目标为全省总分的平滑分布，拟合时不含[88,92)；小样本经精确二项检验确认，经错误发现率校正）；并列出全省[90,92)实有份数与平滑分布预期
-- basis: 同省同年横向比较（漏斗图法，Spiegelhalter 2005）
-- settings: bunch_low, bunch_width, funnel_fdr, peer_min_reports, peer_min_units
-- needs: place_and_year, peers_d2
-- materialized: view
create or replace view rule_d2_bunched_above_90 as

with outliers as (select * from int_peer_stats_by_report where rule_id = 'D2'),
rule as (select * from int_anomaly_rules where rule_id = 'D2'),

final as (
    select o.report_id, rule.rule_id, rule.severity, rule.title, o.detail as explanation,
           json_object('peers', o.items) as evidence, null::integer as source_line, null::varchar as source_loc
    from outliers as o cross join rule
)

select * from final
