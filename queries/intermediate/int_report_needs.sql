-- The inputs rules may need, checked for every current report: one row per report and need, with the
-- Chinese reason when the report cannot supply it (null when it can). Rules name their needs in their
-- header (`-- needs: …`); int_rule_applicability joins the two.
-- materialized: view
create or replace view int_report_needs as

with reports as (
    select * from int_metrics_per_report
),

settings as (
    select * from stg_settings
),

repeated_figures as (
    select report_id, count(*) as n_repeated
    from (select report_id, field from stg_provenance where value_num is not null
          group by all having count(*) >= 2)
    group by report_id
),

-- values read by OCR below the confidence threshold: arithmetic on them is not computable
uncertain_fields as (
    select report_id,
           bool_or(field in ('budget_initial', 'budget_full_year', 'executed', 'execution_rate')) as money,
           bool_or(field in ('exec_weight', 'exec_score', 'self_score', 'weight_total', 'grade')) as scores
    from int_field_locations as chosen, settings as s
    where chosen.confidence < s.ocr_min_confidence
    group by report_id
),

uncertain_indicators as (
    select i.report_id, count(*) as n_uncertain
    from stg_indicators as i, settings as s
    where i.confidence < s.ocr_min_confidence and (i.weight is not null or i.score is not null)
    group by i.report_id
),

part_lists as (
    select report_id, count(*) as n_part_lists from stg_part_sums group by report_id
),

fund_rows as (
    select report_id, count(*) as n_fund_rows from stg_funds group by report_id
),

previous_year as (
    select distinct r.report_id
    from reports as r
    join reports as p on p.implementing_unit = r.implementing_unit and p.year = r.year - 1
),

peer_status as (
    -- a D rule is computable for a unit when at least one of its funnel measures is (ingest.funnel)
    select level, province, year, region_name,
           bool_or(status = 'ok') filter (where rule_id = 'D1') as d1_ok,
           max(status_reason) filter (where rule_id = 'D1' and measure = 'mean_self') as d1_reason,
           bool_or(status = 'ok') filter (where rule_id = 'D2') as d2_ok,
           max(status_reason) filter (where rule_id = 'D2') as d2_reason,
           bool_or(status = 'ok') filter (where rule_id = 'D3') as d3_ok,
           max(status_reason) filter (where rule_id = 'D3') as d3_reason
    from int_peer_stats group by all
),

inputs as (
    select
        r.*, coalesce(f.n_repeated, 0) as n_repeated, py.report_id is not null as has_previous_year,
        coalesce(fr.n_fund_rows, 0) as n_fund_rows, coalesce(pl.n_part_lists, 0) as n_part_lists, s.text_min_chars,
        coalesce(u.money, false) as uncertain_money,
        coalesce(u.scores, false) or coalesce(ui.n_uncertain, 0) > 0 as uncertain_scores,
        '扫描识别置信度低于' || s.ocr_min_confidence || '，数值不确定，无法可靠计算' as uncertain_reason,
        case when not rc.table_complete then coalesce(rc.table_reason, '指标表不完整') end as partial_reason,
        coalesce(c.d1_ok, false) or coalesce(k.d1_ok, false) as d1_ok, c.d1_reason,
        coalesce(c.d2_ok, false) or coalesce(k.d2_ok, false) as d2_ok, c.d2_reason,
        coalesce(c.d3_ok, false) or coalesce(k.d3_ok, false) as d3_ok, c.d3_reason
    from reports as r
    cross join settings as s
    left join repeated_figures as f using (report_id)
    left join previous_year as py using (report_id)
    left join fund_rows as fr using (report_id)
    left join part_lists as pl using (report_id)
    left join uncertain_fields as u using (report_id)
    left join (select report_id, table_complete, table_reason from stg_reports) as rc using (report_id)
    left join uncertain_indicators as ui using (report_id)
    left join peer_status as c on c.level = 'city' and c.province = r.province and c.year = r.year and c.region_name = r.city
    left join peer_status as k on k.level = 'county' and k.province = r.province and k.year = r.year and k.region_name = r.county
),

