-- Where values came from, with the value also as a number when it is one.
create or replace view stg_provenance as

with final as (
    select
        report_id, field, origin, value,
        try_cast(value as double) as value_num,
        raw, line, loc
    from provenance
)

select * from final
