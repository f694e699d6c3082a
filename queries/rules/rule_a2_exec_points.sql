-- A2 (确定): the budget-execution score differs from the configured rule's score for the real rate.
-- rule: A2
-- severity: 确定
-- title: 预算执行得分与规则不符
-- definition: 预算执行得分 ≠ 按规则由执行率计算的得分
-- basis: 财预〔2020〕10号 附件1
-- settings: exec_rule, exec_denominator, exec_bands, score_tolerance
-- needs: certain_money, certain_scores, exec_score, execution_rate
-- materialized: view
create or replace view rule_a2_exec_points as

with reports as (select * from int_metrics_per_report),
rule as (select * from int_anomaly_rules where rule_id = 'A2'),
where_read as (select * from int_field_locations where field = 'exec_score'),

broken as (
    select * from reports
    where abs(exec_score - exec_rule_points) > score_tolerance
),

final as (
    select
        b.report_id, rule.rule_id, rule.severity, rule.title,
        '执行率' || fmt_num(b.rate_for_points) || '%，但预算执行得分为'
            || case when b.exec_score >= b.exec_weight_used then '满分' else '' end
            || fmt_num(b.exec_score) || '分，按规则应为' || fmt_num(b.exec_rule_points) || '分' as explanation,
        json_object('rate', b.rate_for_points, 'stated_rate', b.stated_rate, 'exec_weight', b.exec_weight_used,
                    'exec_score', b.exec_score, 'rule_points', b.exec_rule_points) as evidence,
        w.line as source_line, w.loc as source_loc
    from broken as b
    cross join rule
    left join where_read as w using (report_id)
)

select * from final
