-- Lowest-level indicators (三级指标), one row each, with parsed target and actual.
create table if not exists indicators (
    report_id         varchar not null,
    seq               integer not null,
    level1            varchar,
    level2            varchar,
    name              varchar,
    target            varchar,
    actual            varchar,
    weight            double,
    score             double,
    deviation_reason  varchar,
    target_cmp        varchar,   -- >= <= = > < or null
    target_num        double,
    target_unit       varchar,
    actual_cmp        varchar,
    actual_num        double,
    actual_unit       varchar,
    name_repaired     boolean not null default false,   -- placeholder 指标1： replaced by the next cell
    is_placeholder    boolean not null default false,   -- name still a placeholder or blank
    line              integer,
    loc               varchar,
    confidence        double default 1.0,   -- OCR confidence of its row (1 for text read from the file)
    primary key (report_id, seq)
);
