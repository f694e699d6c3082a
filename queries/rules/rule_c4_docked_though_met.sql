-- C4 (提示): points docked although every target was met and no reason given: the score is not
-- grounded in the evidence the report shows.
-- rule: C4
-- severity: 提示
-- title: 目标均已完成却扣分且未说明
-- definition: 可定量比较的指标全部达到目标，仍有指标得分低于分值，且未说明扣分原因
-- basis: 财预〔2020〕10号 附件1（按实际完成情况计分）
-- settings: score_tolerance
-- needs: indicator_weights_and_scores, quantitative_indicator
-- materialized: view
create or replace view rule_c4_docked_though_met as

with indicators as (select * from int_indicators_scored),
rule as (select * from int_anomaly_rules where rule_id = 'C4'),

-- reports whose every comparable target was met
all_met as (
    select report_id from indicators
    group by report_id
    having count(*) filter (where is_quantitative) > 0 and count(*) filter (where is_quantitative and not is_met) = 0
),

docked as (
    select i.* from indicators as i semi join all_met using (report_id)
    where i.is_points_lost and i.is_quantitative and i.is_met and i.deviation_reason is null
),

listed as (
    select report_id,
           string_agg(fmt_name(name) || '目标' || fmt_text(target) || '，实际完成' || fmt_text(actual) || '，已达到目标，却只得'
                      || fmt_num(score) || '分（分值' || fmt_num(weight) || '分），未说明扣分原因', '；' order by seq) as detail,
           to_json(list(json_object('seq', seq, 'name', name, 'target', target, 'actual', actual,
                                        'weight', weight, 'score', score) order by seq)) as items,
           min(line) as line, min(loc) as loc
    from docked
    group by report_id
),

final as (
    select l.report_id, rule.rule_id, rule.severity, rule.title, l.detail as explanation,
           json_object('indicators', l.items) as evidence, l.line as source_line, l.loc as source_loc
    from listed as l cross join rule
)

select * from final
