-- D2 (疑似): scores bunched just above 90: the share in [bunch_low, bunch_low + bunch_width) far above provincial peers.
create or replace view rule_d2_bunched_above_90 as

with outliers as (select * from int_peer_stats_by_report where rule_id = 'D2'),
rule as (select * from int_anomaly_rules where rule_id = 'D2'),

final as (
    select o.report_id, rule.rule_id, rule.severity, rule.title, o.detail as explanation,
           json_object('peers', o.items) as evidence, null::integer as source_line, null::varchar as source_loc
    from outliers as o cross join rule
)

select * from final
