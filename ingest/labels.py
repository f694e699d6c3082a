"""The vocabulary: every label the extractors anchor on, declared once, with what it names.

Labels are far more stable than positions across provinces and template years, so every
extraction step anchors on them. Keys are matched after ``normalize.compact`` (NFKC, no
whitespace), so ``项目名称：`` and ``项 目 名 称`` both match ``项目名称``. Each table maps a
label to the field or column role it names; the set of labels a flattened line is cut at
(``ALL_LABELS``) is derived from them.
"""
import re
import unicodedata

# --- Header: field -> accepted labels (compact form, longest first) -------------------------
HEADER_LABELS = {
    "project_name": ["项目名称", "专项资金名称", "转移支付(项目)名称", "转移支付项目名称", "项目(资金)名称"],
    "implementing_unit": ["项目实施单位", "实施单位(盖章)", "实施单位", "填报单位名称", "填报单位",
                          "项目用款单位", "资金使用单位", "项目单位", "单位名称", "预算单位", "部门名称",
                          "部门(单位)名称", "部门名称(公章)"],
    "supervising_department": ["市级项目主管部门(公章)", "市级项目主管部门", "项目主管部门",
                               "项目主管单位", "县级主管部门", "地方主管部门", "主管部门及代码", "主管部门",
                               "主管单位"],
}
# Header labels that follow 项目名称 closely on a form (a list of projects has none of them).
FORM_NEIGHBOURS = ("主管部门", "实施单位", "项目实施单位", "主管单位", "项目主管单位", "项目负责人",
                   "资金使用单位", "项目单位")
OTHER_HEADER_LABELS = [
    "项目负责人及电话", "项目负责人", "联系人", "联系电话", "联系邮箱", "评价年度", "填报日期",
    "金额单位", "项目属性", "项目类别", "项目类型", "报表编号", "评价金额", "项目开始时间",
    "项目完成时间", "实施文件依据", "填报人姓名", "单位领导审签", "财务负责人", "项目基本情况",
    "项目主要内容", "负责人及电话", "单位负责人", "项目起止时间", "项目地址", "评价类型", "评价方式",
    "评价机构", "报告日期", "评价人员", "中央主管部门", "绩效自评日期", "评价小组成员",
    "项目实施期", "项目实施周期", "评价时间范围",
]
# Labels of the project period; the year it ends in is the evaluation year.
PERIOD_LABELS = ["项目起止时间", "项目实施期", "项目实施周期", "评价时间范围"]

# --- Funds ------------------------------------------------------------------------------------
FUND_BLOCK_LABELS = ["项目资金", "资金情况", "预算执行情况", "年度预算数", "项目资金(万元)", "资金投入情况"]
# Fund column header -> role; order of appearance gives the column order.
FUND_COLUMN_ROLES = {
    "年初预算数": "budget_initial", "年初预算": "budget_initial",
    "全年预算数": "budget_full_year", "调整后预算数": "budget_full_year", "调整预算数": "budget_full_year",
    "预算数": "budget_full_year",
    "全年执行数": "executed", "预算执行数": "executed", "执行数": "executed",
    "分值": "weight", "权重": "weight",
    "执行率": "rate", "预算执行率": "rate",
    "得分": "score",
}
# Fund header words not listed above, by keyword, in short cells.
FUND_COLUMN_KEYWORDS = [("年初预算", "budget_initial"), ("调整", "budget_full_year"), ("全年预算", "budget_full_year"),
                        ("执行率", "rate"), ("执行数", "executed"), ("支出数", "executed"), ("决算数", "executed"),
                        ("分值", "weight"), ("权重", "weight"), ("得分", "score")]
# Fund row label -> the kind of money it carries.
FUND_ROW_KINDS = {
    "年度资金总额": "total", "总额": "total", "年度财政资金总额": "total", "资金总额": "total",
    "其中:当年财政拨款": "fiscal", "其中:本年财政拨款": "fiscal", "其中:财政资金": "fiscal",
    "其中:财政拨款": "fiscal", "上年结转资金": "carryover", "其他资金": "other",
    "财政专户管理资金": "special", "单位资金": "unit",
    "年度支出总额": "total", "其中:基本支出": "basic", "基本支出": "basic", "项目支出": "project_spend",
}
# Row labels too common in prose to cut a flattened line at.
FUND_ROWS_NOT_SPLIT = {"总额", "项目支出"}
# Amounts printed as `label | value` pairs rather than in a column table (Hunan 基本概况).
AMOUNT_LABELS = {
    "计划安排资金": "budget_full_year", "预算安排资金": "budget_full_year", "批复预算": "budget_full_year",
    "实际支出": "executed", "实际支出资金": "executed",
}
FUND_OTHER_LABELS = ["实际到位资金", "结余"]
# Older Guangdong forms: blocks split by source with a 资金合计 column.
SPLIT_SOURCE_BLOCKS = {"资金安排情况": "budget_full_year", "资金使用情况": "executed"}
EVALUATED_AMOUNT_LABELS = ["评价金额"]

