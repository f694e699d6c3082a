-- Self and review scores in 1-point bins (bin = floor of the score), by scope, region and year.
-- materialized: table (rebuilt by ingest.marts.refresh_marts after each load)
create or replace table score_distribution as

with regions as (select * from int_report_regions),

scores as (
    select data_scope, level, province, city, county, region_name, year_key, 'self' as score_kind, self_score as score
    from regions where self_score is not null
    union all
    select data_scope, level, province, city, county, region_name, year_key, 'review', review_score
    from regions where review_score is not null
),

final as (
    select
        data_scope, level, province, city, county, region_name, year_key as year, score_kind,
        least(greatest(floor(score), 0), 100)::integer as bin,
        count(*) as n_reports
    from scores
    group by all
)

select * from final order by data_scope, province, year, level
