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
                          else '平均虚高分（自评−复核）' end as metric_zh
    from peers
),

final as (
    select rule_id, report_id,
           string_agg(region_name || year || '年' || metric_zh || fmt_num(value) || '，同省其他' || n_peers
                      || '个地区中位数' || fmt_num(peer_median) || '，上限' || fmt_num(band_high)
                      || coalesce('，稳健z=' || fmt_num(z), ''), '；' order by level, metric) as detail,
           json_group_array(json_object('level', level, 'region', region_name, 'metric', metric, 'value', value,
                            'peer_median', peer_median, 'band_high', band_high, 'z', z, 'n_peers', n_peers)) as items
    from matched group by rule_id, report_id
)

select * from final
