-- Each indicator of a current report rescored from its target and actual (DOMAIN.md §2): its rule points,
-- the formula used (in Chinese, shown on the project page) and what it over- or under-claims.
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

units as (
    select
        *,
        -- the same unit written two ways compares as equal (ingest.numbers already folds 百分比/％ into %)
        case when target_unit in ('%', '％', '百分比', '百分点') then '%' else target_unit end as target_unit_key,
        case when actual_unit in ('%', '％', '百分比', '百分点') then '%' else actual_unit end as actual_unit_key,
        -- a time limit (`9月前`, `年底前`, `10个工作日内`): a date or duration at most, never a unit to match
        target_cmp in ('<=', '<') and target_unit in ('月', '工作日', '天', '小时', '分钟', '周', '个月', '年')
            and regexp_matches(coalesce(target, ''), '(前|内)(完成|办结|结束|响应)?\s*$') as is_deadline,
        -- cost and control indicators (成本, 时长, 投诉率, 控制在…以内 …) are lower-is-better unless marked 正向;
        -- savings and timeliness rates (节约率, 及时率) are not costs
        regexp_matches(coalesce(level2, '') || coalesce(name, ''),
                       '成本|费用|单价|时长|用时|耗时|响应时间|办理时间|周期|投诉|发生率|差错率|错误率|事故|违规|违纪|超支|逾期|控制|空置率|损耗|故障率|返工|死亡率|发病率')
            and not regexp_matches(coalesce(name, ''), '节约|节省|节支|下降|降低|压缩|及时率|控制率|达标率|合格率|完成率')
            and not contains(coalesce(target, ''), '正向') as is_cost_like
    from indicators
),

directed as (
    select
        *,
        case when target_cmp in ('<=', '<') then 'lower'
             when target_cmp in ('>=', '>') then 'higher'
             when target_cmp = '=' and is_cost_like then 'lower'
             when target_cmp = '=' then 'equal'
             when is_cost_like and target_num is not null then 'lower'
             -- a bare duration target (`5个工作日`) is a time limit
             when target_unit in ('工作日', '天', '小时', '分钟') then 'lower'
             else 'higher' end as direction,
        -- the same figure written as 人 and 人次 is no unit mismatch, but not safely comparable either
        target_unit_key is not null and actual_unit_key is not null and target_unit_key <> actual_unit_key
            and not (target_unit_key in ('人', '人次') and actual_unit_key in ('人', '人次')) as units_conflict
    from units
),

weighted as (
    select
        *,
        -- no invented weights: an indicator without a printed 分值 gets no rule points
        weight as weight_used,
        not is_deadline and units_conflict as units_differ,
        -- why a figure cannot be compared, in the reviewer's words (null when it can)
        case
            when target_num is null and actual_num is null then '定性表述'
            when target_num is null then '目标值无数字'
            when actual_num is null and coalesce(actual, '') = '' then '实际值缺失'
            when actual_num is null then '实际值无数字'
            -- an actual that repeats the target with its comparator (`≥90%`) measures nothing
            when actual_cmp is not null then '实际值只复述了目标'
            when units_conflict
                then '单位不同（' || coalesce(target_unit, '无') || '与' || coalesce(actual_unit, '无') || '）'
            -- 人 and 人次 compare only where the answer is safe: more people means at least as many visits
            when target_unit_key <> actual_unit_key
                 and not ((direction = 'higher' and actual_unit_key = '人') or (direction = 'lower' and actual_unit_key = '人次'))
                then '单位不同（' || target_unit || '与' || actual_unit || '）'
            -- a count target (`3台`, `12`) answered by `100%`
            when actual_unit_key = '%' and target_unit_key is null
                 and not regexp_matches(coalesce(name, ''), '率|比例|比重|占比|程度|度|%|％')
                then '计数目标填报为百分比'
        end as unverifiable_reason
    from directed
),

