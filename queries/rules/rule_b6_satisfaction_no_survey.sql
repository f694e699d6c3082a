-- B6 (疑似): satisfaction of 95% or more with no survey size given.
-- rule: B6
-- severity: 疑似
-- title: 满意度高但无调查样本
-- definition: 满意度≥95%而未说明调查样本量
-- basis: 绩效自评复核问题清单
-- settings: satisfaction_high, survey_regex
-- needs: satisfaction_percent
-- materialized: view
create or replace view rule_b6_satisfaction_no_survey as

with reports as (select * from int_metrics_per_report),
indicators as (select * from int_indicators_scored where is_satisfaction),
rule as (select * from int_anomaly_rules where rule_id = 'B6'),

broken as (
    select r.report_id, r.max_satisfaction, r.satisfaction_high,
           min(i.line) as line, min(i.loc) as loc
    from reports as r
    left join indicators as i on i.report_id = r.report_id and i.actual_num = r.max_satisfaction
    where r.max_satisfaction >= r.satisfaction_high and not r.survey_mentioned
    group by all
),

final as (
    select b.report_id, rule.rule_id, rule.severity, rule.title,
           '满意度达' || fmt_num(b.max_satisfaction) || '%（' || fmt_num(b.satisfaction_high)
               || '%及以上），但报告未说明满意度调查的样本量（问卷份数、受访人数），无法核实' as explanation,
           json_object('satisfaction', b.max_satisfaction, 'threshold', b.satisfaction_high) as evidence,
           b.line as source_line, b.loc as source_loc
    from broken as b cross join rule
)

select * from final
