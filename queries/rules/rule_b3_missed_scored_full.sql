-- B3 (疑似): a quantitative target missed but scored full.
-- rule: B3
-- severity: 疑似
-- title: 未达目标仍得满分
-- definition: 定量指标实际值未达目标，得分仍 = 分值
-- basis: 财预〔2020〕10号 附件1
-- settings: score_tolerance
-- needs: indicator_scores, quantitative_indicator
-- materialized: view
create or replace view rule_b3_missed_scored_full as

with indicators as (select * from int_indicators_scored where is_quantitative and not is_met and is_full_marks),
rule as (select * from int_anomaly_rules where rule_id = 'B3'),

broken as (
    select report_id,
           string_agg('「' || coalesce(name, '') || '」目标' || target || '，实际' || actual || '，仍得满分' || fmt_num(score) || '分',
                      '；' order by seq) as detail,
           json_group_array(json_object('seq', seq, 'name', name, 'target', target, 'actual', actual,
                                        'weight', weight, 'score', score)) as items,
           min(line) as line, min(loc) as loc
    from indicators group by report_id
),

final as (
    select b.report_id, rule.rule_id, rule.severity, rule.title, b.detail as explanation,
           json_object('indicators', b.items) as evidence, b.line as source_line, b.loc as source_loc
    from broken as b cross join rule
)

select * from final
