-- What the parser could not read or had to repair, per report.
create table if not exists warnings (
    report_id  varchar not null,
    message    varchar not null
);
