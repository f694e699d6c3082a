-- A3 (确定): an indicator scores more than its weight.
-- rule: A3
-- severity: 确定
-- title: 指标得分超过分值
-- definition: 某三级指标得分 > 分值
-- basis: 财预〔2020〕10号 附件1
-- settings: 
-- needs: certain_scores, indicator_weights_and_scores
-- materialized: view
create or replace view rule_a3_score_over_weight as

with indicators as (select * from int_indicators_scored where is_over_weight),
rule as (select * from int_anomaly_rules where rule_id = 'A3'),

broken as (
    select report_id,
           string_agg(fmt_name(name) || '分值' || fmt_num(weight) || '分，得分却为' || fmt_num(score) || '分，超出'
                      || fmt_num(score - weight) || '分', '；' order by seq) as detail,
           to_json(list(json_object('seq', seq, 'name', name, 'weight', weight, 'score', score) order by seq)) as items,
           min(line) as line, min(loc) as loc
    from indicators group by report_id
),

final as (
    select b.report_id, rule.rule_id, rule.severity, rule.title,
           b.detail || '；指标得分不能超过其分值' as explanation,
           json_object('indicators', b.items) as evidence,
           b.line as source_line, b.loc as source_loc
    from broken as b cross join rule
)

select * from final
