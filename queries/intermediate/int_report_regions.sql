-- Each current report once per data scope (all | real), region level (province | city | county) and year (null = all years).
-- materialized: view
create or replace view int_report_regions as

with reports as (
    select * from int_metrics_per_report
),

scoped as (
    select s.data_scope, r.*
    from reports as r
    join (values ('all'), ('real')) as s(data_scope) on s.data_scope = 'all' or not r.is_synthetic
),

leveled as (
    select 'province' as level, province as region_name, null::varchar as city_key, null::varchar as county_key, *
    from scoped where province is not null
    union all
    select 'city', city, city, null, * from scoped where city is not null
    union all
    -- reports of the city itself or without a county stay in the city's county view, under one name
    select 'county', coalesce(county, '市本级/未注明区县'), city, coalesce(county, '市本级/未注明区县'), *
    from scoped where city is not null
),

final as (
    select data_scope, level, province, city_key as city, county_key as county, region_name,
           year as year_key, * exclude (data_scope, level, province, city, county, region_name, city_key, county_key)
    from leveled where year is not null
    union all
    select data_scope, level, province, city_key, county_key, region_name,
           null::integer, * exclude (data_scope, level, province, city, county, region_name, city_key, county_key)
    from leveled
)

select * from final
