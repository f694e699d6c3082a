"""Field labels of the self-evaluation forms, as compact keys and regular expressions.

Labels are far more stable than positions across provinces and template years, so every
extraction step anchors on them. Keys are matched after ``normalize.compact`` (NFKC, no
whitespace), so ``项目名称：`` and ``项 目 名 称`` both match ``项目名称``.
"""
import re
import unicodedata

# Header fields: normalised field name -> accepted labels (compact form, longest first).
HEADER_LABELS = {
    "project_name": ["项目名称", "专项资金名称", "转移支付(项目)名称", "转移支付项目名称", "项目(资金)名称"],
    "implementing_unit": ["项目实施单位", "实施单位(盖章)", "实施单位", "填报单位名称", "填报单位",
                          "项目用款单位", "资金使用单位", "项目单位", "单位名称", "预算单位", "部门名称",
                          "部门(单位)名称", "部门名称(公章)"],
    "supervising_department": ["市级项目主管部门(公章)", "市级项目主管部门", "项目主管部门",
                               "项目主管单位", "县级主管部门", "地方主管部门", "主管部门及代码", "主管部门",
                               "主管单位"],
}
OTHER_HEADER_LABELS = [
    "项目负责人及电话", "项目负责人", "联系人", "联系电话", "联系邮箱", "评价年度", "填报日期",
    "金额单位", "项目属性", "项目类别", "项目类型", "报表编号", "评价金额", "项目开始时间",
    "项目完成时间", "实施文件依据", "填报人姓名", "单位领导审签", "财务负责人", "项目基本情况",
    "项目主要内容", "负责人及电话", "单位负责人", "项目起止时间", "项目地址", "评价类型", "评价方式",
    "评价机构", "报告日期", "评价人员", "中央主管部门", "绩效自评日期", "评价小组成员",
]
# Amounts printed as `label | value` pairs rather than in a column table (Hunan 基本概况).
AMOUNT_LABELS = {
    "计划安排资金": "budget_full_year", "预算安排资金": "budget_full_year", "批复预算": "budget_full_year",
    "实际支出": "executed", "实际支出资金": "executed",
}
FUND_LABELS = [
    "项目资金", "资金投入情况", "实际到位资金", "结余", *AMOUNT_LABELS, "资金情况", "预算执行情况", "年度预算数", "年初预算数", "年初预算", "全年预算数", "调整后预算数",
    "调整预算数", "全年执行数", "预算执行数", "预算执行率", "分值", "权重", "执行率", "得分",
    "年度资金总额", "年度财政资金总额", "资金总额", "其中:当年财政拨款", "其中:本年财政拨款", "其中:财政资金", "其中:财政拨款",
    "上年结转资金", "其他资金", "财政专户管理资金", "单位资金", "预算数", "执行数", "年度支出总额",
    "其中:基本支出", "基本支出",
]
GOAL_LABELS = ["年度总体目标完成情况综述", "年度总体目标完成情况", "年度总体目标", "年初设定目标",
               "预期目标", "实际完成情况", "项目年度目标", "年度目标完成情况"]
LEVEL1_LABELS = ["产出指标", "效益指标", "满意度指标", "决策指标", "过程指标", "管理指标"]
LEVEL2_LABELS = [
    "数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标",
    "环境效益指标", "可持续影响指标", "可持续发展指标", "服务对象满意度指标等", "服务对象满意度指标",
    "服务对象或公众满意度", "服务对象满意度", "经济成本指标", "社会成本指标", "生态环境成本指标",
]
INDICATOR_HEADER_LABELS = [
    "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "全年实际值", "指标性质",
    "指标值", "度量单位", "完成值", "偏差原因分析及改进措施", "未完成原因分析", "未完成原因及拟采取的改进措施",
    "评价年度预期值", "评价年度实现值", "指标名称", "指标计算公式", "未完成原因说明", "年初指标值",
    "年终完成值", "自评分", "复核分", "评价标准", "年初目标值", "实际完成值(B)", "年度指标值(A)",
    "全年完成值", "全年实际完成值", "未完成原因和改进措施", "指标方向", "计量单位",
]
TOTAL_LABELS = ["总分", "合计", "自评等级", "评价等级", "自评得分", "自评总分", "自评分数", "评价结论",
                "其他需要说明事项", "其他需要说明的问题", "存在问题", "改进措施", "单位需要说明的其他情况"]

ALL_LABELS = sorted(
    {lab for labs in HEADER_LABELS.values() for lab in labs}
    | set(OTHER_HEADER_LABELS) | set(FUND_LABELS) | set(GOAL_LABELS) | set(LEVEL1_LABELS)
    | set(LEVEL2_LABELS) | set(INDICATOR_HEADER_LABELS) | set(TOTAL_LABELS),
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
