-- Each indicator of a current report rescored from its target and actual (DOMAIN.md §2).
-- Materialized (read by the metrics and seven rules): ingest.marts.refresh_marts re-runs this file after each load.
-- materialized: table (rebuilt by ingest.marts.refresh_marts after each load)
create or replace table int_indicators_scored as

with indicators as (
    select
        i.*, r.exec_weight,
        -- rows like 指标2：…… with nothing filled in are template leftovers, not indicators
        coalesce(i.target, '') <> '' or coalesce(i.actual, '') <> '' or i.score is not null or i.weight is not null
            as is_substantive
    from stg_indicators as i
    join stg_reports as r using (report_id)
),

settings as (
    select * from stg_settings
),

weighted as (
    select
        i.*,
        -- missing weights share what the printed ones leave of the total
        case when i.is_substantive then coalesce(i.weight,
            (s.weight_total - coalesce(i.exec_weight, s.default_exec_weight)
             - coalesce(sum(i.weight) over per_report, 0))
            / nullif(count(*) filter (where i.is_substantive) over per_report - count(i.weight) over per_report, 0))
        end as weight_used,
        i.target_unit is not null and i.actual_unit is not null
            and i.target_unit <> i.actual_unit as units_differ,
        case when i.target_cmp in ('<=', '<') then 'lower'
             when i.target_cmp = '=' then 'equal' else 'higher' end as direction
    from indicators as i, settings as s
    window per_report as (partition by i.report_id)
),

classified as (
    select
        *,
        target_num is not null and actual_num is not null and not units_differ as is_quantitative
    from weighted
),

checked as (
    select
        *,
        case when not is_quantitative then null
             when direction = 'higher' then actual_num >= target_num
             when direction = 'lower' then actual_num <= target_num
             else abs(actual_num - target_num) < 1e-9 end as is_met
    from classified
),

scored as (
    select
        c.*,
        case
            when not c.is_substantive then null
            when not c.is_quantitative then coalesce(c.score, c.weight_used)
            when c.is_met then c.weight_used
            when c.direction = 'higher' and c.target_num > 0 then c.weight_used * greatest(c.actual_num, 0) / c.target_num
            when c.direction = 'lower' and c.actual_num > 0 then c.weight_used * c.target_num / c.actual_num
            when c.direction = 'equal' and c.target_num > 0 and c.actual_num > 0
                then c.weight_used * least(c.actual_num / c.target_num, c.target_num / c.actual_num)
            else 0
        end as review_points,
        c.score is not null and c.weight is not null and c.score >= c.weight - s.score_tolerance as is_full_marks,
        c.score is not null and c.weight is not null and c.score > c.weight + s.score_tolerance as is_over_weight,
        c.score is not null and c.weight is not null and c.score < c.weight - s.score_tolerance as is_points_lost,
        (c.target_num is not null and c.actual_num is not null and c.target_num = c.actual_num)
            or replace(c.actual, ' ', '') = replace(c.target, ' ', '')
            or regexp_matches(coalesce(c.actual, ''), '^\s*100(\.0+)?\s*[%％]') as actual_equals_target,
        -- vague_regex is built from the vague_words setting by write_settings
        -- a target or an actual without a figure that only says 大幅提高/是/基本实现 …, or an actual that
        -- echoes a comparator (`≧90%` as what was achieved)
        (c.target_num is null and regexp_matches(coalesce(c.target, ''), getvariable('vague_regex')))
            or (c.actual_num is null and regexp_matches(coalesce(c.actual, ''), getvariable('vague_regex')))
            or c.actual_cmp is not null as is_vague,
        c.is_placeholder or c.name_repaired or case
            when c.name is null or length(c.name) <= 6 or regexp_matches(c.name, '[Xx×…]|\.\.\.')
            then regexp_matches(coalesce(c.name, ''), getvariable('placeholder_regex')) else false end as has_placeholder,
        contains(coalesce(c.level1, '') || coalesce(c.level2, '') || coalesce(c.name, ''), '满意') as is_satisfaction
    from checked as c, settings as s
),

final as (
    select
        -- keys and text as printed
        report_id, seq, level1, level2, name, target, actual, deviation_reason, line, loc,
        -- parsed values
        target_cmp, target_num, target_unit, actual_cmp, actual_num, actual_unit,
        weight, score, weight_used, is_substantive,
        -- verdicts
        direction, units_differ, is_quantitative, is_met, round(review_points, 4) as review_points,
        is_full_marks, is_over_weight, is_points_lost, actual_equals_target, is_vague,
        has_placeholder, name_repaired, is_satisfaction
    from scored
)

select * from final
