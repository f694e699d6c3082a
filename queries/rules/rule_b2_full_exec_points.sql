-- B2 (疑似): full budget-execution points with execution below 100%.
-- rule: B2
-- severity: 疑似
-- title: 执行率不足却得满分
-- definition: 执行率 < 100% 而预算执行得满分
-- basis: 财预〔2020〕10号 附件1
-- settings: exec_denominator
-- needs: exec_score, execution_rate
-- materialized: view
create or replace view rule_b2_full_exec_points as

with reports as (select * from int_metrics_per_report),
settings as (select * from stg_settings),
rule as (select * from int_anomaly_rules where rule_id = 'B2'),
where_read as (select * from int_field_locations where field = 'exec_score'),

broken as (
    select r.* from reports as r, settings as s
    where r.exec_score >= r.exec_weight_used - s.score_tolerance and r.rate_for_points < 100 - s.rate_tolerance
),

final as (
    select
        b.report_id, rule.rule_id, rule.severity, rule.title,
        fmt_exec_rate(b.executed, fmt_budget(s.exec_denominator, b.budget_initial, b.budget_full_year),
                      b.exec_budget, b.computed_rate, b.stated_rate)
            || '，未达到100%，预算执行却填报满分' || fmt_num(b.exec_score) || '分'
            || coalesce('（' || nullif(concat_ws('；',
                   '按' || case when s.exec_rule = 'bands' then '执行率分档计分应得'
                               else '执行率×分值应得' || fmt_num(b.rate_for_points) || '%×'
                                    || fmt_num(b.exec_weight_used) || '分＝' end || fmt_num(b.exec_rule_points) || '分',
                   case when b.exec_weight is null
                        then '表中未列预算执行分值，按' || fmt_num(b.exec_weight_used) || '分计' end), '') || '）', '')
               as explanation,
        json_object('rate', b.rate_for_points, 'exec_weight', b.exec_weight_used, 'exec_score', b.exec_score) as evidence,
        w.line as source_line, w.loc as source_loc
    from broken as b
    cross join rule
    cross join settings as s
    left join where_read as w using (report_id)
)

select * from final
