-- A4 (确定): budget-execution score plus indicator scores differs from the stated total.
-- rule: A4
-- severity: 确定
-- title: 各项得分之和与总分不符
-- definition: 预算执行得分 + Σ 指标得分 ≠ 总分
-- basis: 财预〔2020〕10号 附件1
-- settings: score_tolerance
-- needs: certain_scores, complete_table, self_score, every_score
-- materialized: view
create or replace view rule_a4_total_mismatch as

with reports as (select * from int_metrics_per_report),
rule as (select * from int_anomaly_rules where rule_id = 'A4'),
where_read as (select * from int_field_locations where field = 'self_score'),

broken as (
    select * from reports
    where n_scored = n_indicators and abs(exec_score + sum_scores - self_score) > score_tolerance
),

final as (
    select
        b.report_id, rule.rule_id, rule.severity, rule.title,
        '预算执行得分' || fmt_num(b.exec_score) || '分＋' || b.n_scored || '个指标得分合计' || fmt_num(b.sum_scores) || '分＝'
            || fmt_num(b.exec_score + b.sum_scores) || '分，但总分填报为' || fmt_num(b.self_score) || '分，相差'
            || fmt_num(abs(b.exec_score + b.sum_scores - b.self_score)) || '分' as explanation,
        json_object('exec_score', b.exec_score, 'sum_indicator_scores', b.sum_scores, 'self_score', b.self_score) as evidence,
        w.line as source_line, w.loc as source_loc
    from broken as b
    cross join rule
    left join where_read as w using (report_id)
)

select * from final
