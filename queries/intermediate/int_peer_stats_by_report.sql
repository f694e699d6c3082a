-- Regions outside their funnel, matched to each of their reports, with the sentence each D rule prints:
-- the measure, the unit's value and n, the target (its province without it) and the limits.
-- materialized: view
create or replace view int_peer_stats_by_report as

with flagged as (
    select * from int_peer_stats_at_reports
),

-- D1's other measures between the 95% and 99.8% limits: a note beside the flag, not a flag of their own
notes as (
    select level, province, year, region_name,
           string_agg(measure_zh || fmt_num(scale * value) || unit, '、' order by measure) as note_text
    from int_peer_stats
    where rule_id = 'D1' and verdict in ('above_95', 'above_998_fdr', 'above_998_exact')
    group by all
),

province_bunching as (
    select province, year, observed, expected, fitted_ratio from peer_bunching where status = 'ok'
),

sentences as (
    select
        f.rule_id, f.report_id, f.level, f.measure, f.region_name, f.value, f.denominator, f.target,
        f.adj_lo998, f.adj_hi998, f.z_adj, f.q_value, f.interval_low, f.interval_high,
        case when f.rule_id = 'D3' then
            f.region_name || f.year || '年（' || f.denominator::int || '份报告，执行率标准差' || fmt_num(f.sd)
            || '个百分点）' || f.measure_zh || '收缩估计为' || fmt_num(f.value) || '，本地区单独估计' || fmt_num(f.raw_value)
            || '，95%区间' || fmt_num(f.interval_low) || '～' || fmt_num(f.interval_high) || '，落在±' || fmt_num(f.hi998)
            || '以内，自评分几乎不随执行率变化'
            || coalesce('；同省同年同级各地区的平均斜率为' || fmt_num(f.target), '')
        else
            f.region_name || f.year || '年' || f.measure_zh || fmt_num(f.scale * f.value) || f.unit
            || case when f.measure = 'mean_self' then '（' || f.denominator::int || '份报告，按报告实填为'
                                                         || fmt_num(f.raw_value) || '分）'
                    when f.measure = 'mean_inflation' then '（' || f.denominator::int || '份报告）'
                    else '（' || f.numerator::int || '/' || f.denominator::int || '份）' end
            || case when f.rule_id = 'D2' and b.fitted_ratio is not null then '，按全省总分的平滑分布（拟合时不含[88,92)）应为'
                    when f.measure = 'mean_self' then '，同省同年其他地区按同一执行率调整后为'
                    else '，同省同年其他地区合计为' end || fmt_num(f.scale * f.target) || f.unit
            || '；按其报告数，99.8%控制上限为' || fmt_num(f.scale * f.adj_hi998) || f.unit
            || case when f.overdispersed then '（各地区差异大于随机波动，已加入地区间方差放宽）' else '' end
            || '，z＝' || fmt_num(f.z_adj)
            || '，同省同年多地区比较校正后q＝' || case when f.q_value < 0.01 then '＜0.01' else fmt_num(f.q_value) end
            || case when f.rule_id = 'D2' then coalesce('；全省总分落在[90,92)的实有' || b.observed || '份，按平滑分布预期'
                                                        || fmt_num(b.expected) || '份', '') else '' end
            || coalesce('；另有' || n.note_text || '介于95%与99.8%控制限之间（仅提示）', '')
        end as text
    from flagged as f
    left join notes as n using (level, province, year, region_name)
    left join province_bunching as b using (province, year)
),

final as (
    select rule_id, report_id,
           string_agg(text, '；' order by level, measure) as detail,
           to_json(list(json_object('level', level, 'region', region_name, 'measure', measure, 'value', value,
                        'n', denominator, 'target', target, 'lower_998', adj_lo998, 'upper_998', adj_hi998,
                        'z', z_adj, 'q', q_value, 'interval_low', interval_low, 'interval_high', interval_high)
                        order by level, measure))
               as items
    from sentences group by rule_id, report_id
)

select * from final
