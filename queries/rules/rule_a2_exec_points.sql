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
settings as (select * from stg_settings),
rule as (select * from int_anomaly_rules where rule_id = 'A2'),
where_read as (select * from int_field_locations where field = 'exec_score'),

broken as (
    select * from reports
    where abs(exec_score - exec_rule_points) > score_tolerance
),

-- the band the rate falls in, for the arithmetic of a banded rule
banded as (
    select b.*, e.min_rate as band_rate, e.share as band_share
    from broken as b
    asof left join stg_exec_bands as e on b.rate_for_points >= e.min_rate
),

final as (
    select
        b.report_id, rule.rule_id, rule.severity, rule.title,
        fmt_exec_rate(b.executed, fmt_budget(s.exec_denominator, b.budget_initial, b.budget_full_year),
                      b.exec_budget, b.computed_rate, b.stated_rate)
            || case when s.exec_rule = 'bands' and b.band_share is not null
                    then '，按执行率分档计分（执行率≥' || fmt_num(b.band_rate) || '%得分值的' || fmt_num(100 * b.band_share)
                         || '%）应得' || fmt_num(b.exec_weight_used) || '分×' || fmt_num(100 * b.band_share) || '%＝'
                    else '，按执行率×分值应得' || fmt_num(least(b.rate_for_points, 100)) || '%×'
                         || fmt_num(b.exec_weight_used) || '分＝' end
            || fmt_num(b.exec_rule_points) || '分，填报' || fmt_num(b.exec_score) || '分'
            || case when b.rate_for_points > 100 then '（执行率超过100%的按100%计）' else '' end
            || case when b.exec_weight is null
                    then '（表中未列预算执行分值，按' || fmt_num(b.exec_weight_used) || '分计）' else '' end as explanation,
        json_object('rate', b.rate_for_points, 'stated_rate', b.stated_rate, 'exec_weight', b.exec_weight_used,
                    'exec_score', b.exec_score, 'rule_points', b.exec_rule_points) as evidence,
        w.line as source_line, w.loc as source_loc
    from banded as b
    cross join rule
    cross join settings as s
    left join where_read as w using (report_id)
)

select * from final
