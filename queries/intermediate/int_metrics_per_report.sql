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
        sum(review_points) as sum_review_points,
        count(*) filter (where is_full_marks) as n_full_marks,
        count(*) filter (where is_quantitative) as n_quantitative,
        sum(weight_used) filter (where is_quantitative) as verifiable_weight,
        sum(weight_used) as indicator_weight_used,
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
        string_agg(text, ' ') as all_text
    from stg_narratives
    group by report_id
),

execution as (
    select
        r.*,
        case when s.exec_denominator = 'initial' then coalesce(r.budget_initial, r.budget_full_year)
             else coalesce(r.budget_full_year, r.budget_initial) end as exec_budget,
        coalesce(r.exec_weight, s.default_exec_weight) as exec_weight_used
    from reports as r, settings as s
),

rated as (
    select
        *,
        case when exec_budget > 0 then round(executed / exec_budget * 100, 4) end as computed_rate
    from execution
),

pointed as (
    select
        r.*,
        coalesce(r.computed_rate, r.stated_rate) as rate_for_points,
        round(case when s.exec_rule = 'bands' then b.share
                   else least(coalesce(r.computed_rate, r.stated_rate), 100) / 100
              end * r.exec_weight_used, 2) as exec_rule_points
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

final as (
    select
        -- identity
        report_id, sha256, file_name, is_synthetic, kind, project_name, implementing_unit,
        supervising_department, province, city, county, adcode, year,
        -- money and execution
        money_unit, budget_initial, budget_full_year, executed, exec_budget,
        stated_rate, computed_rate, rate_for_points,
        exec_weight, exec_weight_used, exec_score, exec_rule_points,
        -- totals as claimed
        self_score, grade, grade_raw, grade_expected, weight_total,
        coalesce(n_indicators, 0) as n_indicators, n_scored, n_weighted, sum_weights, sum_scores,
        -- review score (复核得分)
        case when n_indicators > 0 and exec_rule_points is not null
             then round(exec_rule_points + sum_review_points, 2) end as review_score,
        self_score - case when n_indicators > 0 and exec_rule_points is not null
             then round(exec_rule_points + sum_review_points, 2) end as inflation,
        -- indicator shares
        n_full_marks, n_full_marks / nullif(n_scored, 0) as full_mark_share,
        n_scored > 0 and n_full_marks = n_scored as all_full_marks,
        n_vague, n_vague / nullif(n_indicators, 0) as vague_share,
        n_quantitative, n_indicators - n_quantitative as n_unverifiable,
        ((case when computed_rate is not null then exec_weight_used else 0 end) + coalesce(verifiable_weight, 0))
            / nullif(exec_weight_used + coalesce(indicator_weight_used, 0), 0) as verifiable_share,
        n_actual_equals_target, n_placeholder, n_units_differ, n_over_weight, n_missed_full,
        n_lost_no_reason, max_satisfaction,
        -- dates and narrative signals
        filed_date, project_end_date, claims_completion,
        problems_text, problems_line, not problems_none as problems_admitted, survey_mentioned,
        coalesce(length(all_text), 0) as narrative_chars,
        -- tolerances used by the rules
        score_tolerance, high_total, satisfaction_high, vague_share_max
    from joined
)

select * from final
