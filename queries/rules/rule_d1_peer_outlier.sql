-- D1 (疑似): the city's or county's mean self score, full-mark share or inflation far above its provincial peers.
create or replace view rule_d1_peer_outlier as

with outliers as (select * from int_peer_stats_by_report where rule_id = 'D1'),
rule as (select * from int_anomaly_rules where rule_id = 'D1'),

final as (
    select o.report_id, rule.rule_id, rule.severity, rule.title, o.detail as explanation,
           json_object('peers', o.items) as evidence, null::integer as source_line, null::varchar as source_loc
    from outliers as o cross join rule
)

select * from final
