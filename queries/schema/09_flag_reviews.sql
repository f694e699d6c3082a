-- A supervisor's decision on a flag: confirmed or false positive, with a note.
create table if not exists flag_reviews (
    report_id   varchar not null,
    rule_id     varchar not null,
    decision    varchar not null,   -- confirmed | false_positive
    note        varchar,
    reviewer    varchar not null,
    reviewed_at timestamp not null
);
