-- A7 (确定): more executed than budgeted.
-- rule: A7
-- severity: 确定
-- title: 执行数超过预算
-- definition: 全年执行数 > 全年预算数
-- basis: 预算法
-- settings: 
-- needs: certain_money, budget_and_executed
-- materialized: view
create or replace view rule_a7_executed_over_budget as

with reports as (select * from int_metrics_per_report),
settings as (select * from stg_settings),
rule as (select * from int_anomaly_rules where rule_id = 'A7'),
where_read as (select * from int_field_locations where field = 'executed'),

broken as (
    select * from reports where executed > exec_budget + 1e-6
),

final as (
    select
        b.report_id, rule.rule_id, rule.severity, rule.title,
        '全年执行数' || fmt_num(b.executed) || '万元超过' || fmt_budget(s.exec_denominator, b.budget_initial, b.budget_full_year)
            || fmt_num(b.exec_budget) || '万元，超出' || fmt_num(b.executed - b.exec_budget) || '万元'
            || coalesce('（执行率' || fmt_num(b.computed_rate) || '%）', '') || '；执行数不应超过预算数' as explanation,
        json_object('executed', b.executed, 'budget', b.exec_budget) as evidence,
        w.line as source_line, w.loc as source_loc
    from broken as b
    cross join rule
    cross join settings as s
    left join where_read as w using (report_id)
)

select * from final