# --- Goals ------------------------------------------------------------------------------------
GOAL_BLOCK_LABELS = ["年度总体目标", "年度总体目标完成情况", "项目年度目标", "预期总体目标", "预期阶段性目标"]
GOAL_TARGET_LABELS = {"预期目标", "年初设定目标", "项目年度目标"}
GOAL_ACTUAL_LABELS = {"实际完成情况", "年度总体目标完成情况综述", "年度目标完成情况"}
GOAL_OTHER_LABELS = ["年度总体目标完成情况综述"]

# --- Indicator table --------------------------------------------------------------------------
LEVEL1_LABELS = ["产出指标", "效益指标", "满意度指标", "决策指标", "过程指标", "管理指标"]
LEVEL2_LABELS = [
    "数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标",
    "环境效益指标", "可持续影响指标", "可持续发展指标", "服务对象满意度指标等", "服务对象满意度指标",
    "服务对象或公众满意度", "服务对象满意度", "经济成本指标", "社会成本指标", "生态环境成本指标",
]
LEVEL2_STEMS = ("数量", "质量", "时效", "成本", "经济效益", "社会效益", "生态效益", "环境效益", "可持续",
                "服务对象", "满意度")
# Second-level labels shortened and glued to the first name of a flattened row (`成本每年…`).
LEVEL2_SHORT = {"经济效益": "经济效益指标", "社会效益": "社会效益指标", "生态效益": "生态效益指标",
                "可持续影响": "可持续影响指标", "可持续性": "可持续影响指标", "数量": "数量指标", "质量": "质量指标",
                "时效": "时效指标", "成本": "成本指标"}
# Second-level names of the 决策/过程/产出/效益 scoring frame some forms use for self-evaluation.
PROCESS_LEVEL2 = {"项目立项", "绩效目标", "资金投入", "资金管理", "组织实施", "产出数量", "产出质量",
                  "产出时效", "产出成本", "项目效益", "业务管理", "财务管理"}
SATISFACTION_LABELS = ("服务对象满意度", "服务对象或公众满意度", "满意度")
# Indicator column header -> role.
INDICATOR_COLUMN_ROLES = {
    "一级指标": "level1", "二级指标": "level2", "三级指标": "name", "指标名称": "name",
    "指标计算公式": "formula", "评价标准": "formula",
    "年度指标值": "target", "评价年度预期值": "target", "年初指标值": "target", "年初目标值": "target",
    "指标值": "target_value", "指标性质": "cmp", "指标方向": "cmp", "度量单位": "unit", "计量单位": "unit",
    "实际完成值": "actual", "全年实际值": "actual", "评价年度实现值": "actual", "年终完成值": "actual",
    "完成值": "actual", "全年完成值": "actual", "全年实际完成值": "actual",
    "分值": "weight", "权重": "weight", "得分": "score", "自评分": "score", "复核分": "review",
    "偏差原因分析及改进措施": "reason", "未完成原因分析": "reason", "未完成原因说明": "reason",
    "未完成原因及拟采取的改进措施": "reason", "未完成原因和改进措施": "reason",
}
INDICATOR_NAME_ANCHORS = ("三级指标", "指标名称")
# Indicator header words not listed above, by keyword (first match wins); short cells only.
INDICATOR_COLUMN_KEYWORDS = [("原因", "reason"), ("得分", "score"), ("自评分", "score"), ("复核", "review"),
                             ("分值", "weight"), ("权重", "weight"), ("实际", "actual"), ("完成值", "actual"),
                             ("实现值", "actual"), ("指标值", "target"), ("目标值", "target"),
                             ("预期值", "target"), ("计算公式", "formula")]
# Words standing in an indicator header without naming a column.
INDICATOR_HEADER_WORDS = {"绩效指标", "绩效目标", "年度绩效指标完成情况", "一级", "年度", "实际"}
INDICATOR_EXTRA_LABELS = ["实际完成值(B)", "年度指标值(A)"]
# 指标性质 / 指标方向 words -> the comparator printed before the target value.
DIRECTION_SYMBOLS = {"正向": "≥", "反向": "≤", "大于等于": "≥", "小于等于": "≤", "等于": "=", "大于": ">",
                     "小于": "<", "≥": "≥", "≤": "≤", "=": "=", ">": ">", "<": "<", "≧": "≥", "≦": "≤",
                     ">=": "≥", "<=": "≤"}
