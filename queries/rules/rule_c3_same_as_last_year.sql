-- C3 (提示): narrative nearly unchanged from the same unit's report of the previous year.
-- rule: C3
-- severity: 提示
-- title: 与上年报告雷同
-- definition: 叙述与同一单位上一年的报告几乎相同
-- basis: 绩效自评复核问题清单
-- settings: prev_year_threshold, shingle_size, minhash_perm, text_min_chars
-- needs: narrative, previous_year
-- materialized: view
create or replace view rule_c3_same_as_last_year as

with pairs as (select * from text_similarity where kind = 'previous_year'),
reports as (select * from int_metrics_per_report),
settings as (select * from stg_settings),
rule as (select * from int_anomaly_rules where rule_id = 'C3'),

broken as (
    select p.report_id, max(p.similarity) as similarity, first(p.other_report_id order by p.similarity desc, p.other_report_id) as other_report_id
    from pairs as p cross join settings as s
    where p.similarity >= s.prev_year_threshold
    group by p.report_id
),

final as (
    select b.report_id, rule.rule_id, rule.severity, rule.title,
           '报告叙述与本单位' || coalesce(o.year::varchar || '年', '上一年') || '的报告' || coalesce('《' || fmt_text(o.project_name) || '》', '')
               || '相似度达' || fmt_num(100 * b.similarity) || '%，几乎未作修改' as explanation,
           json_object('other_report_id', b.other_report_id, 'similarity', b.similarity) as evidence,
           null::integer as source_line, null::varchar as source_loc
    from broken as b
    join reports as r using (report_id)
    left join reports as o on o.report_id = b.other_report_id
    cross join rule
)

select * from final
