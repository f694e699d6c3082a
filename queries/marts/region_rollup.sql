-- Province, city and county totals per year (year null = all years), for all data or real data only.
-- materialized: table (rebuilt by ingest.marts.refresh_marts after each load)
create or replace table region_rollup as

with regions as (select * from int_report_regions),

flag_counts as (
    select report_id,
           count(*) filter (where severity = '确定') as n_certain,
           count(*) filter (where severity = '疑似') as n_suspected,
           count(*) filter (where severity = '提示') as n_note
    from flags group by report_id
),

final as (
    select
        -- grain: filter with data_scope, level, province/city/county and year (null = all years)
        r.data_scope, r.level, r.province, r.city, r.county, r.region_name, r.year_key as year,
        -- volume and money (万元)
        count(*) as report_count,
        count(*) filter (where r.is_synthetic) as synthetic_count,
        sum(r.exec_budget) as budget_total,
        sum(r.executed) as executed_total,
        100 * sum(r.executed) filter (where r.exec_budget > 0) / nullif(sum(r.exec_budget) filter (where r.executed is not null), 0)
            as execution_rate_weighted,
        -- scores
        avg(r.self_score) as mean_self_score,
        median(r.self_score) as median_self_score,
        -- a partial review covers only the visible items: not averaged with complete ones
        avg(r.review_score) filter (where r.review_scope = 'complete') as mean_review_score,
        median(r.review_score) filter (where r.review_scope = 'complete') as median_review_score,
        count(*) filter (where r.review_scope = 'complete') as review_count,
        avg(case when r.grade = '优' then 1.0 when r.grade is not null then 0.0 end) as share_you,
        avg(case when r.all_full_marks then 1.0 when r.n_indicators > 0 then 0.0 end) as share_all_full_marks,
        -- 虚高 is the over-claim (Σ claimed above the rule); under-claim is kept apart
        avg(r.inflation) as mean_inflation,
        avg(r.under_claim) as mean_under_claim,
        -- flags
        coalesce(sum(f.n_certain), 0) as flags_certain,
        coalesce(sum(f.n_suspected), 0) as flags_suspected,
        coalesce(sum(f.n_note), 0) as flags_note,
        count(f.report_id) as reports_flagged
    from regions as r
    left join flag_counts as f using (report_id)
    group by all
)

select * from final order by data_scope, province, year, level
