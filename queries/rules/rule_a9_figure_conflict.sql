-- A9 (确定): the same figure given twice with different values (not a 元/万元 gap, which is A8).
-- rule: A9
-- severity: 确定
-- title: 同一数字前后不一
-- definition: 同一字段在表格和叙述中取值不同
-- basis: 自评表填报说明
-- settings: score_tolerance, max_figure_candidates
-- needs: certain_money, certain_scores, repeated_figure
-- materialized: view
create or replace view rule_a9_figure_conflict as

-- The same field of the same project, each distinct value once (int_figure_candidates): a sentence
-- counts only where it names the field itself; 下达/共计/节约 amounts may be of another scope or fund.
with figures as (
    select * from int_figure_candidates
    where names_field
      and field in ('budget_initial', 'budget_full_year', 'executed', 'execution_rate',
                    'exec_weight', 'exec_score', 'self_score', 'weight_total')
),
settings as (select * from stg_settings),
rule as (select * from int_anomaly_rules where rule_id = 'A9'),

conflicts as (
    select a.report_id, a.field, a.field_zh, a.value_num as v1, b.value_num as v2, a.raw as raw1, b.raw as raw2,
           a.origin as origin1, b.origin as origin2, least(a.line, b.line) as line, coalesce(a.loc, b.loc) as loc
    from figures as a
    join figures as b on b.report_id = a.report_id and b.field = a.field
                     and (a.line, a.origin, a.value_num) < (b.line, b.origin, b.value_num)
    cross join settings as s
    where abs(a.value_num - b.value_num) > s.score_tolerance
      and not (greatest(a.value_num, b.value_num) / nullif(least(a.value_num, b.value_num), 0)
               between s.unit_gap_low and s.unit_gap_high)
),

-- each value with its unit, and a sentence quoted as written (a table cell is its number)
described as (
    select *,
           case when field in ('budget_initial', 'budget_full_year', 'executed') then '万元'
                when field = 'execution_rate' then '%' else '分' end as unit,
           case when origin1 in ('grid', 'table') then '表格' else '叙述' end as where1,
           case when origin2 in ('grid', 'table') then '表格' else '叙述' end as where2
    from conflicts
),

worded as (
    select *,
           fmt_num(v1) || unit || case when where1 = '叙述' then coalesce('（' || fmt_quote(raw1, 40) || '）', '') else '' end
               as said1,
           fmt_num(v2) || unit || case when where2 = '叙述' then coalesce('（' || fmt_quote(raw2, 40) || '）', '') else '' end
               as said2
    from described
),

broken as (
    select report_id,
           string_agg(field_zh || case when where1 = where2 then '在' || where1 || '中一处为' || said1 || '，另一处为' || said2
                                       else '在' || where1 || '中为' || said1 || '，在' || where2 || '中为' || said2 end
                      || '，相差' || fmt_num(abs(v1 - v2)) || case when unit = '%' then '个百分点' else unit end,
                      '；' order by line, field, v1, v2) as detail,
           to_json(list(json_object('field', field, 'values', [v1, v2], 'raw', [raw1, raw2],
                                        'origins', [origin1, origin2]) order by line, field, v1, v2)) as items,
           min(line) as line, min(loc) as loc
    from worded group by report_id
),

final as (
    select b.report_id, rule.rule_id, rule.severity, rule.title,
           b.detail || '；同一数字前后不一' as explanation,
           json_object('figures', b.items) as evidence,
           b.line as source_line, b.loc as source_loc
    from broken as b cross join rule
)

select * from final
