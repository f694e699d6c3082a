-- Fund rows of the 项目资金 block (年度资金总额, 其中：当年财政拨款, 上年结转资金, 其他资金 …).
create table if not exists funds (
    report_id         varchar not null,
    row_no            integer not null,
    row_label         varchar,
    budget_initial    double,
    budget_full_year  double,
    executed          double,
    execution_rate    double,
    weight            double,
    score             double,
    raw               varchar,
    line              integer,
    primary key (report_id, row_no)
);
