-- A11 (确定): parts listed in the narrative do not add up to the total stated beside them (budget
-- components, score components: `自评分96分，其中目标设置12分，……`).
-- rule: A11
-- severity: 确定
-- title: 叙述中分项之和与合计不符
-- definition: 叙述写明合计数及“其中”各分项，各分项之和 ≠ 合计
-- basis: 项目支出绩效自评报告编写要求（数据应前后一致）
-- settings: part_sum_tolerance
-- needs: narrative_parts
-- request: 请核实合计数与各分项数据并更正，提供佐证。
-- materialized: view
create or replace view rule_a11_parts_do_not_add_up as

with settings as (select * from stg_settings),
rule as (select * from int_anomaly_rules where rule_id = 'A11'),

unequal as (
    select p.*
    from stg_part_sums as p, settings as s
    where abs(p.parts_sum - p.total) > greatest(0.01, p.total * s.part_sum_tolerance)
),

listed as (
    select report_id,
           string_agg('“' || text || '”：分项' || array_to_string(list_transform(from_json(parts, '[["VARCHAR"]]'), lambda x: x[1] || fmt_num(x[2]::double) || unit), '＋')
                      || '＝' || fmt_num(parts_sum) || unit || '，与合计' || fmt_num(total) || unit || '相差'
                      || fmt_num(abs(parts_sum - total)) || unit, '；' order by seq) as detail,
           to_json(list(json_object('total', total, 'unit', unit, 'parts', parts, 'parts_sum', parts_sum,
                                        'text', text) order by seq)) as items,
           min(line) as line
    from unequal
    group by report_id
),

final as (
    select l.report_id, rule.rule_id, rule.severity, rule.title, l.detail as explanation,
           json_object('lists', l.items) as evidence, l.line as source_line, null::varchar as source_loc
    from listed as l cross join rule
)

select * from final
