-- Every decision ever recorded on a flag, oldest first: a changed verdict keeps the earlier one with its time
-- and author (flag_reviews is only appended to); the latest one is the flag's current status (review_queue).
-- materialized: view
create or replace view flag_review_history as

with reviews as (select * from stg_flag_reviews),

ordered as (
    select
        *,
        row_number() over (partition by report_id, rule_id order by reviewed_at) as revision,
        count(*) over (partition by report_id, rule_id) as revisions,
        lag(decision) over (partition by report_id, rule_id order by reviewed_at) as previous_decision
    from reviews
),

final as (
    select
        -- the flag
        report_id, rule_id,
        -- the decision, in order
        revision, decision, previous_decision, note, reviewer, reviewed_at,
        -- the one that counts now; the others were changed later
        revision = revisions as is_current
    from ordered
)

select * from final
