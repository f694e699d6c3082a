-- B11 (疑似): an actual at 130% or more of a higher-is-better numeric target with no reason given:
-- the target was likely set too low, and 10号 asks for the cause and a cut.
-- rule: B11
-- severity: 疑似
-- title: 大幅超额完成而未说明
-- definition: 定量指标实际值达到目标值的130%以上，偏差原因未说明
-- basis: 财预〔2020〕10号 附件1（目标值设定偏低的应说明原因并扣分）
-- settings: far_above_share
-- needs: quantitative_indicator
-- request: 请说明超额完成的原因，核实目标值设定是否偏低，并提供佐证。
-- materialized: view
create or replace view rule_b11_far_above_target as

with settings as (select * from stg_settings),
rule as (select * from int_anomaly_rules where rule_id = 'B11'),

far_above as (
    select i.*, round(i.actual_num / i.target_num * 100, 1) as share
    from int_indicators_scored as i, settings as s
    where i.is_quantitative and i.direction = 'higher' and i.target_num > 0
      and i.actual_num >= i.target_num * s.far_above_share / 100
      -- the form's own reason column is where the cause belongs; a dash or 无 is no reason
      and regexp_matches(coalesce(i.deviation_reason, ''), '^\s*(无|/|—+|-+|－|不涉及)?\s*$')
),

listed as (
    select report_id,
           string_agg(fmt_name(name) || '目标' || fmt_text(target) || '，实际完成' || fmt_text(actual) || '，为目标的' || fmt_num(share)
                      || '%，未说明超额原因', '；' order by seq) as detail,
           to_json(list(json_object('seq', seq, 'name', name, 'target', target, 'actual', actual,
                                        'share', share) order by seq)) as items,
           min(line) as line, min(loc) as loc
    from far_above
    group by report_id
),

final as (
    select l.report_id, rule.rule_id, rule.severity, rule.title, l.detail as explanation,
           json_object('indicators', l.items) as evidence, l.line as source_line, l.loc as source_loc
    from listed as l cross join rule
)

select * from final
