-- The budget an execution rate divides by, named as the form names it (全年预算数 / 年初预算数): the
-- denominator setting's choice, or the other when that one is missing (as int_metrics_per_report does).
-- materialized: macro (a scalar function the explanations use)
create or replace macro fmt_budget(denominator, budget_initial, budget_full_year) as
    case when denominator = 'initial' and budget_initial is not null then '年初预算数'
         when denominator = 'initial' then '全年预算数'
         when budget_full_year is not null or budget_initial is null then '全年预算数'
         else '年初预算数' end
