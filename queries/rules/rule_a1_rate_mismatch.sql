-- A1 (确定): the stated execution rate differs from executed ÷ budget.
-- rule: A1
-- severity: 确定
-- title: 执行率与执行数不符
-- definition: 填报执行率 ≠ 全年执行数 ÷ 预算数
-- basis: 财预〔2020〕10号 附件1
-- settings: rate_tolerance, exec_denominator
-- needs: certain_money, stated_rate, budget_and_executed
-- materialized: view
create or replace view rule_a1_rate_mismatch as

with reports as (select * from int_metrics_per_report),
settings as (select * from stg_settings),
rule as (select * from int_anomaly_rules where rule_id = 'A1'),
where_read as (select * from int_field_locations where field = 'execution_rate'),

broken as (
    -- beyond the precision the form prints: an integer percent allows ±0.5, 99.65% allows ±0.005
    select r.*
    from reports as r
    cross join settings as s
    left join where_read as w on w.report_id = r.report_id
    where abs(r.stated_rate - r.computed_rate)
          > greatest(s.rate_tolerance, 0.5 * pow(10, -coalesce(w.printed_decimals, 2)))
),

final as (
    select
        b.report_id, rule.rule_id, rule.severity, rule.title,
        '填报执行率' || fmt_num(b.stated_rate) || '%，但'
            || fmt_exec_rate(b.executed, fmt_budget(s.exec_denominator, b.budget_initial, b.budget_full_year),
                             b.exec_budget, b.computed_rate, null)
            || '，相差' || fmt_num(abs(b.stated_rate - b.computed_rate)) || '个百分点' as explanation,
        json_object('stated_rate', b.stated_rate, 'executed', b.executed, 'budget', b.exec_budget,
                    'computed_rate', b.computed_rate) as evidence,
        w.line as source_line, w.loc as source_loc
    from broken as b
    cross join rule
    cross join settings as s
    left join where_read as w using (report_id)
)

select * from final
