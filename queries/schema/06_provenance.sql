-- Where each value came from; a field may appear more than once (table and narrative).
create table if not exists provenance (
    report_id  varchar not null,
    field      varchar not null,
    origin     varchar not null,   -- grid | table | narrative | derived
    value      varchar,            -- normalised value as text
    raw        varchar,            -- the text as printed
    line       integer,            -- line in sources.source_text
    loc        varchar,            -- location in the original file (表2 第3行, 第1页 …)
    confidence double default 1.0   -- below 1 where the value was inferred (aligned, repaired, OCR)
);
