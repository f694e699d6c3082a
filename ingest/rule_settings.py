"""Rule settings: thresholds and formulas of the anomaly catalog, declared once with defaults and help."""
import re

from ingest.settings import OCR_MIN_CONFIDENCE, Setting

VAGUE_WORDS = ("大幅提高,大幅提升,明显提高,明显提升,显著提高,显著提升,有所提高,有所提升,进一步提高,"
               "进一步提升,持续优化,持续推广,持续提升,不断提升,不断完善,稳步提升,逐步提高,逐步完善,"
               "有效提升,有效保障,基本实现,基本达到,达到预期,较好,良好,是,效果明显,符合相关规定,严格执行,"
               "计划完成时间内完成,按时完成,达成预期指标,持续推广,有效,高")

SETTINGS = [
    # Budget execution score (A2, B2, review score)
    Setting("exec_rule", "linear", "预算执行率得分公式：linear = min(执行率,100%)×分值；bands = 按 exec_bands 分档"),
    Setting("exec_denominator", "full_year", "执行率分母：full_year = 全年预算数，initial = 年初预算数（缺失时用另一项）"),
    Setting("exec_bands", "100:1,95:0.9,90:0.8,80:0.6,60:0.4,0:0",
            "分档规则：执行率下限%:得分占分值比例，逗号分隔，仅 exec_rule = bands 时使用"),
    Setting("default_exec_weight", "10", "报告未列预算执行分值时按此分值复核"),
    # Tolerances (A1–A6, B3)
    Setting("rate_tolerance", "0.05", "执行率允许误差（百分点），超过即 A1"),
    Setting("score_tolerance", "0.01", "得分、合计允许误差（分），超过即 A2/A4/B3/B4；按规则得分先四舍五入到两位小数"),
    Setting("weight_total", "100", "各项分值之和应等于此数（A5）"),
    Setting("grade_bands", "优:90,良:80,中:60,差:0", "等级下限：等级:最低总分，逗号分隔（A6）"),
    Setting("unit_gap_low", "9000", "两处同一金额之比落在 [low, high] 视为元与万元混用（A8）"),
    Setting("unit_gap_high", "11000", "见 unit_gap_low"),
    # Inflation signals (B rules)
    Setting("high_total", "95", "自评总分不低于此分且叙述承认问题即 B5"),
    Setting("no_problem_regex", r"^\s*(无|暂无|没有|无问题|不存在问题)?[。.]?\s*$", "存在问题一节匹配此正则视为未承认问题（B5）"),
    Setting("satisfaction_high", "95", "满意度实际值不低于此百分比且未说明调查样本即 B6"),
    Setting("survey_regex", r"(问卷|调查|受访|样本|抽样|回收)[^。；;]{0,20}\d+\s*(份|人|户|名|家)|\d+\s*(份|人|户|名|家)[^。；;]{0,10}(问卷|调查|受访|样本)",
            "满意度调查样本量的写法；叙述或指标中命中即视为已说明（B6）"),
    Setting("vague_words", VAGUE_WORDS, "模糊表述词表，逗号分隔；无数字且含其中一词的目标值或实际值视为模糊（B7）"),
    Setting("vague_share", "0.5", "模糊目标占比超过此值即 B7"),
    Setting("placeholder_regex", r"^\s*$|^指标\s*\d+\s*[:：]?\s*$|XX|xx|××|……|\.\.\.\.", "指标名、项目名中的模板占位符（C1）"),
    Setting("partial_regex", r"基本(实现|完成|达到|达成|满足|落实)|部分(实现|完成|达到|达成)|初步(实现|完成|达到)",
            "承认部分达成的实际值写法（B10：得分不应超过分值的80%）"),
    Setting("not_achieved_regex", r"^(未|没有|尚未)(完成|实现|达到|达成|开展)|^无$", "承认未达成的实际值写法（B10：得分不应超过分值的60%）"),
    Setting("partial_max_share", "0.8", "部分达成的指标得分占分值比例上限（B10）"),
    Setting("not_achieved_max_share", "0.6", "未达成的指标得分占分值比例上限（B10）"),
    Setting("far_above_share", "130", "实际值达到目标值的此百分比以上而无说明即 B11"),
    Setting("low_execution", "90", "执行率低于此百分比而报告未说明原因即 B13"),
    Setting("budget_change_share", "20", "全年预算数与年初预算数相差超过此百分比而未说明即 B14"),
    Setting("points_over_rate_margin", "5", "指标得分率超过执行率的此百分比（相对值）即 B15"),
    Setting("cause_regex", r"原因(是|为|在于|主要|：|:)|主要原因|由于|因为|因[^此而素]{0,12}(未|不|延|滞|影响)|尚未|暂未|未完工|"
            r"尾款|质保金|未付|未支付|未拨付|滞后|延迟|延期|推迟|未到位|疫情|全部(投入使用|支出|支付|拨付)",
            "叙述或偏差原因中说明了执行偏低原因的写法（B13）"),
    Setting("budget_change_regex", r"(追加|调减|调增|追减|核减|增加|减少|收回|调整|调剂)[^。；;\n]{0,12}(预算|资金|经费)|(预算|资金|经费)[^。；;\n]{0,8}(追加|调减|调增|追减|核减|调整|调剂|收回)",
            "叙述中说明预算调整原因的写法（B14）"),
    Setting("part_sum_tolerance", "0.0005", "叙述中分项之和与合计允许的相对误差（A11）；另允许0.01的舍入"),
    Setting("max_figure_candidates", "30", "每份报告每个字段参与两两比对的不同数值个数上限（A8、A9），防止长文档的比对量按平方增长"),
    # Copied text (C2, C3)
    Setting("text_min_chars", "50", "叙述少于此字数不参与相似度比较"),
    Setting("shingle_size", "3", "MinHash 字符 n-gram 长度"),
    Setting("minhash_perm", "64", "MinHash 置换数"),
    Setting("copy_threshold", "0.8", "不同单位/项目间叙述 Jaccard 相似度不低于此值即 C2"),
    Setting("prev_year_threshold", "0.9", "同一单位同一项目与上一年叙述相似度不低于此值即 C3"),
    # Peers (D rules)
    Setting("peer_min_reports", "5", "一个市/县至少有此数量可计算的报告才计算比率并进入漏斗图（D1–D3）；不足时只列份数"),
    Setting("peer_min_units", "3", "同省同年同级至少有此数量其他市/县才可比较"),
    Setting("funnel_fdr", "0.05", "D1、D2：同省同年各地区的检验按 Benjamini–Hochberg 控制错误发现率于此水平"),
    Setting("bunch_low", "90", "D2：扎堆区间下限（优的门槛）"),
    Setting("bunch_width", "2", "D2：扎堆区间宽度，[low, low+width) 对比其下方同宽区间"),
    Setting("d3_max_slope", "0.05", "D3：执行率每升1个百分点自评分变化的收缩估计，其95%区间落在±此值内视为不随执行率变化（按分值10分的执行率得分每百分点0.1分）"),
    Setting("d3_min_rate_spread", "2", "D3：执行率标准差（百分点）低于此值时不计算（无变化可比）"),
    # Scans: a value read below this OCR confidence makes arithmetic rules not computable (A1–A9)
    OCR_MIN_CONFIDENCE,
]
BY_NAME = {s.name: s for s in SETTINGS}
PATTERN_SETTINGS = ("no_problem_regex", "survey_regex", "placeholder_regex", "partial_regex", "not_achieved_regex",
                    "cause_regex", "budget_change_regex")


