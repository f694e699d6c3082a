-- A6 (确定): the grade is not the band of the total.
create or replace view rule_a6_grade_mismatch as

with reports as (select * from int_metrics_per_report),
rule as (select * from int_anomaly_rules where rule_id = 'A6'),
where_read as (select * from int_field_locations where field = 'grade'),

broken as (
    select * from reports where grade <> grade_expected
),

final as (
    select
        b.report_id, rule.rule_id, rule.severity, rule.title,
        '总分' || fmt_num(b.self_score) || '分应评为“' || b.grade_expected || '”，但自评等级为“' || b.grade_raw || '”' as explanation,
        json_object('self_score', b.self_score, 'grade', b.grade_raw, 'expected_grade', b.grade_expected) as evidence,
        w.line as source_line, w.loc as source_loc
    from broken as b
    cross join rule
    left join where_read as w using (report_id)
)

select * from final
