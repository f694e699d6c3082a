-- C1 (提示): template placeholders left in (指标1, XX, ××, ……, blank names).
-- rule: C1
-- severity: 提示
-- title: 模板占位符未删除
-- definition: 指标名或项目名含 指标1、XX、××、…… 或为空
-- basis: 绩效自评复核问题清单
-- settings: placeholder_regex
-- needs: 
-- materialized: view
create or replace view rule_c1_placeholders as

with indicators as (select * from int_indicators_scored where has_placeholder),
reports as (select * from int_metrics_per_report),
settings as (select * from stg_settings),
rule as (select * from int_anomaly_rules where rule_id = 'C1'),

names as (
    select report_id,
           count(*) as n,
           count(*) filter (where name_repaired) as n_repaired,
           list(coalesce(name, '（空）') order by seq)[1:5] as examples,
           min(line) as line, min(loc) as loc
    from indicators group by report_id
),

broken as (
    select r.report_id, r.project_name, coalesce(n.n, 0) as n, coalesce(n.n_repaired, 0) as n_repaired,
           n.examples, n.line, n.loc,
           -- a name printed as a placeholder; an unread name, or a department-wide report, has none to miss
           coalesce(r.kind = 'project' and regexp_matches(r.project_name, getvariable('placeholder_regex')), false)
               as project_placeholder
    from reports as r
    cross join settings as s
    left join names as n using (report_id)
    where n.n > 0
       or coalesce(r.kind = 'project' and regexp_matches(r.project_name, getvariable('placeholder_regex')), false)
),

final as (
    select b.report_id, rule.rule_id, rule.severity, rule.title,
           concat_ws('；',
               case when b.project_placeholder then '项目名称“' || coalesce(b.project_name, '') || '”含占位符' end,
               case when b.n > 0 then b.n || '个指标名为模板占位符或空白'
                   || case when b.n_repaired > 0 then '（其中' || b.n_repaired || '个“指标1：”式占位符已由相邻单元格补全）' else '' end
               end) as explanation,
           json_object('n_placeholder', b.n, 'n_repaired', b.n_repaired, 'project_name', b.project_name) as evidence,
           b.line as source_line, b.loc as source_loc
    from broken as b cross join rule
)

select * from final
