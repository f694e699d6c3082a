-- Narrative sections with surrounding whitespace removed.
-- materialized: view
create or replace view stg_narratives as

with final as (
    select report_id, section, trim(text) as text, line
    from narratives
)

select * from final
