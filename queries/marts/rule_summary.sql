-- Per rule and data scope: definition, basis, thresholds in force and pass / fail / not-computable counts.
-- materialized: table (rebuilt by ingest.marts.refresh_marts after each load)
create or replace table rule_summary as

with rules as (select * from int_anomaly_rules),
settings as (select name, value, help from settings),
statuses as (select * from int_rule_status_counts),

thresholds as (
    -- as a supervisor reads them: what the setting means, then its value (a long pattern shortened)
    select r.rule_id,
           string_agg(regexp_replace(s.help, '[（(][^）)]*[A-D][0-9][^）)]*[）)]$', '') || '：'
                      || case when length(s.value) > 30 then substr(s.value, 1, 30) || '…' else s.value end,
                      '；' order by s.name) as thresholds
    from rules as r
    join settings as s on list_contains(string_split(r.settings_used, ','), s.name)
    group by r.rule_id
),

scoped as (
    select d.data_scope, s.rule_id, s.status, s.reason, sum(s.n_reports)::bigint as n_reports
    from statuses as s
    join (values ('all'), ('real')) as d(data_scope) on d.data_scope = 'all' or not s.is_synthetic
    group by all
),

counts as (
    select data_scope, rule_id,
           coalesce(sum(n_reports) filter (where status = 'pass'), 0)::bigint as n_pass,
           coalesce(sum(n_reports) filter (where status = 'fail'), 0)::bigint as n_fail,
           coalesce(sum(n_reports) filter (where status = 'not_computable'), 0)::bigint as n_not_computable,
           -- the most frequent reason (the first in text order among equally frequent ones)
           first(reason order by n_reports desc, reason) filter (where status = 'not_computable' and reason is not null)
               as top_not_computable_reason
    from scoped
    group by all
),

final as (
    select
        d.data_scope, r.rule_id, r.position, r.severity, r.title, r.definition, r.basis, r.request,
        coalesce(t.thresholds, '') as thresholds,
        coalesce(c.n_pass, 0) as n_pass, coalesce(c.n_fail, 0) as n_fail,
        coalesce(c.n_not_computable, 0) as n_not_computable, c.top_not_computable_reason
    from rules as r
    cross join (values ('all'), ('real')) as d(data_scope)
    left join thresholds as t using (rule_id)
    left join counts as c on c.rule_id = r.rule_id and c.data_scope = d.data_scope
    order by d.data_scope, r.position
)

select * from final
