-- A6 (确定): the grade is not the band of the total.
-- rule: A6
-- severity: 确定
-- title: 等级与总分不符
-- definition: 自评等级不是总分所在档次（优≥90，良80–90，中60–80，差<60）
-- basis: 财预〔2020〕10号 第二十四条
-- settings: grade_bands
-- needs: certain_scores, self_score, grade
-- materialized: view
create or replace view rule_a6_grade_mismatch as

with reports as (select * from int_metrics_per_report),
rule as (select * from int_anomaly_rules where rule_id = 'A6'),
where_read as (select * from int_field_locations where field = 'grade'),

broken as (
    select * from reports where grade <> grade_expected
),

-- the band of the expected grade, as the grade table prints it (优 90分及以上, 良 80分至90分 …)
bands as (
    select g.grade, g.min_score,
           (select min(h.min_score) from stg_grade_bands as h where h.min_score > g.min_score) as next_score
    from stg_grade_bands as g
),

final as (
    select
        b.report_id, rule.rule_id, rule.severity, rule.title,
        '自评总分' || fmt_num(b.self_score) || '分，按等级标准（' || b.grade_expected || '：'
            || case when g.min_score > 0 and g.next_score is not null
                    then fmt_num(g.min_score) || '分（含）至' || fmt_num(g.next_score) || '分'
                    when g.next_score is not null then '低于' || fmt_num(g.next_score) || '分'
                    else fmt_num(g.min_score) || '分及以上' end
            || '）应评为“' || b.grade_expected || '”，但自评等级为“' || coalesce(fmt_text(b.grade_raw), b.grade) || '”'
            as explanation,
        json_object('self_score', b.self_score, 'grade', b.grade_raw, 'expected_grade', b.grade_expected) as evidence,
        w.line as source_line, w.loc as source_loc
    from broken as b
    cross join rule
    left join bands as g on g.grade = b.grade_expected
    left join where_read as w using (report_id)
)

select * from final
