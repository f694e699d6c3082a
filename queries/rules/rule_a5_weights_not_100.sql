-- A5 (确定): the weights do not add up to the configured total (100).
-- rule: A5
-- severity: 确定
-- title: 分值合计不等于100
-- definition: 预算执行分值 + Σ 指标分值 ≠ 100
-- basis: 财预〔2020〕10号 第二十二条
-- settings: weight_total, score_tolerance
-- needs: certain_scores, complete_table, every_weight
-- materialized: view
create or replace view rule_a5_weights_not_100 as

with reports as (select * from int_metrics_per_report),
settings as (select * from stg_settings),
rule as (select * from int_anomaly_rules where rule_id = 'A5'),

broken as (
    select r.*, s.weight_total as expected_total
    from reports as r, settings as s
    where r.n_indicators > 0 and r.n_weighted = r.n_indicators
      and abs(r.exec_weight + r.sum_weights - s.weight_total) > s.score_tolerance
),

final as (
    select
        b.report_id, rule.rule_id, rule.severity, rule.title,
        '预算执行分值' || fmt_num(b.exec_weight) || '分＋' || b.n_weighted || '个指标分值合计' || fmt_num(b.sum_weights) || '分＝'
            || fmt_num(b.exec_weight + b.sum_weights) || '分，分值合计应为' || fmt_num(b.expected_total) || '分，相差'
            || fmt_num(abs(b.exec_weight + b.sum_weights - b.expected_total)) || '分' as explanation,
        json_object('exec_weight', b.exec_weight, 'sum_indicator_weights', b.sum_weights,
                    'expected_total', b.expected_total) as evidence,
        null::integer as source_line, null::varchar as source_loc
    from broken as b cross join rule
)

select * from final
