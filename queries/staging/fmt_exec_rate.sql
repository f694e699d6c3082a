-- The execution rate with its arithmetic: 全年执行数109.62万元÷全年预算数110万元＝99.65% where both amounts
-- are read, else the rate as filled in (填报执行率86.2%); null when there is no rate at all.
-- materialized: macro (a scalar function the explanations use)
create or replace macro fmt_exec_rate(executed, budget_name, budget, computed_rate, stated_rate) as
    case when computed_rate is not null and executed is not null and budget > 0
         then '全年执行数' || fmt_num(executed) || '万元÷' || budget_name || fmt_num(budget) || '万元＝'
              || fmt_num(computed_rate) || '%'
         when stated_rate is not null then '填报执行率' || fmt_num(stated_rate) || '%' end
