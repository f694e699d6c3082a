-- The reading the resolver kept for each report-level field (best origin, first in the text): where it
-- was read (line in the source text, location in the file), what it printed and how many decimals its
-- figure shows (the printed precision), and how sure the reader was of it.
-- materialized: view
create or replace view int_field_locations as

with located as (
    select report_id, field, field_zh, value, line, loc, raw, confidence,
           row_number() over (partition by report_id, field order by origin_rank, line) as rn
    from stg_provenance
),

final as (
    select report_id, field, field_zh, value, line, loc, raw, confidence,
           case when regexp_matches(raw, '\d\s*%')
                then length(regexp_extract(raw, '\d+(?:\.(\d+))?\s*%', 1)) end as printed_decimals
    from located where rn = 1
)

select * from final
