-- The anomaly catalog of DOMAIN.md §3: one row per rule, read from the headers of queries/rules/*.sql.
-- materialized: view
create or replace view int_anomaly_rules as

with registry as (select * from rule_registry),

final as (
    select rule_id, position, severity, title, definition, basis, settings_used, needs, request, view_name
    from registry
)

select * from final
