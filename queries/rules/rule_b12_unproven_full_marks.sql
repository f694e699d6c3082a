-- B12 (疑似): full marks on an indicator whose actual proves nothing: missing, a dash, an echo of
-- the target (`≥90%` as what was achieved) or a bare 完成/是 against a numeric target.
-- rule: B12
-- severity: 疑似
-- title: 实际值缺失或照抄目标却得满分
-- definition: 实际完成值为空、为横线、照抄目标值（带≥/≤）或对数值目标只写“完成/是”，得分仍等于分值
-- basis: 财预〔2020〕10号 附件1（按实际完成值计分）
-- settings: score_tolerance
-- needs: indicator_weights_and_scores
-- materialized: view
create or replace view rule_b12_unproven_full_marks as

with rule as (select * from int_anomaly_rules where rule_id = 'B12'),

unproven as (
    select *,
           case when actual is null or regexp_matches(actual, '^\s*(/|—+|-+|－|无|\\)?\s*$') then '未填实际完成值'
                when actual_cmp is not null then '实际完成值“' || fmt_text(actual) || '”照抄了目标的比较符号，不是实际完成数'
                when target_num is not null and actual_num is null
                     and regexp_matches(replace(actual, ' ', ''), '^(已)?(完成|是|达到|达成|实现|已完成|合格|满足)[。.]?$')
                    then '目标为数值' || fmt_text(target) || '，实际只写“' || fmt_text(actual) || '”'
           end as why
    from int_indicators_scored
    where is_full_marks and is_substantive
),

listed as (
    select report_id,
           string_agg(fmt_name(name) || why || '，仍得满分' || fmt_num(score) || '分',
                      '；' order by seq) as detail,
           to_json(list(json_object('seq', seq, 'name', name, 'target', target, 'actual', actual,
                                        'weight', weight, 'score', score) order by seq)) as items,
           min(line) as line, min(loc) as loc
    from unproven
    where why is not null
    group by report_id
),

final as (
    select l.report_id, rule.rule_id, rule.severity, rule.title, l.detail as explanation,
           json_object('indicators', l.items) as evidence, l.line as source_line, l.loc as source_loc
    from listed as l cross join rule
)

select * from final
