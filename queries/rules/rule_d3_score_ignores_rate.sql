-- D3 (疑似): within a city or county, self scores do not move with the execution rate.
create or replace view rule_d3_score_ignores_rate as

with peers as (select * from int_peer_stats where is_outlier and metric = 'self_rate_corr'),
reports as (select * from int_metrics_per_report),
rule as (select * from int_anomaly_rules where rule_id = 'D3'),

matched as (
    select r.report_id, p.*
    from reports as r
    join peers as p on p.province = r.province and p.year = r.year
     and ((p.level = 'city' and p.city = r.city) or (p.level = 'county' and p.county = r.county))
),

broken as (
    select report_id,
           string_agg(region_name || year || '年' || n_reports || '份报告的自评分与执行率相关系数仅' || fmt_num(value)
                      || '（低于' || fmt_num(band_low) || '），得分不随执行率变化', '；' order by level) as detail,
           json_group_array(json_object('level', level, 'region', region_name, 'corr', value,
                                        'threshold', band_low, 'n_reports', n_reports)) as items
    from matched group by report_id
),

final as (
    select b.report_id, rule.rule_id, rule.severity, rule.title, b.detail as explanation,
           json_object('units', b.items) as evidence, null::integer as source_line, null::varchar as source_loc
    from broken as b cross join rule
)

select * from final
