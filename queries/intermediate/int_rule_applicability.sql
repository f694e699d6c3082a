-- For every current report and rule: can the rule be computed, and if not, why: the first of the
-- inputs the rule's header declares (`-- needs: …`) that the report cannot supply.
-- materialized: view
create or replace view int_rule_applicability as

with reports as (select report_id from int_metrics_per_report),
rules as (select rule_id, needs from int_anomaly_rules),
needs as (select * from int_report_needs where reason is not null),

declared as (
    select rule_id, unnest(needs) as need, generate_subscripts(needs, 1) as position from rules
),

unmet as (
    select n.report_id, d.rule_id,
           arg_min(n.reason, d.position) as reason,
           arg_min(n.is_certainty, d.position) as is_certainty,
           arg_min(n.is_completeness, d.position) as is_completeness
    from declared as d
    join needs as n using (need)
    group by all
),

final as (
    select r.report_id, k.rule_id, u.reason is null as is_computable, u.reason as not_computable_reason,
           coalesce(u.is_certainty, false) as is_uncertain, coalesce(u.is_completeness, false) as is_partial
    from reports as r
    cross join rules as k
    left join unmet as u using (report_id, rule_id)
)

select * from final
