-- B10 (疑似): an actual that admits partial achievement scored above 80% of its weight, or one not
-- achieved scored above 60% (the qualitative bands of 10号).
-- rule: B10
-- severity: 疑似
-- title: 定性指标得分超出档次
-- definition: 实际值写明“基本实现/部分完成”却得分超过分值的80%，或写明“未完成”却得分超过分值的60%
-- basis: 财预〔2020〕10号 附件1（定性指标：达成80%–100%，部分达成60%–80%，未达成0–60%）
-- settings: partial_regex, not_achieved_regex, partial_max_share, not_achieved_max_share, score_tolerance
-- needs: indicator_weights_and_scores
-- materialized: view
create or replace view rule_b10_qualitative_band as

with settings as (select * from stg_settings),
rule as (select * from int_anomaly_rules where rule_id = 'B10'),

banded as (
    select i.*,
           case when regexp_matches(replace(i.actual, ' ', ''), getvariable('not_achieved_regex')) then '未达成'
                when regexp_matches(i.actual, getvariable('partial_regex')) then '部分达成' end as band,
           case when regexp_matches(replace(i.actual, ' ', ''), getvariable('not_achieved_regex')) then s.not_achieved_max_share
                when regexp_matches(i.actual, getvariable('partial_regex')) then s.partial_max_share end as max_share,
           s.score_tolerance
    from int_indicators_scored as i, settings as s
    where i.actual is not null and i.weight > 0 and i.score is not null
),

broken as (
    select report_id,
           string_agg(fmt_name(name) || '实际完成值为“' || fmt_text(actual) || '”，属' || band || '，按定性指标档次最多应得'
                      || fmt_num(weight * max_share) || '分（分值' || fmt_num(weight) || '×' || fmt_num(max_share * 100)
                      || '%），填报' || fmt_num(score) || '分', '；' order by seq) as detail,
           to_json(list(json_object('seq', seq, 'name', name, 'actual', actual, 'band', band,
                                        'weight', weight, 'score', score, 'max_points', weight * max_share) order by seq)) as items,
           min(line) as line, min(loc) as loc
    from banded
    where band is not null and score > weight * max_share + score_tolerance
    group by report_id
),

final as (
    select b.report_id, rule.rule_id, rule.severity, rule.title, b.detail as explanation,
           json_object('indicators', b.items) as evidence, b.line as source_line, b.loc as source_loc
    from broken as b cross join rule
)

select * from final