# Cells that end the indicator table; the first two close it with its totals.
TABLE_TERMINATORS = ("总分", "合计", "自评等级", "评价等级", "其他需要说明事项", "其他需要说明的问题",
                     "单位需要说明的其他情况", "评价结论", "存在问题", "自评得分", "备注", "填报人",
                     "项目负责人:", "注:")
CLOSING_ROWS = ("总分", "合计")

# --- Totals and grade -------------------------------------------------------------------------
GRADE_WORDS = {"优秀": "优", "优": "优", "良好": "良", "良": "良", "中等": "中", "中": "中", "一般": "中",
               "合格": "中", "差": "差", "较差": "差", "不合格": "差"}
GRADE_LABELS = ["自评等级", "评价等级", "绩效等级", "自评结论", "评价结论"]
SCORE_LABELS = ["自评得分", "自评总分", "自评分数", "自评分", "总得分"]
TOTAL_ROW_LABELS = ["总分"]
WEIGHT_TOTAL_LABELS = ["合计"]
# Headings of the narrative that close the form.
CLOSING_HEADINGS = ["其他需要说明事项", "其他需要说明的问题", "存在问题", "改进措施", "单位需要说明的其他情况"]

ALL_LABELS = sorted(
    {lab for labs in HEADER_LABELS.values() for lab in labs}
    | set(OTHER_HEADER_LABELS) | set(FUND_BLOCK_LABELS) | set(FUND_COLUMN_ROLES) | set(AMOUNT_LABELS)
    | (set(FUND_ROW_KINDS) - FUND_ROWS_NOT_SPLIT) | set(FUND_OTHER_LABELS)
    | GOAL_TARGET_LABELS | GOAL_ACTUAL_LABELS | set(GOAL_BLOCK_LABELS) - {"预期总体目标", "预期阶段性目标"}
    | set(LEVEL1_LABELS) | set(LEVEL2_LABELS)
    | set(INDICATOR_COLUMN_ROLES) | {"绩效指标"} | set(INDICATOR_EXTRA_LABELS)
    | set(CLOSING_ROWS) | set(GRADE_LABELS) - {"绩效等级", "自评结论"} | set(SCORE_LABELS) - {"自评分", "总得分"}
    | set(CLOSING_HEADINGS),
    key=len, reverse=True,
)
LABEL_SET = set(ALL_LABELS)
# A label may carry a short tag: (A), (B/A), (万元), (50分), a trailing colon.
LABEL_TAG = r"(?:\s*\((?:[A-Za-z/]{1,4}|[A-Za-z/×*xX%\d.]{3,12}|万元|元|\d+分)\))?\s*:?"
_SPLIT_RE = re.compile("(" + "|".join(re.escape(lab) for lab in ALL_LABELS) + ")" + LABEL_TAG)
PROJECT_PREFIXED = ("项目负责人", "项目属性", "项目类别", "项目类型")
LABEL_TAG_RE = re.compile(r"^(.*?)" + LABEL_TAG + "$")


def strip_tag(key: str) -> str:
    """A compact key without a trailing colon or (A)/(万元)/(50分) tag."""
    match = LABEL_TAG_RE.match(key)
    return match.group(1) if match else key


def is_label(key: str) -> bool:
    """True when a compact cell key is exactly one of the known labels."""
    return strip_tag(key) in LABEL_SET


def split_on_labels(text: str) -> list[str]:
    """Cut a flattened line into pieces at whitespace and before and after every label."""
    text = unicodedata.normalize("NFKC", text)
    pieces: list[str] = []
    for token in text.split():
        pieces.extend(p for p in _split_token(token) if p.strip())
    return pieces


def _split_token(token: str) -> list[str]:
    """Cut one whitespace-free token around the labels it contains."""
    out, pos = [], 0
    for match in _SPLIT_RE.finditer(token):
        start = match.start()
        if start > pos:
            value = token[pos:start]
            # `…安装项目负责人及电话`: the 项目 ends the project name; the label is 负责人及电话.
            if match.group(0).startswith(PROJECT_PREFIXED) and not value.endswith("项目"):
                value, start = value + "项目", start + 2
            out.append(value)
        out.append(token[start:match.end()])
        pos = match.end()
    out.append(token[pos:])
    return out


def count_labels(text: str) -> int:
    """How many known labels a text contains."""
    return len(_SPLIT_RE.findall(unicodedata.normalize("NFKC", text)))


def role_of(key: str, exact: dict[str, str], keywords: list[tuple[str, str]], max_len: int) -> str | None:
    """A header cell's column role: its exact label first, else the first keyword in a short cell."""
    if key in exact:
        return exact[key]
    if len(key) > max_len:
        return None
    return next((role for word, role in keywords if word in key), None)


def next_label_at(text: str) -> int | None:
    """Position of the first known label inside a text (not at its very start), or None."""
    for match in _SPLIT_RE.finditer(text):
        if match.start() > 0:
            return match.start()
    return None
