-- B7 (疑似): targets or actuals mostly vague (大幅提高, 持续优化, 是, 基本实现, an echoed `≧90%` …).
-- rule: B7
-- severity: 疑似
-- title: 目标值多为模糊表述
-- definition: 模糊目标（大幅提高、持续优化、是……）占比过高
-- basis: 财预〔2020〕10号 指标应可衡量
-- settings: vague_words, vague_share
-- needs: indicators
-- materialized: view
create or replace view rule_b7_vague_targets as

-- an indicator cannot be measured when its target or actual is a vague phrase, or when it has no
-- target at all and only words for an actual (`保护人民群众财产安全`)
with indicators as (
    select *, is_vague or (coalesce(target, '') = '' and actual_num is null and coalesce(actual, '') <> '') as is_unmeasurable
    from int_indicators_scored where is_substantive
),
settings as (select * from stg_settings),
rule as (select * from int_anomaly_rules where rule_id = 'B7'),

shares as (
    select report_id, count(*) as n_indicators, count(*) filter (where is_unmeasurable) as n_vague,
           count(*) filter (where is_unmeasurable) / count(*) as vague_share
    from indicators group by report_id
),

broken as (
    select r.report_id, r.n_vague, r.n_indicators, r.vague_share, s.vague_share as vague_share_max,
           list_filter(list(fmt_text(case when i.target_num is null and coalesce(i.target, '') <> '' then i.target
                                         else i.actual end) order by i.seq), lambda x: x is not null)[1:5] as examples,
           min(i.line) as line, min(i.loc) as loc
    from shares as r
    cross join settings as s
    join indicators as i on i.report_id = r.report_id and i.is_unmeasurable
    where r.vague_share > s.vague_share
    group by all
),

final as (
    select b.report_id, rule.rule_id, rule.severity, rule.title,
           b.n_indicators || '个指标中' || b.n_vague || '个的目标值或实际值为模糊表述或缺少目标值，占'
               || fmt_num(100 * b.vague_share) || '%（超过' || fmt_num(100 * b.vague_share_max) || '%）'
               || case when len(b.examples) > 0
                       then '，如“' || array_to_string(list_filter(b.examples, lambda x, i: list_position(b.examples, x) = i),
                                                       '”“') || '”' else '' end
               || '，无法衡量是否达成' as explanation,
           json_object('n_vague', b.n_vague, 'n_indicators', b.n_indicators, 'share', b.vague_share,
                       'threshold', b.vague_share_max, 'examples', b.examples) as evidence,
           b.line as source_line, b.loc as source_loc
    from broken as b cross join rule
)

select * from final
