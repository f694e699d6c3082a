-- B4 (疑似): points lost with no deviation reason given.
create or replace view rule_b4_lost_without_reason as

with indicators as (select * from int_indicators_scored where is_points_lost and deviation_reason is null),
rule as (select * from int_anomaly_rules where rule_id = 'B4'),

broken as (
    select report_id,
           string_agg('「' || coalesce(name, '') || '」分值' || fmt_num(weight) || '分得' || fmt_num(score) || '分',
                      '；' order by seq) as detail,
           count(*) as n,
           json_group_array(json_object('seq', seq, 'name', name, 'weight', weight, 'score', score)) as items,
           min(line) as line, min(loc) as loc
    from indicators group by report_id
),

final as (
    select b.report_id, rule.rule_id, rule.severity, rule.title,
           b.detail || '，共' || b.n || '项扣分均未填写偏差原因' as explanation,
           json_object('indicators', b.items) as evidence, b.line as source_line, b.loc as source_loc
    from broken as b cross join rule
)

select * from final
