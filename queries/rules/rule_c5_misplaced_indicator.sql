-- C5 (提示): an indicator that does not fit its place: fund payment or budget execution used as an
-- output or benefit, a benefit heading inside 产出, a cost item outside 成本指标, a cost with ≥, or a
-- budget amount counted as an output quantity.
-- rule: C5
-- severity: 提示
-- title: 指标与所在类别不符
-- definition: 资金到位/支付/预算执行类指标列为产出或效益，产出下列效益指标，成本类指标列在成本指标之外或使用“≥”，预算金额列为数量指标
-- basis: 财预〔2020〕10号 附件（绩效指标体系框架）
-- needs: indicators
-- request: 请按指标体系框架调整指标类别，或说明理由。
-- materialized: view
create or replace view rule_c5_misplaced_indicator as

with rule as (select * from int_anomaly_rules where rule_id = 'C5'),

indicators as (
    select *, coalesce(level1, '') as l1, coalesce(level2, '') as l2, coalesce(name, '') as nm
    from int_indicators_scored
    where is_substantive
),

placed as (
    select *,
           case
               when regexp_matches(nm, '(资金|预算|经费|补助|补贴|奖补|拨款)[^，。,]{0,6}(到位|支付|拨付|下达|兑付|执行|支出)(率|及时|进度)|专款专用')
                    and regexp_matches(l1 || l2, '产出|效益|数量|质量|时效')
                   then '资金或预算执行类指标，不是' || case when contains(l1 || l2, '效益') then '效益' else '产出' end
               when contains(l1, '产出') and regexp_matches(l2 || nm, '^(经济|社会|生态|可持续)效益')
                   then '效益类指标列在产出指标之下'
               when contains(nm, '成本') and not contains(l2, '成本') and regexp_matches(l1 || l2, '产出|效益|数量|质量|时效')
                   then '成本类指标列在' || coalesce(nullif(l2, ''), l1) || '之下'
               when contains(l2, '成本') and target_cmp in ('>=', '>') and regexp_matches(coalesce(target_unit, ''), '元')
                   then '成本指标用“≥”，成本应越低越好'
               when contains(l2, '数量') and regexp_matches(nm, '(资金|预算|投资)(金额|总额|数额|额度)')
                   then '预算金额列为产出数量'
           end as misfit
    from indicators
),

listed as (
    select report_id,
           string_agg(fmt_name(name) || coalesce('（' || concat_ws('›', nullif(l1, ''), nullif(l2, '')) || '）', '') || '：' || misfit,
                      '；' order by seq) as detail,
           to_json(list(json_object('seq', seq, 'level1', level1, 'level2', level2, 'name', name,
                                        'misfit', misfit) order by seq)) as items,
           min(line) as line, min(loc) as loc
    from placed
    where misfit is not null
    group by report_id
),

final as (
    select l.report_id, rule.rule_id, rule.severity, rule.title, l.detail as explanation,
           json_object('indicators', l.items) as evidence, l.line as source_line, l.loc as source_loc
    from listed as l cross join rule
)

select * from final
