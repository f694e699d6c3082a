-- A date as a supervisor writes it: 2020年2月24日; null when the date is missing.
-- materialized: macro (a scalar function the explanations use)
create or replace macro fmt_date(d) as
    case when d is not null then strftime(d::date, '%Y年%-m月%-d日') end