def values() -> dict[str, str]:
    """Every setting name mapped to the value in force."""
    return {s.name: s.value() for s in SETTINGS}


def write_settings(con, overrides: dict[str, str] | None = None) -> None:
    """Fill the settings table with the values in force (plus explicit overrides)."""
    rows = [(s.name, str((overrides or {}).get(s.name, s.value())), s.help) for s in SETTINGS]
    con.execute("delete from settings")
    con.executemany("insert into settings values (?, ?, ?)", rows)
    set_pattern_variables(con)


def set_pattern_variables(con) -> None:
    """Expose the regex settings as session variables: DuckDB compiles a getvariable() pattern once, a column per row."""
    for name in PATTERN_SETTINGS:
        con.execute(f"set variable {name} = (select value from settings where name = '{name}')")
    words = con.execute("select value from settings where name = 'vague_words'").fetchone()[0]
    con.execute("set variable vague_regex = ?", [vague_regex(words)])


def vague_regex(words: str) -> str:
    """One pattern for the vague-word list: one-character words must be the whole target, longer ones anywhere."""
    parts = [re.escape(w.strip()) for w in words.split(",") if w.strip()]
    whole = [p for p in parts if len(p) == 1]
    return "|".join([f"^\\s*({'|'.join(whole)})\\s*$"] * bool(whole) + [p for p in parts if len(p) > 1])


SETTINGS_TABLE_START = "<!-- settings: python -m ingest settings -->"
SETTINGS_TABLE_END = "<!-- end of settings -->"
SHOWN_DEFAULT = 60      # characters of a long default (a word list, a pattern) shown in the table


def markdown_table() -> str:
    """Every setting, rule thresholds and ingest limits alike, as README carries it (generated)."""
    import ingest.settings as ingest_settings

    declared = list(SETTINGS) + [v for v in vars(ingest_settings).values()
                                 if isinstance(v, Setting) and v.name not in BY_NAME]
    rows = ["| setting | environment variable | default | meaning |", "|---|---|---|---|"]
    for s in declared:
        default = s.default if len(s.default) <= SHOWN_DEFAULT else s.default[:SHOWN_DEFAULT] + "…"
        cells = [f"`{s.name}`", f"`EVAL_{s.name.upper()}`", f"`{default}`", s.help]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join([SETTINGS_TABLE_START, *rows, SETTINGS_TABLE_END])
