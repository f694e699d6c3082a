-- Self-assessed grades (优 良 中 差, 未填) by scope, region and year, with the share of the region.
-- materialized: table (rebuilt by ingest.marts.refresh_marts after each load)
create or replace table grade_distribution as

with regions as (select * from int_report_regions),

counted as (
    select data_scope, level, province, city, county, region_name, year_key as year,
           coalesce(grade, '未填') as grade, count(*) as n_reports
    from regions
    group by all
),

final as (
    select
        data_scope, level, province, city, county, region_name, year, grade, n_reports,
        n_reports / sum(n_reports) over (partition by data_scope, level, province, city, county, region_name, year)
            as share
    from counted
)

select * from final order by data_scope, province, year, level
