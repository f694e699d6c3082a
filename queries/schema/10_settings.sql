-- Rule thresholds and formulas in force, written by ingest.rule_settings.write_settings.
create table if not exists settings (
    name   varchar primary key,
    value  varchar,
    help   varchar
);
