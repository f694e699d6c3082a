-- For every current report and rule: can the rule be computed, and if not, why (missing field, too few peers …).
create or replace view int_rule_applicability as

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

-- Values read by OCR below the confidence threshold: arithmetic on them is not computable.
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

previous_year as (
    select distinct r.report_id
    from reports as r
    join reports as p on p.implementing_unit = r.implementing_unit and p.year = r.year - 1
),

peer_status as (
    select level, province, year, region_name,
           bool_or(status = 'ok') filter (where metric in ('mean_self', 'all_full_share', 'mean_inflation')) as d1_ok,
           max(status_reason) filter (where metric = 'mean_self') as d1_reason,
           bool_or(status = 'ok') filter (where metric = 'bunch_share') as d2_ok,
           max(status_reason) filter (where metric = 'bunch_share') as d2_reason,
           bool_or(status = 'ok') filter (where metric = 'self_rate_corr') as d3_ok,
           max(status_reason) filter (where metric = 'self_rate_corr') as d3_reason
    from int_peer_stats group by all
),

inputs as (
    select
        r.*, coalesce(f.n_repeated, 0) as n_repeated, py.report_id is not null as has_previous_year,
        s.text_min_chars,
        coalesce(u.money, false) as uncertain_money,
        coalesce(u.scores, false) or coalesce(ui.n_uncertain, 0) > 0 as uncertain_scores,
        '扫描识别置信度低于' || s.ocr_min_confidence || '，数值不确定，无法可靠计算' as uncertain_reason,
        -- rules that need the whole indicator table wait for a complete one (completeness gate)
        case when not rc.table_complete then coalesce(rc.table_reason, '指标表不完整') end as partial_reason,
        c.d1_ok as c_d1_ok, c.d1_reason as c_d1_reason, c.d2_ok as c_d2_ok, c.d2_reason as c_d2_reason,
        c.d3_ok as c_d3_ok, c.d3_reason as c_d3_reason,
        k.d1_ok as k_d1_ok, k.d2_ok as k_d2_ok, k.d3_ok as k_d3_ok
    from reports as r
    cross join settings as s
    left join repeated_figures as f using (report_id)
    left join previous_year as py using (report_id)
    left join uncertain_fields as u using (report_id)
    left join (select report_id, table_complete, table_reason from stg_reports) as rc using (report_id)
    left join uncertain_indicators as ui using (report_id)
    left join peer_status as c on c.level = 'city' and c.province = r.province and c.year = r.year and c.region_name = r.city
    left join peer_status as k on k.level = 'county' and k.province = r.province and k.year = r.year and k.region_name = r.county
),

reasons as (
    select report_id, unnest([
        {'rule_id': 'A1', 'reason': case when uncertain_money then uncertain_reason when stated_rate is null then '未填报执行率'
            when computed_rate is null then '缺少预算数或执行数' end},
        {'rule_id': 'A2', 'reason': case when uncertain_money or uncertain_scores then uncertain_reason when exec_score is null then '未填报预算执行得分'
            when rate_for_points is null then '缺少执行率及预算、执行数' end},
        {'rule_id': 'A3', 'reason': case when uncertain_scores then uncertain_reason when coalesce(n_scored, 0) = 0 or coalesce(n_weighted, 0) = 0 then '指标未填分值或得分' end},
        {'rule_id': 'A4', 'reason': case when uncertain_scores then uncertain_reason when partial_reason is not null then partial_reason when self_score is null then '缺少总分'
            when n_indicators = 0 or n_scored < n_indicators or exec_score is null then '缺少部分指标得分或预算执行得分' end},
        {'rule_id': 'A5', 'reason': case when uncertain_scores then uncertain_reason when partial_reason is not null then partial_reason when n_indicators = 0 or n_weighted < n_indicators or exec_weight is null then '缺少部分分值' end},
        {'rule_id': 'A6', 'reason': case when uncertain_scores then uncertain_reason when self_score is null then '缺少总分' when grade is null then '缺少自评等级' end},
        {'rule_id': 'A7', 'reason': case when uncertain_money then uncertain_reason when executed is null or exec_budget is null then '缺少预算数或执行数' end},
        {'rule_id': 'A8', 'reason': case when uncertain_money then uncertain_reason when n_repeated = 0 then '同一金额未在两处出现，无从比对' end},
        {'rule_id': 'A9', 'reason': case when uncertain_money or uncertain_scores then uncertain_reason when n_repeated = 0 then '同一数字未在两处出现，无从比对' end},
        {'rule_id': 'B1', 'reason': case when n_indicators = 0 then '无绩效指标' when partial_reason is not null then partial_reason end},
        {'rule_id': 'B2', 'reason': case when exec_score is null then '未填报预算执行得分'
            when rate_for_points is null then '缺少执行率' end},
        {'rule_id': 'B3', 'reason': case when coalesce(n_scored, 0) = 0 then '指标未填得分'
            when n_quantitative = 0 then '无可定量比较的指标' end},
        {'rule_id': 'B4', 'reason': case when coalesce(n_scored, 0) = 0 or coalesce(n_weighted, 0) = 0 then '指标未填分值或得分' end},
        {'rule_id': 'B5', 'reason': case when self_score is null then '缺少总分' end},
        {'rule_id': 'B6', 'reason': case when max_satisfaction is null then '无百分比形式的满意度指标' end},
        {'rule_id': 'B7', 'reason': case when n_indicators = 0 then '无绩效指标' end},
        {'rule_id': 'B8', 'reason': case when n_indicators = 0 then '无绩效指标' end},
        {'rule_id': 'B9', 'reason': case when filed_date is null then '缺少填报日期'
            when project_end_date is null then '缺少项目完成时间'
            when claims_completion is null then '未能判断是否声称已完成' end},
        {'rule_id': 'C1', 'reason': null::varchar},
        {'rule_id': 'C2', 'reason': case when narrative_chars < text_min_chars then '叙述不足' || text_min_chars::int || '字' end},
        {'rule_id': 'C3', 'reason': case when narrative_chars < text_min_chars then '叙述不足' || text_min_chars::int || '字'
            when not has_previous_year then '无同一单位上一年度的报告' end},
        {'rule_id': 'D1', 'reason': case when province is null or city is null or year is null then '缺少省、市或年度'
            when coalesce(c_d1_ok, false) or coalesce(k_d1_ok, false) then null else c_d1_reason end},
        {'rule_id': 'D2', 'reason': case when province is null or city is null or year is null then '缺少省、市或年度'
            when coalesce(c_d2_ok, false) or coalesce(k_d2_ok, false) then null else c_d2_reason end},
        {'rule_id': 'D3', 'reason': case when province is null or city is null or year is null then '缺少省、市或年度'
            when coalesce(c_d3_ok, false) or coalesce(k_d3_ok, false) then null else c_d3_reason end}
    ]) as r, uncertain_reason, partial_reason
    from inputs
),

final as (
    select report_id, r.rule_id as rule_id, r.reason is null as is_computable, r.reason as not_computable_reason,
           coalesce(r.reason = uncertain_reason, false) as is_uncertain,
           coalesce(r.reason = partial_reason, false) as is_partial
    from reasons
)

select * from final
