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

-- an amount is in doubt when A8 found 元 and 万元 mixed, or when it is a thousand times its province-year's
-- median (a 元 figure read as 万元): totals leave such reports out and say how many
scale as (
    select province, year, median(exec_budget) filter (where exec_budget > 0) as median_budget
    from metrics group by all
),

doubt as (
    select m.report_id,
           case when exists (select 1 from flags as x where x.report_id = m.report_id and x.rule_id = 'A8')
                    then '金额单位混用（A8）'
                when m.exec_budget > 1000 * s.median_budget
                    then '预算数' || fmt_num(m.exec_budget) || '万元，为同省同年中位数' || fmt_num(s.median_budget)
                         || '万元的1000倍以上' end as money_doubt
    from metrics as m
    left join scale as s on s.province is not distinct from m.province and s.year is not distinct from m.year
),

final as (
    select
        -- identity and place
        m.report_id, m.file_name, m.is_synthetic, m.kind, m.project_name, m.implementing_unit,
        m.supervising_department, m.province, m.city, m.county, m.adcode, m.year,
        -- execution
        m.money_unit, m.budget_initial, m.budget_full_year, m.executed, m.exec_budget,
        m.stated_rate, m.computed_rate, m.computed_rate - m.stated_rate as rate_gap,
        d.money_doubt, d.money_doubt is not null as money_in_doubt,
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
    left join doubt as d using (report_id)
)

select * from final order by province, year, report_id
