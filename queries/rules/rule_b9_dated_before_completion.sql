-- B9 (疑似): report filed before the project's completion date yet claiming completion.
-- rule: B9
-- severity: 疑似
-- title: 项目完成前即称已完成
-- definition: 填报日期早于项目完成时间，却声称已完成
-- basis: 绩效自评复核问题清单
-- settings: 
-- needs: filed_date, project_end_date, completion_claim
-- materialized: view
create or replace view rule_b9_dated_before_completion as

with reports as (select * from int_metrics_per_report),
rule as (select * from int_anomaly_rules where rule_id = 'B9'),
where_read as (select * from int_field_locations where field = 'filed_date'),

broken as (
    select * from reports where filed_date < project_end_date and claims_completion
),

final as (
    select
        b.report_id, rule.rule_id, rule.severity, rule.title,
        '报告填报日期' || fmt_date(b.filed_date) || '早于项目完成时间' || fmt_date(b.project_end_date)
            || '（早' || (b.project_end_date::date - b.filed_date::date) || '天），却称项目已完成' as explanation,
        json_object('filed_date', b.filed_date, 'project_end_date', b.project_end_date,
                    'claims_completion', b.claims_completion) as evidence,
        w.line as source_line, w.loc as source_loc
    from broken as b
    cross join rule
    left join where_read as w using (report_id)
)

select * from final
