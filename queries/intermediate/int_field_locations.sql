-- Where a report-level field was first read (line in the source text and location in the file),
-- with the text as printed and how many decimals its figure shows (the printed precision).
create or replace view int_field_locations as

with located as (
    select report_id, field, line, loc, raw,
           row_number() over (partition by report_id, field order by origin_rank, line) as rn
    from stg_provenance
),

final as (
    select report_id, field, line, loc, raw,
           case when regexp_matches(raw, '\d\s*%')
                then length(regexp_extract(raw, '\d+(?:\.(\d+))?\s*%', 1)) end as printed_decimals
    from located where rn = 1
)

select * from final
