-- Where a report-level field was first read (line in the source text and location in the file).
create or replace view int_field_locations as

with located as (
    select report_id, field, line, loc,
           row_number() over (partition by report_id, field order by origin_rank, line) as rn
    from stg_provenance
),

final as (
    select report_id, field, line, loc from located where rn = 1
)

select * from final
