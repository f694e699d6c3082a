-- One row per file ever seen by the loader, keyed by its content hash.
create table if not exists sources (
    sha256        varchar primary key,
    path          varchar not null,
    file_name     varchar not null,
    format        varchar,              -- docx, xlsx, xls, pdf, html, txt, doc
    size_bytes    bigint,
    loaded_at     timestamp not null,
    status        varchar not null,     -- loaded | superseded
    is_synthetic  boolean not null default false,
    layout        varchar,              -- text family the parser recognised
    source_text   varchar               -- the document rendered as text lines, for drill-down
);
