-- One row per report (a file may hold several); a re-filing keeps the old row with is_current = false.
create table if not exists reports (
    report_id               varchar primary key,   -- first 16 hex digits of the source sha256, then -2, -3 … for later parts
    sha256                  varchar not null,
    is_current              boolean not null default true,
    superseded_by           varchar,
    kind                    varchar,               -- project | department
    project_name            varchar,
    implementing_unit       varchar,
    supervising_department  varchar,
    province                varchar,
    city                    varchar,
    county                  varchar,
    adcode                  varchar,
    year                    integer,
    money_unit              varchar,               -- 万元 | 元 as printed; amounts below are 万元
    budget_initial          double,
    budget_full_year        double,
    executed                double,
    execution_rate          double,                -- percent as stated, e.g. 99.65
    exec_weight             double,                -- 分值 of the budget-execution line
    exec_score              double,                -- 得分 of the budget-execution line
    self_score              double,
    grade                   varchar,               -- 优 | 良 | 中 | 差
    weight_total            double,                -- 总分/合计 weight column when printed
    filed_date              date,
    project_end_date        date,
    claims_completion       boolean,               -- goals or narrative say the work is done
    goal_target             varchar,
    goal_actual             varchar,
    n_indicators            integer,
    n_warnings              integer,
    loaded_at               timestamp not null,
    -- added with multi-report files (older databases get them appended by db.add_missing_columns)
    part                    integer default 0,     -- 0-based index of the report within its file
    completeness            json,                  -- sections present, indicator table complete, what is missing
    form                    varchar                -- form family read (national, split_target, sichuan, …; see ingest/forms)
);
