-- A number as printed in explanations: two decimals at most, no trailing zeros (99.65, 10, 9.97).
-- materialized: macro (a scalar function the explanations use)
create or replace macro fmt_num(x) as
    coalesce(regexp_replace(regexp_replace(printf('%.2f', x), '0+$', ''), '\.$', ''), '（空）')
