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
           string_agg(fmt_name(name) || '目标' || coalesce(fmt_text(target), fmt_num(target_num)) || '，实际'
                      || coalesce(fmt_text(actual), fmt_num(actual_num))
                      || case when direction = 'higher' and target_num > 0
                              then '，完成目标的' || fmt_num(100 * actual_num / target_num) || '%'
                              when direction = 'lower' and target_num > 0
                              then '，超出目标' || fmt_num(100 * (actual_num - target_num) / target_num) || '%'
                              else '' end
                      || '，未达到目标，仍填报满分' || fmt_num(score) || '分'
                      || coalesce('（' || case
                             when direction = 'higher' and target_num > 0
                             then '按实际÷目标×分值应得' || fmt_num(actual_num) || '÷' || fmt_num(target_num) || '×'
                                  || fmt_num(weight_used) || '分＝'
                             when direction = 'lower' and target_num > 0 and actual_num < 2 * target_num
                             then '按(1−(实际−目标)÷目标)×分值应得(1−(' || fmt_num(actual_num) || '−' || fmt_num(target_num)
                                  || ')÷' || fmt_num(target_num) || ')×' || fmt_num(weight_used) || '分＝'
                             when direction = 'lower' and target_num > 0
                             then '实际达到目标的2倍及以上，应得'
                             else '按规则应得' end || fmt_num(review_points) || '分）', ''),
                      '；' order by seq) as detail,
           to_json(list(json_object('seq', seq, 'name', name, 'target', target, 'actual', actual,
                                        'weight', weight, 'score', score) order by seq)) as items,
           min(line) as line, min(loc) as loc
    from indicators group by report_id
),

final as (
    select b.report_id, rule.rule_id, rule.severity, rule.title, b.detail as explanation,
           json_object('indicators', b.items) as evidence, b.line as source_line, b.loc as source_loc
    from broken as b cross join rule
)

select * from final
