-- Narrative sections: problems, measures, experience, conclusion, goals, and the full text.
create table if not exists narratives (
    report_id  varchar not null,
    section    varchar not null,   -- problems | measures | experience | conclusion | goal_target | goal_actual | body
    text       varchar,
    line       integer,
    primary key (report_id, section)
);
