-- The rule catalog as declared in the headers of queries/rules/*.sql, written by ingest.rule_registry.
create table if not exists rule_registry (
    rule_id        varchar primary key,
    position       integer,     -- catalog order: A1 … A11, B1 … (not text order, which puts A10 before A2)
    severity       varchar,
    title          varchar,
    definition     varchar,
    basis          varchar,
    settings_used  varchar,     -- comma-separated setting names (the thresholds the rule reads)
    needs          varchar[],   -- inputs named in int_report_needs
    request        varchar,     -- what the unit is asked to do
    view_name      varchar
);
