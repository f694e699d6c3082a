-- B5 (疑似): a total of 100, or a high total while the narrative admits problems.
-- rule: B5
-- severity: 疑似
-- title: 总分过高
-- definition: 总分100，或总分≥95而叙述承认存在问题
-- basis: 绩效自评复核问题清单
-- settings: high_total, no_problem_regex
-- needs: self_score
-- materialized: view
create or replace view rule_b5_high_total as

with reports as (select * from int_metrics_per_report),
rule as (select * from int_anomaly_rules where rule_id = 'B5'),
where_read as (select * from int_field_locations where field = 'self_score'),

broken as (
    select *, self_score >= 100 - score_tolerance as is_perfect
    from reports
    where self_score >= 100 - score_tolerance or (self_score >= high_total and problems_admitted)
),

final as (
    select
        b.report_id, rule.rule_id, rule.severity, rule.title,
        case when b.is_perfect then '自评总分为满分' || fmt_num(b.self_score) || '分'
             else '自评总分' || fmt_num(b.self_score) || '分（' || fmt_num(b.high_total) || '分及以上），但报告承认存在问题'
                  || coalesce('：' || fmt_quote(coalesce(nullif(regexp_extract(fmt_text(b.problems_text), '^.{6,}?[。；！]'), ''),
                                                         b.problems_text), 60), '') end as explanation,
        json_object('self_score', b.self_score, 'problems_admitted', b.problems_admitted,
                    'problems', left(b.problems_text, 200)) as evidence,
        coalesce(w.line, b.problems_line) as source_line, w.loc as source_loc
    from broken as b
    cross join rule
    left join where_read as w using (report_id)
)

select * from final
