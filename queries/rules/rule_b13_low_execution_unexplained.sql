-- B13 (疑似): execution below 90% and no cause given anywhere in the report (narrative or the
-- indicators' deviation reasons); saying where the rest goes (余款安排下年) is not a cause.
-- rule: B13
-- severity: 疑似
-- title: 执行率偏低未说明原因
-- definition: 预算执行率低于90%，报告叙述和偏差原因中均未说明原因
-- basis: 财预〔2020〕10号 第十三条（偏离绩效目标的应说明原因并提出改进措施）
-- settings: low_execution, cause_regex, exec_denominator
-- needs: execution_rate
-- materialized: view
create or replace view rule_b13_low_execution_unexplained as

with settings as (select * from stg_settings),
rule as (select * from int_anomaly_rules where rule_id = 'B13'),

-- the rate from the money where both amounts are read; a stated rate only where no budget is read
-- (a total row of zeros gives no rate at all)
reports as (
    select *,
           case when exec_budget > 0 and executed is not null then computed_rate
                when exec_budget is null then stated_rate end as rate
    from int_metrics_per_report
),

texts as (
    select report_id, text from stg_narratives
    union all
    select report_id, deviation_reason from stg_indicators where deviation_reason is not null
),

explained as (
    select distinct report_id from texts where regexp_matches(text, getvariable('cause_regex'))
),

low as (
    select r.*, s.low_execution
    from reports as r, settings as s
    where r.rate < s.low_execution
),

final as (
    select l.report_id, rule.rule_id, rule.severity, rule.title,
           case when l.computed_rate is not null and l.exec_budget > 0
                then '全年执行数' || fmt_num(l.executed) || '万元÷' || case when s.exec_denominator = 'initial' then '年初' else '全年' end
                     || '预算数' || fmt_num(l.exec_budget) || '万元＝' || fmt_num(l.rate) || '%'
                else '填报执行率' || fmt_num(l.rate) || '%' end
               || '，低于' || fmt_num(l.low_execution) || '%，报告未说明执行偏低的原因' as explanation,
           json_object('executed', l.executed, 'budget', l.exec_budget, 'rate', l.rate) as evidence,
           null::integer as source_line, null::varchar as source_loc
    from low as l
    cross join rule
    cross join settings as s
    anti join explained as e using (report_id)
)

select * from final