checks as (
    select report_id, unnest([
        {'need': 'certain_money', 'reason': case when uncertain_money then uncertain_reason end},
        {'need': 'certain_scores', 'reason': case when uncertain_scores then uncertain_reason end},
        {'need': 'complete_table', 'reason': partial_reason},
        {'need': 'stated_rate', 'reason': case when stated_rate is null then '未填报执行率' end},
        {'need': 'budget_and_executed', 'reason': case when computed_rate is null then '缺少预算数或执行数' end},
        {'need': 'budget_initial_and_full_year', 'reason': case when budget_initial is null or budget_full_year is null
            then '未同时填报年初预算数和全年预算数' end},
        {'need': 'execution_rate', 'reason': case when rate_for_points is null then '缺少执行率及预算、执行数' end},
        {'need': 'exec_score', 'reason': case when exec_score is null then '未填报预算执行得分' end},
        {'need': 'self_score', 'reason': case when self_score is null then '缺少总分' end},
        {'need': 'grade', 'reason': case when grade is null then '缺少自评等级' end},
        {'need': 'indicators', 'reason': case when n_indicators = 0 then '无绩效指标' end},
        {'need': 'indicator_scores', 'reason': case when coalesce(n_scored, 0) = 0 then '指标未填得分' end},
        {'need': 'indicator_weights_and_scores', 'reason': case when coalesce(n_scored, 0) = 0 or coalesce(n_weighted, 0) = 0
            then '指标未填分值或得分' end},
        {'need': 'every_score', 'reason': case when n_indicators = 0 or n_scored < n_indicators or exec_score is null
            then '缺少部分指标得分或预算执行得分' end},
        {'need': 'every_weight', 'reason': case when n_indicators = 0 or n_weighted < n_indicators or exec_weight is null
            then '缺少部分分值' end},
        {'need': 'quantitative_indicator', 'reason': case when coalesce(n_quantitative, 0) = 0 then '无可定量比较的指标' end},
        {'need': 'satisfaction_percent', 'reason': case when max_satisfaction is null then '无百分比形式的满意度指标' end},
        {'need': 'fund_rows', 'reason': case when n_fund_rows = 0 then '未见资金来源表' end},
        {'need': 'narrative_parts', 'reason': case when n_part_lists = 0 then '叙述中未见“合计，其中分项”的列举' end},
        {'need': 'repeated_figure', 'reason': case when n_repeated = 0 then '同一数字未在两处出现，无从比对' end},
        {'need': 'filed_date', 'reason': case when filed_date is null then '缺少填报日期' end},
        {'need': 'project_end_date', 'reason': case when project_end_date is null then '缺少项目完成时间' end},
        {'need': 'completion_claim', 'reason': case when claims_completion is null then '未能判断是否声称已完成' end},
        {'need': 'narrative', 'reason': case when narrative_chars < text_min_chars then '叙述不足' || text_min_chars::int || '字' end},
        {'need': 'previous_year', 'reason': case when not has_previous_year then '无同一单位上一年度的报告' end},
        {'need': 'place_and_year', 'reason': case when province is null or city is null or year is null then '缺少省、市或年度' end},
        {'need': 'peers_d1', 'reason': case when not d1_ok then coalesce(d1_reason, '同级地区不足，无从比较') end},
        {'need': 'peers_d2', 'reason': case when not d2_ok then coalesce(d2_reason, '同级地区不足，无从比较') end},
        {'need': 'peers_d3', 'reason': case when not d3_ok then coalesce(d3_reason, '同级地区不足，无从比较') end}
    ]) as c, uncertain_reason
    from inputs
),

final as (
    select report_id, c.need as need, c.reason as reason,
           c.need in ('certain_money', 'certain_scores') as is_certainty, c.need = 'complete_table' as is_completeness
    from checks
)

select * from final
