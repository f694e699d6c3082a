-- Regions that stand out from their provincial peers, matched to each of their reports (D1, D2).
-- materialized: view
create or replace view int_peer_stats_by_report as

with peers as (
    select *, case when metric = 'bunch_share' then 'D2' else 'D1' end as rule_id
    from int_peer_stats_at_reports
    where metric in ('mean_self', 'all_full_share', 'mean_inflation', 'bunch_share')
),

matched as (
    select *, case metric when 'mean_self' then '平均自评分' when 'all_full_share' then '指标全满分报告占比'
                          when 'bunch_share' then '总分刚过优秀线的报告占比'
                          else '平均虚高分（多报分）' end as metric_zh
    from peers
),

-- shares as percentages, means in points, as a supervisor reads them
shown_as as (
    select *, case when metric in ('all_full_share', 'bunch_share') then '%' else '分' end as unit,
           case when metric in ('all_full_share', 'bunch_share') then 100 else 1 end as scale
    from matched
),

final as (
    select rule_id, report_id,
           string_agg(region_name || year || '年（' || n_reports || '份报告）' || metric_zh || (fmt_num(scale * value) || unit)
                      || '，同省同年其他' || n_peers || '个地区的中位数为' || (fmt_num(scale * peer_median) || unit)
                      || coalesce('，离群上限为' || (fmt_num(scale * band_high) || unit), '')
                      || coalesce('（稳健z值' || fmt_num(z) || '）', ''), '；' order by level, metric) as detail,
           json_group_array(json_object('level', level, 'region', region_name, 'metric', metric, 'value', value,
                            'peer_median', peer_median, 'band_high', band_high, 'z', z, 'n_peers', n_peers)) as items
    from shown_as group by rule_id, report_id
)

select * from final
