-- B15 (疑似): indicator points outrun the money: Σ indicator score ÷ Σ indicator weight exceeds the
-- execution rate by more than 5% of itself (the budget system's own 自评预警 red rule).
-- rule: B15
-- severity: 疑似
-- title: 指标得分率高于执行率
-- definition: 指标得分合计÷指标分值合计 > 执行率×(1+5%)
-- basis: 预算管理一体化系统绩效自评预警规则
-- settings: points_over_rate_margin
-- needs: execution_rate, indicator_weights_and_scores
-- materialized: view
create or replace view rule_b15_points_outrun_money as

with settings as (select * from stg_settings),
rule as (select * from int_anomaly_rules where rule_id = 'B15'),

points as (
    select report_id, sum(score) as scores, sum(weight) as weights, min(line) as line, min(loc) as loc
    from int_indicators_scored
    where score is not null and weight > 0
    group by report_id
),

outrun as (
    select r.report_id, r.rate_for_points as rate, p.scores, p.weights, p.line, p.loc,
           round(p.scores / p.weights * 100, 2) as score_share,
           round(r.rate_for_points * (1 + s.points_over_rate_margin / 100), 2) as ceiling, s.points_over_rate_margin
    from int_metrics_per_report as r
    join points as p using (report_id)
    cross join settings as s
    where r.rate_for_points < 100
      and p.scores / p.weights * 100 > r.rate_for_points * (1 + s.points_over_rate_margin / 100)
),

final as (
    select o.report_id, rule.rule_id, rule.severity, rule.title,
           '指标得分' || fmt_num(o.scores) || '分÷指标分值' || fmt_num(o.weights) || '分＝' || fmt_num(o.score_share)
               || '%，高于执行率' || fmt_num(o.rate) || '%×(1+' || fmt_num(o.points_over_rate_margin) || '%)＝'
               || fmt_num(o.ceiling) || '%：资金只用了' || fmt_num(o.rate) || '%，指标却几乎全部完成' as explanation,
           json_object('indicator_scores', o.scores, 'indicator_weights', o.weights, 'score_share', o.score_share,
                       'execution_rate', o.rate) as evidence,
           o.line as source_line, o.loc as source_loc
    from outrun as o cross join rule
)

select * from final
