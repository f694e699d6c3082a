-- A10 (确定): the fund rows do not add up: in a column, 年度资金总额 ≠ Σ its sources (财政拨款, 上年结转,
-- 其他资金 …), or the total row carries no money at all while its sub-rows do.
-- rule: A10
-- severity: 确定
-- title: 资金来源合计不符
-- definition: 同一栏中年度资金总额 ≠ 财政拨款 + 上年结转 + 其他资金，或总额行为零/空白而其下分项有金额
-- basis: 项目支出绩效自评表填报说明（资金总额等于各来源之和）
-- needs: certain_money, fund_rows
-- request: 请核实资金来源各栏数据并更正，提供预算批复文件佐证。
-- materialized: view
create or replace view rule_a10_fund_rows_do_not_add_up as

with rule as (select * from int_anomaly_rules where rule_id = 'A10'),

-- a block whose total row was read run-together from text (`202010100.00%10`) cannot be split into
-- its columns safely
run_together as (
    select distinct report_id from stg_funds
    where row_role = 'total' and length(raw) > 6 and not regexp_matches(raw, '[|\s]')
),

funds as (
    select f.* from stg_funds as f anti join run_together using (report_id)
    where f.row_role in ('total', 'source')
),

columns as (
    select f.report_id, f.row_role, f.row_label, f.line, c.col, c.label, c.amount
    from funds as f,
         unnest([{'col': 'budget_initial', 'label': '年初预算数', 'amount': f.budget_initial},
                 {'col': 'budget_full_year', 'label': '全年预算数', 'amount': f.budget_full_year},
                 {'col': 'executed', 'label': '全年执行数', 'amount': f.executed}]) as t(c)
),

per_column as (
    select report_id, c.col, c.label,
           max(c.amount) filter (where row_role = 'total') as total,
           count(c.amount) filter (where row_role = 'total') as n_total,
           sum(c.amount) filter (where row_role = 'source') as parts,
           count(c.amount) filter (where row_role = 'source' and c.amount <> 0) as n_parts,
           string_agg(regexp_replace(row_label, '^其中[:：]?', '') || fmt_num(c.amount), '＋' order by line, row_label) filter (where row_role = 'source' and c.amount is not null) as part_text,
           min(line) filter (where row_role = 'total') as line
    from columns as c
    group by all
),

-- the total row shows no money in any column while a source row does
empty_total as (
    select report_id from per_column group by report_id
    having coalesce(sum(abs(total)), 0) = 0 and sum(n_parts) > 0
),

mismatched as (
    select p.*,
           case when e.report_id is not null and p.n_parts > 0 then '年度资金总额的' || p.label || case when p.total is null then '空白' else '为' || fmt_num(p.total) end
                     || '，其下分项却有金额（' || p.part_text || '）'
                when p.total = 0 and p.n_parts > 0 and p.parts > 0
                     then '年度资金总额的' || p.label || '为0，其下分项却有金额（' || p.part_text || '）'
                when p.total > 0 and p.n_parts > 0 and abs(p.parts - p.total) > greatest(0.01, p.total * 0.001)
                     then '年度资金总额的' || p.label || '为' || fmt_num(p.total) || '，而各来源之和' || p.part_text || '＝' || fmt_num(p.parts) || '，相差' || fmt_num(abs(p.total - p.parts))
           end as detail
    from per_column as p
    left join empty_total as e using (report_id)
),

listed as (
    select report_id, string_agg(detail, '；' order by col) as detail,
           to_json(list(json_object('column', label, 'total', total, 'sum_of_sources', parts) order by col)) as items,
           min(line) as line
    from mismatched
    where detail is not null
    group by report_id
),

final as (
    select l.report_id, rule.rule_id, rule.severity, rule.title, l.detail as explanation,
           json_object('columns', l.items) as evidence, l.line as source_line, null::varchar as source_loc
    from listed as l cross join rule
)

select * from final
