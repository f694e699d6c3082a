-- Where values came from, with the value also as a number when it is one and the field's Chinese name.
-- materialized: view
create or replace view stg_provenance as

with final as (
    select
        report_id, field, origin, value,
        try_cast(value as double) as value_num,
        raw, line, loc, confidence,
        case field
            when 'budget_initial' then '年初预算数' when 'budget_full_year' then '全年预算数'
            when 'executed' then '全年执行数' when 'execution_rate' then '执行率'
            when 'exec_weight' then '预算执行分值' when 'exec_score' then '预算执行得分'
            when 'self_score' then '自评得分' when 'weight_total' then '分值合计' when 'grade' then '自评等级'
            when 'savings' then '节约资金' when 'year' then '评价年度' when 'satisfaction' then '满意度'
            else field
        end as field_zh,
        case when origin in ('grid', 'table') then '表格' when origin = 'narrative' then '叙述' else '推算' end as origin_zh,
        -- the resolver's precedence (ingest.model.PRECEDENCE): a grid cell beats aligned text, then narrative
        case origin when 'grid' then 0 when 'table' then 1 when 'narrative' then 2 else 3 end as origin_rank
    from provenance
)

select * from final
