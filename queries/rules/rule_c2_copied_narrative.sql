-- C2 (提示): narrative nearly identical to another project's or city's report (MinHash, text_similarity).
-- rule: C2
-- severity: 提示
-- title: 叙述与其他报告雷同
-- definition: 叙述与其他单位/项目的报告高度相似
-- basis: 绩效自评复核问题清单
-- settings: copy_threshold, shingle_size, minhash_perm, text_min_chars
-- needs: narrative
-- materialized: view
create or replace view rule_c2_copied_narrative as

with pairs as (select * from text_similarity where kind = 'cross'),
reports as (select * from int_metrics_per_report),
settings as (select * from stg_settings),
rule as (select * from int_anomaly_rules where rule_id = 'C2'),

best as (
    select p.report_id, max(p.similarity) as similarity, first(p.other_report_id order by p.similarity desc, p.other_report_id) as other_report_id,
           count(*) as n_matches
    from pairs as p cross join settings as s
    where p.similarity >= s.copy_threshold
    group by p.report_id
),

broken as (
    select b.*, o.implementing_unit as other_unit, o.project_name as other_project, o.year as other_year
    from best as b
    join reports as r using (report_id)
    left join reports as o on o.report_id = b.other_report_id
),

final as (
    select b.report_id, rule.rule_id, rule.severity, rule.title,
           '报告叙述与' || coalesce(fmt_text(b.other_unit), '另一单位')
               || coalesce(b.other_year::varchar || '年', '') || '的报告' || coalesce('《' || fmt_text(b.other_project) || '》', '')
               || '相似度达' || fmt_num(100 * b.similarity) || '%'
               || case when b.n_matches > 1 then '，另有' || (b.n_matches - 1) || '份报告高度相似' else '' end as explanation,
           json_object('other_report_id', b.other_report_id, 'similarity', b.similarity, 'n_matches', b.n_matches) as evidence,
           null::integer as source_line, null::varchar as source_loc
    from broken as b cross join rule
)

select * from final
