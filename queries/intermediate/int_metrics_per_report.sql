-- One row per current report: recomputed execution, review score (复核得分) and the inputs of the rules.
-- materialized: table (rebuilt by ingest.marts.refresh_marts after each load)
create or replace table int_metrics_per_report as

with reports as (
    select r.*, coalesce(s.is_synthetic, false) as is_synthetic, s.file_name
    from stg_reports as r
    left join stg_sources as s using (sha256)
),

settings as (
    select * from stg_settings
),

indicator_totals as (
    select
        report_id,
        count(*) filter (where is_substantive) as n_indicators,
        count(score) as n_scored,
        count(weight) as n_weighted,
        sum(weight) as sum_weights,
        sum(score) as sum_scores,
        count(weight) filter (where is_substantive) as n_weighted_substantive,
        sum(review_points) as sum_review_points,
        sum(weight) filter (where review_points is not null) as reviewed_weight,
        count(*) filter (where is_substantive and review_points is null and weight is not null) as n_unscored_weighted,
        count(*) filter (where is_full_marks) as n_full_marks,
        count(*) filter (where is_quantitative) as n_quantitative,
        count(*) filter (where is_verifiable and over_claim is not null) as n_verifiable,
        -- verifiable: rescored from figures (echoed actuals and counts written as 100% are not)
        sum(weight) filter (where is_quantitative) as verifiable_weight,
        sum(weight) filter (where is_substantive) as indicator_weight_used,
        sum(over_claim) as indicator_over_claim,
        sum(under_claim) as indicator_under_claim,
        count(*) filter (where actual_equals_target) as n_actual_equals_target,
        count(*) filter (where is_vague) as n_vague,
        count(*) filter (where has_placeholder) as n_placeholder,
        count(*) filter (where units_differ) as n_units_differ,
        count(*) filter (where is_over_weight) as n_over_weight,
        count(*) filter (where is_quantitative and not is_met and is_full_marks) as n_missed_full,
        count(*) filter (where is_points_lost and deviation_reason is null) as n_lost_no_reason,
        -- a satisfaction actual in percent, with or without the sign (`100` under a % target)
        max(actual_num) filter (where is_satisfaction and (actual_unit in ('%', '％')
                                 or (coalesce(actual_unit, '') = '' and actual_num <= 100))) as max_satisfaction
    from int_indicators_scored
    group by report_id
),

stated_satisfaction as (
    -- satisfaction claimed in the narrative (`群众满意度100%`), read by ingest.narrative
    select report_id, max(value_num) as narrative_satisfaction
    from stg_provenance where field = 'satisfaction' group by report_id
),

narrative_totals as (
    select
        report_id,
        max(text) filter (where section = 'problems') as problems_text,
        max(line) filter (where section = 'problems') as problems_line,
        string_agg(text, ' ' order by section, line) as all_text
    from stg_narratives
    group by report_id
),

execution as (
    select
        r.*,
        case when s.exec_denominator = 'initial' then coalesce(r.budget_initial, r.budget_full_year)
             else coalesce(r.budget_full_year, r.budget_initial) end as exec_budget,
        -- the execution weight the form implies when it does not print it: what its total leaves after the
        -- indicator weights (20 where the indicators carry 80), on a complete table with every weight printed;
        -- without a printed total, only when that leaves exactly the default (never assume 10 against the form)
        case when r.table_complete and i.n_weighted_substantive = i.n_indicators and i.n_indicators > 0
                  and r.weight_total > i.sum_weights then r.weight_total - i.sum_weights
             when r.table_complete and i.n_weighted_substantive = i.n_indicators and i.n_indicators > 0
                  and r.weight_total is null and s.weight_total - i.sum_weights = s.default_exec_weight
                then s.default_exec_weight
        end as exec_weight_implied
    from reports as r
    cross join settings as s
    left join indicator_totals as i using (report_id)
),

weighed as (
    select
        *,
        -- the weight a review may use: printed or implied by the form, never a default
        coalesce(exec_weight, exec_weight_implied) as exec_weight_known,
        -- the rules compare a printed score against the default weight when the form shows none
        coalesce(exec_weight, exec_weight_implied, s.default_exec_weight) as exec_weight_used
    from execution, settings as s
),

rated as (
    select
        *,
        case when exec_budget > 0 then round(executed / exec_budget * 100, 4) end as computed_rate
    from weighed
),

pointed as (
    select
        r.*,
        coalesce(r.computed_rate, r.stated_rate) as rate_for_points,
        -- no rate, no points (least(null, 100) is 100 in DuckDB, so test for null first)
        case when coalesce(r.computed_rate, r.stated_rate) is not null
             then round(case when s.exec_rule = 'bands' then b.share
                             else least(coalesce(r.computed_rate, r.stated_rate), 100) / 100
                        end * r.exec_weight_used, 2) end as exec_rule_points,
        case when coalesce(r.computed_rate, r.stated_rate) is not null and r.exec_weight_known is not null
             then round(case when s.exec_rule = 'bands' then b.share
                             else least(coalesce(r.computed_rate, r.stated_rate), 100) / 100
                        end * r.exec_weight_known, 2) end as exec_review_points
    from rated as r
    cross join settings as s
    asof left join stg_exec_bands as b on coalesce(r.computed_rate, r.stated_rate) >= b.min_rate
),

graded as (
    select p.*, g.grade as grade_expected
    from pointed as p
    asof left join stg_grade_bands as g on p.self_score >= g.min_score
),

