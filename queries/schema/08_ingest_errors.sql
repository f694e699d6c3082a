-- Files that could not be loaded, with the reason in Chinese and English.
create table if not exists ingest_errors (
    sha256     varchar,
    path       varchar not null,
    format     varchar,
    code       varchar,
    reason_zh  varchar,
    reason_en  varchar,
    failed_at  timestamp not null
);
