-- Grade bands as rows: a total of at least min_score earns the grade.
-- materialized: view
create or replace view stg_grade_bands as

with setting as (
    select unnest(string_split(value, ',')) as band
    from settings
    where name = 'grade_bands'
),

final as (
    select
        trim(split_part(band, ':', 1)) as grade,
        cast(split_part(band, ':', 2) as double) as min_score
    from setting
)

select * from final
