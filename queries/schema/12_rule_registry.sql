-- The rule catalog as declared in the headers of queries/rules/*.sql, written by ingest.rule_registry.
create table if not exists rule_registry (
    rule_id        varchar primary key,
    severity       varchar,
    title          varchar,
    definition     varchar,
    basis          varchar,
    settings_used  varchar,     -- comma-separated setting names (the thresholds the rule reads)
    needs          varchar[],   -- inputs named in int_report_needs
    request        varchar,     -- what the unit is asked to do
    view_name      varchar
);
