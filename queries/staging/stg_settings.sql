-- The settings in force as one typed row (names and help: ingest/rule_settings.py).
-- materialized: view
create or replace view stg_settings as

with final as (
    select
        (select value from settings where name = 'exec_rule') as exec_rule,
        (select value from settings where name = 'exec_denominator') as exec_denominator,
        (select value from settings where name = 'exec_bands') as exec_bands,
        cast((select value from settings where name = 'default_exec_weight') as double) as default_exec_weight,
        cast((select value from settings where name = 'rate_tolerance') as double) as rate_tolerance,
        cast((select value from settings where name = 'score_tolerance') as double) as score_tolerance,
        cast((select value from settings where name = 'weight_total') as double) as weight_total,
        (select value from settings where name = 'grade_bands') as grade_bands,
        cast((select value from settings where name = 'unit_gap_low') as double) as unit_gap_low,
        cast((select value from settings where name = 'unit_gap_high') as double) as unit_gap_high,
        cast((select value from settings where name = 'high_total') as double) as high_total,
        (select value from settings where name = 'no_problem_regex') as no_problem_regex,
        cast((select value from settings where name = 'satisfaction_high') as double) as satisfaction_high,
        (select value from settings where name = 'survey_regex') as survey_regex,
        string_split((select value from settings where name = 'vague_words'), ',') as vague_words,
        cast((select value from settings where name = 'vague_share') as double) as vague_share,
        (select value from settings where name = 'placeholder_regex') as placeholder_regex,
        cast((select value from settings where name = 'text_min_chars') as double) as text_min_chars,
        cast((select value from settings where name = 'shingle_size') as double) as shingle_size,
        cast((select value from settings where name = 'minhash_perm') as double) as minhash_perm,
        cast((select value from settings where name = 'copy_threshold') as double) as copy_threshold,
        cast((select value from settings where name = 'prev_year_threshold') as double) as prev_year_threshold,
        cast((select value from settings where name = 'peer_min_reports') as double) as peer_min_reports,
        cast((select value from settings where name = 'peer_min_units') as double) as peer_min_units,
        cast((select value from settings where name = 'bunch_low') as double) as bunch_low,
        cast((select value from settings where name = 'bunch_width') as double) as bunch_width,
        cast((select value from settings where name = 'd3_max_slope') as double) as d3_max_slope,
        cast((select value from settings where name = 'funnel_fdr') as double) as funnel_fdr,
        cast((select value from settings where name = 'd3_min_rate_spread') as double) as d3_min_rate_spread,
        cast((select value from settings where name = 'partial_max_share') as double) as partial_max_share,
        cast((select value from settings where name = 'not_achieved_max_share') as double) as not_achieved_max_share,
        cast((select value from settings where name = 'far_above_share') as double) as far_above_share,
        cast((select value from settings where name = 'low_execution') as double) as low_execution,
        cast((select value from settings where name = 'budget_change_share') as double) as budget_change_share,
        cast((select value from settings where name = 'points_over_rate_margin') as double) as points_over_rate_margin,
        cast((select value from settings where name = 'part_sum_tolerance') as double) as part_sum_tolerance,
        cast((select value from settings where name = 'max_figure_candidates') as double) as max_figure_candidates,
        cast((select value from settings where name = 'ocr_min_confidence') as double) as ocr_min_confidence
)

select * from final
