-- Every rule that fired: one row per report and rule, with the Chinese explanation, evidence and source location.
-- Materialized: ingest.marts.refresh_marts re-runs this file after each load.
create or replace table flags as

with fired as (
    select * from rule_a1_rate_mismatch
    union all by name select * from rule_a2_exec_points
    union all by name select * from rule_a3_score_over_weight
    union all by name select * from rule_a4_total_mismatch
    union all by name select * from rule_a5_weights_not_100
    union all by name select * from rule_a6_grade_mismatch
    union all by name select * from rule_a7_executed_over_budget
    union all by name select * from rule_a8_unit_mismatch
    union all by name select * from rule_a9_figure_conflict
    union all by name select * from rule_b1_all_full_marks
    union all by name select * from rule_b2_full_exec_points
    union all by name select * from rule_b3_missed_scored_full
    union all by name select * from rule_b4_lost_without_reason
    union all by name select * from rule_b5_high_total
    union all by name select * from rule_b6_satisfaction_no_survey
    union all by name select * from rule_b7_vague_targets
    union all by name select * from rule_b8_unit_differs
    union all by name select * from rule_b9_dated_before_completion
    union all by name select * from rule_c1_placeholders
    union all by name select * from rule_c2_copied_narrative
    union all by name select * from rule_c3_same_as_last_year
    union all by name select * from rule_d1_peer_outlier
    union all by name select * from rule_d2_bunched_above_90
    union all by name select * from rule_d3_score_ignores_rate
),

reports as (
    select report_id, province, city, county, year, is_synthetic from int_metrics_per_report
),

-- a rule whose inputs were read by OCR below the confidence threshold, or that needs a whole
-- indicator table the document shows only in part, does not flag (it is not computable)
uncertain as (
    select report_id, rule_id from int_rule_applicability where is_uncertain or is_partial
),

final as (
    select
        -- what fired
        f.report_id, f.rule_id, f.severity, f.title, f.explanation, f.evidence::json as evidence,
        -- where to look
        f.source_line, f.source_loc,
        -- filters
        r.province, r.city, r.county, r.year, r.is_synthetic
    from fired as f
    join reports as r using (report_id)
    anti join uncertain as u using (report_id, rule_id)
)

select * from final order by province, year, report_id, rule_id
