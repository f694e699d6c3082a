-- B4 (疑似): points lost with no deviation reason given.
-- rule: B4
-- severity: 疑似
-- title: 扣分未说明原因
-- definition: 指标得分 < 分值，偏差原因为空
-- basis: 财预〔2020〕10号 附件1
-- settings: score_tolerance
-- needs: indicator_weights_and_scores
-- materialized: view
create or replace view rule_b4_lost_without_reason as

with indicators as (select * from int_indicators_scored where is_points_lost and deviation_reason is null),
rule as (select * from int_anomaly_rules where rule_id = 'B4'),

broken as (
    select report_id,
           string_agg(fmt_name(name) || '分值' || fmt_num(weight) || '分，得' || fmt_num(score) || '分，扣'
                      || fmt_num(weight - score) || '分', '；' order by seq) as detail,
           count(*) as n,
           to_json(list(json_object('seq', seq, 'name', name, 'weight', weight, 'score', score) order by seq)) as items,
           min(line) as line, min(loc) as loc
    from indicators group by report_id
),

final as (
    select b.report_id, rule.rule_id, rule.severity, rule.title,
           b.detail || case when b.n = 1 then '；该项扣分未填写偏差原因' else '；以上' || b.n || '项扣分均未填写偏差原因' end
               as explanation,
           json_object('indicators', b.items) as evidence, b.line as source_line, b.loc as source_loc
    from broken as b cross join rule
)

select * from final
