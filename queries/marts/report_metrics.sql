-- Per-report metrics: recomputed execution rate, rule points, review score (复核得分), over- and under-claim.
-- materialized: table (rebuilt by ingest.marts.refresh_marts after each load)
create or replace table report_metrics as

with metrics as (select * from int_metrics_per_report),

flag_counts as (
    select report_id,
           count(*) filter (where severity = '确定') as flags_certain,
           count(*) filter (where severity = '疑似') as flags_suspected,
           count(*) filter (where severity = '提示') as flags_note
    from flags group by report_id
),

final as (
    select
        -- identity and place
        m.report_id, m.file_name, m.is_synthetic, m.kind, m.project_name, m.implementing_unit,
        m.supervising_department, m.province, m.city, m.county, m.adcode, m.year,
        -- execution
        m.money_unit, m.budget_initial, m.budget_full_year, m.executed, m.exec_budget,
        m.stated_rate, m.computed_rate, m.computed_rate - m.stated_rate as rate_gap,
        m.exec_weight, m.exec_weight_known, m.exec_score, m.exec_rule_points, m.exec_review_points,
        -- scores: the review is complete, partial (visible items only) or null with the reason
        m.self_score, m.weight_total, m.grade, m.grade_expected, m.review_score, m.review_scope, m.review_reason,
        m.review_max,
        -- 虚高 (inflation) is the over-claim; under-claim and the net gap are shown beside it, never netted
        m.inflation, m.over_claim, m.under_claim, m.net_gap,
        -- indicators
        m.n_indicators, m.n_quantitative, m.n_unverifiable, m.full_mark_share, m.all_full_marks,
        m.vague_share, m.verifiable_share,
        -- flags
        coalesce(f.flags_certain, 0) as flags_certain,
        coalesce(f.flags_suspected, 0) as flags_suspected,
        coalesce(f.flags_note, 0) as flags_note
    from metrics as m
    left join flag_counts as f using (report_id)
)

select * from final order by province, year, report_id
