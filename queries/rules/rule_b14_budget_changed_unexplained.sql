-- B14 (疑似): the full-year budget differs from the initial one by more than 20% and the report does
-- not say why (追加、调减 or another cause).
-- rule: B14
-- severity: 疑似
-- title: 预算大幅调整未说明
-- definition: 全年预算数与年初预算数相差超过20%，报告未说明调整原因
-- basis: 预算法第六十七条（预算调整）；绩效自评复核问题清单
-- settings: budget_change_share, budget_change_regex
-- needs: budget_initial_and_full_year
-- materialized: view
create or replace view rule_b14_budget_changed_unexplained as

with settings as (select * from stg_settings),
rule as (select * from int_anomaly_rules where rule_id = 'B14'),

explained as (
    select distinct report_id from stg_narratives where regexp_matches(text, getvariable('budget_change_regex'))
),

changed as (
    select r.*, round((r.budget_full_year - r.budget_initial) / r.budget_initial * 100, 1) as change
    from int_metrics_per_report as r, settings as s
    where r.budget_initial > 0 and r.budget_full_year is not null
      and abs(r.budget_full_year - r.budget_initial) > r.budget_initial * s.budget_change_share / 100
),

final as (
    select c.report_id, rule.rule_id, rule.severity, rule.title,
           '全年预算数' || fmt_num(c.budget_full_year) || '万元，年初预算数' || fmt_num(c.budget_initial) || '万元，'
               || case when c.change > 0 then '增加' else '减少' end || fmt_num(abs(c.change))
               || '%，超过' || fmt_num(s.budget_change_share) || '%，报告未说明预算调整的原因' as explanation,
           json_object('budget_initial', c.budget_initial, 'budget_full_year', c.budget_full_year,
                       'change_percent', c.change) as evidence,
           null::integer as source_line, null::varchar as source_loc
    from changed as c
    cross join rule
    cross join settings as s
    anti join explained as e using (report_id)
)

select * from final