joined as (
    select
        g.*,
        i.* exclude (report_id, max_satisfaction),
        greatest(i.max_satisfaction, st.narrative_satisfaction) as max_satisfaction,
        n.* exclude (report_id),
        s.score_tolerance, s.high_total, s.satisfaction_high, s.vague_share as vague_share_max,
        -- patterns come from session variables (set by write_settings) so DuckDB compiles them once
        regexp_matches(coalesce(n.problems_text, ''), getvariable('no_problem_regex')) as problems_none,
        regexp_matches(coalesce(n.all_text, ''), getvariable('survey_regex')) as survey_mentioned
    from graded as g
    cross join settings as s
    left join indicator_totals as i using (report_id)
    left join stated_satisfaction as st using (report_id)
    left join narrative_totals as n using (report_id)
),

reviewed as (
    select
        *,
        case when coalesce(n_indicators, 0) = 0 or coalesce(n_weighted_substantive, 0) = 0 then null
             when table_complete and n_weighted_substantive = n_indicators and n_unscored_weighted = 0
                  and exec_review_points is not null then 'complete'
             else 'partial' end as review_scope,
        -- over- and under-claim on the execution line: its points against the rule at the printed weight
        case when exec_score is not null and exec_review_points is not null
             then greatest(exec_score - exec_review_points, 0) end as exec_over_claim,
        case when exec_score is not null and exec_review_points is not null
             then greatest(exec_review_points - exec_score, 0) end as exec_under_claim
    from joined
),

explained as (
    select
        *,
        case
            when coalesce(n_indicators, 0) = 0 then '未读出绩效指标，无法复核'
            when coalesce(n_weighted_substantive, 0) = 0 then '指标表未列分值，无法复核（不推定分值）'
            when review_scope = 'partial' then '部分复核，仅计可见项目：' || array_to_string(list_filter([
                case when not table_complete then coalesce(table_reason, '指标表不完整') end,
                case when n_indicators > n_weighted_substantive
                     then (n_indicators - n_weighted_substantive) || '项指标未列分值' end,
                case when n_unscored_weighted > 0 then n_unscored_weighted || '项无法核验的指标未填得分' end,
                case when rate_for_points is null then '缺少执行率，未计预算执行分'
                     when exec_weight_known is null then '未列预算执行分值，未计预算执行分' end
            ], lambda x: x is not null), '；')
        end as review_reason,
        -- nothing verifiable, nothing to claim over: null rather than a reassuring 0
        case when exec_over_claim is not null or coalesce(n_verifiable, 0) > 0
             then round(coalesce(exec_over_claim, 0) + coalesce(indicator_over_claim, 0), 2) end as over_claim,
        case when exec_under_claim is not null or coalesce(n_verifiable, 0) > 0
             then round(coalesce(exec_under_claim, 0) + coalesce(indicator_under_claim, 0), 2) end as under_claim
    from reviewed
),

final as (
    select
        -- identity
        report_id, sha256, file_name, is_synthetic, kind, project_name, implementing_unit,
        supervising_department, province, city, county, adcode, year,
        -- money and execution
        money_unit, budget_initial, budget_full_year, executed, exec_budget,
        stated_rate, computed_rate, rate_for_points,
        exec_weight, exec_weight_implied, exec_weight_used, exec_weight_known, exec_score, exec_rule_points,
        -- totals as claimed
        self_score, grade, grade_raw, grade_expected, weight_total, table_complete, table_reason,
        coalesce(n_indicators, 0) as n_indicators, n_scored, n_weighted, sum_weights, sum_scores,
        -- review score (复核得分): complete, partial over the visible items, or null with the reason
        review_scope, review_reason, exec_review_points,
        case when review_scope is not null
             then round(coalesce(exec_review_points, 0) + coalesce(sum_review_points, 0), 2) end as review_score,
        case when review_scope is not null
             then coalesce(case when exec_review_points is not null then exec_weight_known end, 0)
                  + coalesce(reviewed_weight, 0) end as review_max,
        over_claim, under_claim,
        -- the headline 虚高 is the over-claim: points a unit gave itself beyond the rule, never netted
        -- against points it left out elsewhere (D1's mean_inflation averages it)
        over_claim as inflation,
        case when review_scope = 'complete' then round(self_score - (coalesce(exec_review_points, 0)
             + coalesce(sum_review_points, 0)), 2) end as net_gap,
        -- indicator shares
        n_full_marks, n_full_marks / nullif(n_scored, 0) as full_mark_share,
        n_scored > 0 and n_full_marks = n_scored as all_full_marks,
        n_vague, n_vague / nullif(n_indicators, 0) as vague_share,
        n_quantitative, n_indicators - n_quantitative as n_unverifiable,
        -- weight rescored from figures over all weight known; null when no weight is printed
        case when coalesce(n_weighted, 0) > 0 or exec_weight_known is not null
             then ((case when exec_review_points is not null then exec_weight_known else 0 end) + coalesce(verifiable_weight, 0))
                  / nullif(coalesce(exec_weight_known, 0) + coalesce(indicator_weight_used, 0), 0) end as verifiable_share,
        n_actual_equals_target, n_placeholder, n_units_differ, n_over_weight, n_missed_full,
        n_lost_no_reason, max_satisfaction,
        -- dates and narrative signals
        filed_date, project_end_date, claims_completion,
        problems_text, problems_line, not problems_none as problems_admitted, survey_mentioned,
        coalesce(length(all_text), 0) as narrative_chars,
        -- tolerances used by the rules
        score_tolerance, high_total, satisfaction_high, vague_share_max
    from explained
)

select * from final