classified as (
    select
        *,
        unverifiable_reason is null as is_quantitative,
        -- words that admit partial or no achievement put a qualitative indicator in a lower band
        case when unverifiable_reason is null then null
             when regexp_matches(coalesce(actual, ''), '未完成|未达到|未达成|未实现|没有完成|尚未') then 'not_met'
             when regexp_matches(coalesce(actual, ''), '基本实现|基本完成|基本达到|基本达成|部分完成|部分实现|部分达到|部分达成')
                then 'partial'
        end as qualitative_band
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
            when not c.is_substantive or c.weight_used is null then null
            when c.is_quantitative then case
                when c.is_met then c.weight_used
                when c.direction = 'higher' and c.target_num > 0 then c.weight_used * greatest(c.actual_num, 0) / c.target_num
                -- lower is better: full at the target, nothing at twice the target, linear between
                when c.direction = 'lower' and c.target_num > 0 and c.actual_num < 2 * c.target_num
                    then c.weight_used * (1 - (c.actual_num - c.target_num) / c.target_num)
                when c.direction = 'equal' and c.target_num > 0 and c.actual_num > 0
                    then c.weight_used * least(c.actual_num / c.target_num, c.target_num / c.actual_num)
                else 0 end
            -- qualitative bands (10号): 部分达成 at most 80% of the weight, 未达成 at most 60%
            when c.score is null then null
            when c.qualitative_band = 'partial' then least(c.score, 0.8 * c.weight_used)
            when c.qualitative_band = 'not_met' then least(c.score, 0.6 * c.weight_used)
            -- what cannot be verified is taken as claimed (and counted unverifiable)
            else c.score
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

explained as (
    select
        *,
        -- the rule and the arithmetic behind review_points, as a reviewer writes it in the 复核底稿
        case
            when not is_substantive then null
            when weight_used is null then '未列分值，不复核'
            when is_quantitative and is_deadline and is_met
                then '实际' || actual || '未超过时限' || target || '，得满分' || fmt_num(weight_used)
            when is_quantitative and direction = 'higher' and is_met
                then '实际值' || fmt_num(actual_num) || '÷目标值' || fmt_num(target_num) || '≥1，得满分' || fmt_num(weight_used)
            when is_quantitative and direction = 'higher' and target_num > 0
                then '实际值' || fmt_num(actual_num) || '÷目标值' || fmt_num(target_num) || '×分值' || fmt_num(weight_used)
                     || '＝' || fmt_num(review_points)
            when is_quantitative and direction = 'lower' and is_met
                then '实际值' || fmt_num(actual_num) || '≤目标值' || fmt_num(target_num) || '，得满分' || fmt_num(weight_used)
            when is_quantitative and direction = 'lower' and target_num > 0 and actual_num < 2 * target_num
                then '(1−(实际' || fmt_num(actual_num) || '−目标' || fmt_num(target_num) || ')÷目标' || fmt_num(target_num)
                     || ')×分值' || fmt_num(weight_used) || '＝' || fmt_num(review_points)
            when is_quantitative and direction = 'lower'
                then '实际值' || fmt_num(actual_num) || '达到目标值' || fmt_num(target_num) || '的2倍及以上，得0分'
            when is_quantitative and direction = 'equal' and is_met
                then '实际值' || fmt_num(actual_num) || '＝目标值' || fmt_num(target_num) || '，得满分' || fmt_num(weight_used)
            when is_quantitative and direction = 'equal' and target_num > 0 and actual_num > 0
                then '实际值与目标值' || fmt_num(target_num) || '的较小比值×分值' || fmt_num(weight_used) || '＝' || fmt_num(review_points)
            when is_quantitative then '目标值' || fmt_num(target_num) || '无法按比例计分，得0分'
            when score is null then unverifiable_reason || '，且未填得分，不复核'
            when qualitative_band = 'partial'
                then '定性指标“' || actual || '”属部分达成，最高得分值的80%：' || fmt_num(weight_used) || '×80%＝'
                     || fmt_num(0.8 * weight_used) || '，计' || fmt_num(review_points)
            when qualitative_band = 'not_met'
                then '定性指标“' || actual || '”属未达成，最高得分值的60%：' || fmt_num(weight_used) || '×60%＝'
                     || fmt_num(0.6 * weight_used) || '，计' || fmt_num(review_points)
            else unverifiable_reason || '，无法核验，按自评得分' || fmt_num(score) || '计入'
        end as rule_formula,
        -- verified against the figures or capped by a qualitative band: these points can be argued with
        is_quantitative or qualitative_band is not null as is_verifiable
    from scored
),

final as (
    select
        -- keys and text as printed
        report_id, seq, level1, level2, name, target, actual, deviation_reason, line, loc,
        -- parsed values
        target_cmp, target_num, target_unit, actual_cmp, actual_num, actual_unit,
        weight, score, weight_used, is_substantive,
        -- verdicts
        direction, is_deadline, units_differ, is_quantitative, unverifiable_reason, qualitative_band, is_met,
        round(review_points, 4) as review_points,
        round(review_points, 4) as rule_points,
        rule_formula, is_verifiable,
        -- claimed against the rule, on items a reviewer can check (never netted against each other)
        case when is_verifiable and score is not null and review_points is not null
             then round(greatest(score - review_points, 0), 4) end as over_claim,
        case when is_quantitative and score is not null and review_points is not null
             then round(greatest(review_points - score, 0), 4) end as under_claim,
        is_full_marks, is_over_weight, is_points_lost, actual_equals_target, is_vague,
        has_placeholder, name_repaired, is_satisfaction
    from explained
)

select * from final
