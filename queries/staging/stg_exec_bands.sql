-- The banded execution-score rule as rows: rate at least min_rate earns share × weight.
-- materialized: view
create or replace view stg_exec_bands as

with setting as (
    select unnest(string_split(value, ',')) as band
    from settings
    where name = 'exec_bands'
),

final as (
    select
        cast(split_part(band, ':', 1) as double) as min_rate,
        cast(split_part(band, ':', 2) as double) as share
    from setting
)

select * from final
