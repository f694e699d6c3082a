-- The anomaly catalog of DOMAIN.md §3: one row per rule with its severity, title, definition and basis.
create or replace view int_anomaly_rules as

with catalog (rule_id, severity, title, definition, basis, settings_used) as (
    values
    ('A1', '确定', '执行率与执行数不符', '填报执行率 ≠ 全年执行数 ÷ 预算数', '财预〔2020〕10号 附件1', 'rate_tolerance,exec_denominator'),
    ('A2', '确定', '预算执行得分与规则不符', '预算执行得分 ≠ 按规则由执行率计算的得分', '财预〔2020〕10号 附件1', 'exec_rule,exec_denominator,exec_bands,score_tolerance'),
    ('A3', '确定', '指标得分超过分值', '某三级指标得分 > 分值', '财预〔2020〕10号 附件1', ''),
    ('A4', '确定', '各项得分之和与总分不符', '预算执行得分 + Σ 指标得分 ≠ 总分', '财预〔2020〕10号 附件1', 'score_tolerance'),
    ('A5', '确定', '分值合计不等于100', '预算执行分值 + Σ 指标分值 ≠ 100', '财预〔2020〕10号 第二十二条', 'weight_total,score_tolerance'),
    ('A6', '确定', '等级与总分不符', '自评等级不是总分所在档次（优≥90，良80–90，中60–80，差<60）', '财预〔2020〕10号 第二十四条', 'grade_bands'),
    ('A7', '确定', '执行数超过预算', '全年执行数 > 全年预算数', '预算法', ''),
    ('A8', '确定', '金额单位混用', '同一金额在两处相差约10⁴倍（元与万元）', '自评表填报说明', 'unit_gap_low,unit_gap_high'),
    ('A9', '确定', '同一数字前后不一', '同一字段在表格和叙述中取值不同', '自评表填报说明', 'score_tolerance'),
    ('B1', '疑似', '指标全部满分或全部恰好完成', '每个指标得分 = 分值，或每个实际值 = 目标值/100%', 'DOMAIN §3', ''),
    ('B2', '疑似', '执行率不足却得满分', '执行率 < 100% 而预算执行得满分', '财预〔2020〕10号 附件1', 'exec_denominator'),
    ('B3', '疑似', '未达目标仍得满分', '定量指标实际值未达目标，得分仍 = 分值', '财预〔2020〕10号 附件1', 'score_tolerance'),
    ('B4', '疑似', '扣分未说明原因', '指标得分 < 分值，偏差原因为空', '财预〔2020〕10号 附件1', 'score_tolerance'),
    ('B5', '疑似', '总分过高', '总分100，或总分≥95而叙述承认存在问题', 'DOMAIN §3', 'high_total,no_problem_regex'),
    ('B6', '疑似', '满意度高但无调查样本', '满意度≥95%而未说明调查样本量', 'DOMAIN §3', 'satisfaction_high,survey_regex'),
    ('B7', '疑似', '目标值多为模糊表述', '模糊目标（大幅提高、持续优化、是……）占比过高', '财预〔2020〕10号 指标应可衡量', 'vague_words,vague_share'),
    ('B8', '疑似', '目标与实际单位不同', '目标值与实际值的计量单位不同，无法比较', 'DOMAIN §3', ''),
    ('B9', '疑似', '项目完成前即称已完成', '填报日期早于项目完成时间，却声称已完成', 'DOMAIN §3', ''),
    ('C1', '提示', '模板占位符未删除', '指标名或项目名含 指标1、XX、××、…… 或为空', 'DOMAIN §3', 'placeholder_regex'),
    ('C2', '提示', '叙述与其他报告雷同', '叙述与其他单位/项目的报告高度相似', 'DOMAIN §3', 'copy_threshold,shingle_size,minhash_perm,text_min_chars'),
    ('C3', '提示', '与上年报告雷同', '叙述与同一单位上一年的报告几乎相同', 'DOMAIN §3', 'prev_year_threshold,shingle_size,minhash_perm,text_min_chars'),
    ('D1', '疑似', '自评分明显高于同省', '市/县平均自评分、满分占比或虚高分远高于同省同年其他地区', 'DOMAIN §3', 'peer_method,peer_z,tukey_k,peer_min_reports,peer_min_units'),
    ('D2', '疑似', '自评分扎堆在90分之上', '市/县总分落在[90,92)的占比远高于同省同年其他地区', 'DOMAIN §3', 'bunch_low,bunch_width,peer_method,peer_z,tukey_k,peer_min_reports,peer_min_units'),
    ('D3', '疑似', '自评分不随执行率变化', '市/县内自评分与执行率几乎不相关', 'DOMAIN §3', 'd3_max_corr,d3_min_rate_spread,peer_min_reports')
),

final as (
    select rule_id, severity, title, definition, basis, settings_used from catalog
)

select * from final
