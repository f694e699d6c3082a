-- B8 (疑似): target and actual in different units (≤0.5小时 answered by 100%).
-- rule: B8
-- severity: 疑似
-- title: 目标与实际单位不同
-- definition: 目标值与实际值的计量单位不同，无法比较
-- basis: 绩效自评复核问题清单
-- settings: 
-- needs: indicators
-- materialized: view
create or replace view rule_b8_unit_differs as

with indicators as (select * from int_indicators_scored where units_differ),
rule as (select * from int_anomaly_rules where rule_id = 'B8'),

broken as (
    select report_id,
           string_agg(fmt_name(name) || '目标' || coalesce(fmt_text(target), '未填') || '，实际'
                      || coalesce(fmt_text(actual), '未填'), '；' order by seq) as detail,
           to_json(list(json_object('seq', seq, 'name', name, 'target', target, 'actual', actual,
                                        'target_unit', target_unit, 'actual_unit', actual_unit) order by seq)) as items,
           min(line) as line, min(loc) as loc
    from indicators group by report_id
),

final as (
    select b.report_id, rule.rule_id, rule.severity, rule.title,
           b.detail || '；目标值与实际值计量单位不同，无法判断是否达成' as explanation,
           json_object('indicators', b.items) as evidence, b.line as source_line, b.loc as source_loc
    from broken as b cross join rule
)

select * from final
