-- Current reports only (a re-filing supersedes the old row); amounts already in 万元.
-- materialized: view
create or replace view stg_reports as

with source as (
    select * from reports where is_current
),

final as (
    select
        report_id, sha256, kind, project_name, implementing_unit, supervising_department,
        province, city, county, adcode, year, money_unit,
        budget_initial, budget_full_year, executed,
        execution_rate as stated_rate,
        exec_weight, exec_score, self_score,
        case when grade like '优%' then '优' when grade like '良%' then '良'
             when grade like '中%' then '中' when grade like '差%' then '差' end as grade,
        grade as grade_raw,
        weight_total, filed_date, project_end_date, claims_completion,
        goal_target, goal_actual,
        -- the reader's completeness record: is the indicator table whole, and if not, why
        -- (null for reports loaded before the record existed: treated as complete)
        coalesce(json_extract_string(completeness, '$.indicator_table.complete') <> 'false', true) as table_complete,
        json_extract_string(completeness, '$.indicator_table.reason') as table_reason,
        json_extract_string(completeness, '$.summary') as summary_reason
    from source
)

select * from final
