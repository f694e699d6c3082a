-- Supervisors' decisions on flags.
-- materialized: view
create or replace view stg_flag_reviews as

with final as (
    select report_id, rule_id, decision, note, reviewer, reviewed_at
    from flag_reviews
)

select * from final
