-- B1 (疑似): every indicator at full marks, or every actual exactly its target / 100%.
-- rule: B1
-- severity: 疑似
-- title: 指标全部满分或全部恰好完成
-- definition: 每个指标得分 = 分值，或每个实际值 = 目标值/100%
-- basis: 绩效自评复核问题清单
-- settings: 
-- needs: indicators, complete_table
-- materialized: view
create or replace view rule_b1_all_full_marks as

with reports as (select * from int_metrics_per_report),
rule as (select * from int_anomaly_rules where rule_id = 'B1'),

broken as (
    select *, n_actual_equals_target = n_indicators as all_equal
    from reports
    where n_indicators > 0 and (all_full_marks or n_actual_equals_target = n_indicators)
),

final as (
    select
        b.report_id, rule.rule_id, rule.severity, rule.title,
        concat_ws('；',
            case when b.all_full_marks then '全部' || b.n_indicators || '个指标均得满分'
                 || coalesce('（指标得分合计' || fmt_num(b.sum_scores) || '分＝分值合计' || fmt_num(b.sum_weights) || '分）', '') end,
            case when b.all_equal then '全部' || b.n_indicators || '个指标的实际完成值均恰好等于目标值或100%' end)
            as explanation,
        json_object('n_indicators', b.n_indicators, 'n_full_marks', b.n_full_marks,
                    'n_actual_equals_target', b.n_actual_equals_target) as evidence,
        null::integer as source_line, null::varchar as source_loc
    from broken as b cross join rule
)

select * from final
