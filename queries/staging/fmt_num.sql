-- A number as printed in explanations: two decimals at most, no trailing zeros (99.65, 10, 9.97).
-- A missing or non-finite number gives null, never a placeholder: an explanation guards its own gaps.
-- materialized: macro (a scalar function the explanations use)
create or replace macro fmt_num(x) as
    case when x is not null and isfinite(x::double)
         then regexp_replace(regexp_replace(printf('%.2f', round(x::double, 2) + 0.0), '0+$', ''), '\.$', '') end
