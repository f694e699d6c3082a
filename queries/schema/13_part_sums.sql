-- Totals the narrative breaks into parts (`共计239万元，其中上级资金179.25万元，本级59.75万元`), read by
-- ingest.part_sums; rule A11 checks that the parts add up.
create table if not exists part_sums (
    report_id  varchar not null,
    seq        integer not null,
    line       integer,
    total      double,      -- the amount before 其中, in the unit printed
    unit       varchar,
    parts_sum  double,
    parts      json,        -- [[label, amount], …]
    text       varchar,     -- the sentence as printed
    primary key (report_id, seq)
);
