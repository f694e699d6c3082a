-- The loader's own state: whether a batch is running, so one killed before its refresh is finished later.
create table if not exists ingest_state (
    name        varchar primary key,
    value       varchar,
    updated_at  timestamp
);
