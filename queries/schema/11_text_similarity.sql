-- Near-duplicate narratives found by MinHash (ingest.marts.refresh_text_similarity).
create table if not exists text_similarity (
    report_id        varchar not null,
    other_report_id  varchar not null,
    kind             varchar not null,   -- cross | previous_year
    similarity       double not null     -- estimated Jaccard of character shingles
);
