-- A target, actual or name as printed, for quoting in an explanation: ≥/≤ for >=/<=, one space for any
-- run of blanks or line breaks; null when nothing is printed (no empty quotes).
-- materialized: macro (a scalar function the explanations use)
create or replace macro fmt_text(t) as
    nullif(trim(regexp_replace(replace(replace(t, '>=', '≥'), '<=', '≤'), '\s+', ' ', 'g')), '')
