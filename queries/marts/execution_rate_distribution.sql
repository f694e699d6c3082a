-- Recomputed execution rates in 5-point bins (100 and above 100 apart), by scope, region and year.
-- materialized: table (rebuilt by ingest.marts.refresh_marts after each load)
create or replace table execution_rate_distribution as

with regions as (select * from int_report_regions where rate_for_points is not null),

binned as (
    select *,
           case when rate_for_points > 100 then 105
                when rate_for_points = 100 then 100
                else least(floor(greatest(rate_for_points, 0) / 5) * 5, 95) end::integer as bin_low
    from regions
),

final as (
    select
        data_scope, level, province, city, county, region_name, year_key as year, bin_low,
        case bin_low when 105 then '>100%' when 100 then '100%'
             else bin_low || '–' || (bin_low + 5) || '%' end as bin_label,
        count(*) as n_reports
    from binned
    group by all
)

select * from final order by data_scope, province, year, level
