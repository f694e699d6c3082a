-- Narrative part lists of current reports.
-- materialized: view
create or replace view stg_part_sums as

with final as (
    select p.* from part_sums as p semi join stg_reports as r using (report_id)
)

select * from final
