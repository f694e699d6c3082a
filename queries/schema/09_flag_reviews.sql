-- A supervisor's decision on a flag: confirmed or false positive, with a note, signed by the signed-in account.
-- Only ever appended to: a changed verdict is a new row, so the earlier ones stay as the flag's history
-- (flag_review_history); the latest row is the flag's status (review_queue).
create table if not exists flag_reviews (
    report_id   varchar not null,
    rule_id     varchar not null,
    decision    varchar not null,   -- confirmed | false_positive
    note        varchar,
    reviewer    varchar not null,   -- the account's name (dashboard.users keeps names unique)
    reviewed_at timestamp not null
);
