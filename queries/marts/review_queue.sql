-- Flags to review, with the report they concern and the latest supervisor decision.
-- materialized: view
create or replace view review_queue as

with flags as (select * from flags),
reports as (select * from int_metrics_per_report),

latest_review as (
    select report_id, rule_id,
           arg_max(decision, reviewed_at) as decision, arg_max(note, reviewed_at) as note,
           arg_max(reviewer, reviewed_at) as reviewer, max(reviewed_at) as reviewed_at
    from stg_flag_reviews group by all
),

final as (
    select
        -- the flag
        f.report_id, f.rule_id, f.severity, f.title, f.explanation, f.basis, f.request,
        -- one paragraph a supervisor can forward to the unit as it is: finding, basis, request
        f.title || '：' || f.explanation || case when regexp_matches(f.explanation, '[。；！？]$') then '' else '。' end
            || '依据：' || f.basis || '。' || f.request as forward_text,
        f.evidence, f.source_line, f.source_loc,
        -- the report (place and year from flags, which is sorted by them)
        r.file_name, r.project_name, r.implementing_unit, f.province, f.city, f.county, f.year,
        r.self_score, r.review_score, r.inflation, f.is_synthetic,
        -- the decision
        coalesce(v.decision, 'open') as review_status, v.note as review_note, v.reviewer, v.reviewed_at
    from flags as f
    join reports as r using (report_id)
    left join latest_review as v using (report_id, rule_id)
)

select * from final
