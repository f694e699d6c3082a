-- A8 (确定): the same amount given twice about 10⁴ apart (元 printed where 万元 was meant, or the reverse).
-- rule: A8
-- severity: 确定
-- title: 金额单位混用
-- definition: 同一金额在两处相差约10⁴倍（元与万元）
-- basis: 自评表填报说明
-- settings: unit_gap_low, unit_gap_high, max_figure_candidates
-- needs: certain_money, repeated_figure
-- materialized: view
create or replace view rule_a8_unit_mismatch as

-- each distinct value of a field once (int_figure_candidates), so pairs stay few on a long document
with figures as (select * from int_figure_candidates where value_num > 0),
settings as (select * from stg_settings),
rule as (select * from int_anomaly_rules where rule_id = 'A8'),

gaps as (
    select a.report_id, a.field, a.field_zh, a.value_num as big, b.value_num as small, a.raw as big_raw, b.raw as small_raw,
           a.origin_zh as big_origin, b.origin_zh as small_origin, least(a.line, b.line) as line, a.loc
    from figures as a
    join figures as b on b.report_id = a.report_id and b.field = a.field and b.value_num < a.value_num
    cross join settings as s
    where a.value_num / b.value_num between s.unit_gap_low and s.unit_gap_high
),

broken as (
    select report_id,
           string_agg(case when field_zh <> field then field_zh else '同一金额' end
                      || case when big_origin = small_origin
                              then '在' || big_origin || '中一处为' || fmt_num(big) || '，另一处为' || fmt_num(small)
                              else '在' || big_origin || '中为' || fmt_num(big) || '，在' || small_origin || '中为'
                                   || fmt_num(small) end
                      || '（' || fmt_num(big) || '÷' || fmt_num(small) || '＝' || fmt_num(big / small) || '）', '；' order by field, big, small) as detail,
           to_json(list(json_object('field', field, 'values', [big, small], 'raw', [big_raw, small_raw]) order by field, big, small)) as items,
           min(line) as line, min(loc) as loc
    from gaps group by report_id
),

final as (
    select b.report_id, rule.rule_id, rule.severity, rule.title,
           b.detail || '，相差约1万倍，疑为元与万元混用' as explanation,
           json_object('figures', b.items) as evidence,
           b.line as source_line, b.loc as source_loc
    from broken as b cross join rule
)

select * from final
