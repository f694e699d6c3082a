"""The review queue's export (CSV and Excel): every flag of the filter with its report and latest verdict."""
from dashboard.exports.sheets import Col

QUEUE_COLUMNS = [
    Col("report_id", "报告编号", 19), Col("rule_id", "规则", 7), Col("severity", "严重程度", 9),
    Col("title", "线索", 22, wrap=True), Col("explanation", "说明", 48, wrap=True), Col("basis", "依据", 22, wrap=True),
    Col("request", "要求", 18, wrap=True), Col("forward_text", "可转发文本", 60, wrap=True),
    Col("project_name", "项目", 30, wrap=True), Col("implementing_unit", "实施单位", 26, wrap=True),
    Col("province", "省份", 10), Col("city", "城市", 10), Col("county", "区县", 10), Col("year", "年度", 8, "int"),
    Col("self_score", "自评得分", 10, "score"), Col("review_score", "复核得分", 10, "score"),
    Col("inflation", "虚高", 8, "score"), Col("source_loc", "原文位置", 12), Col("status", "复核状态", 10),
    Col("review_note", "复核意见", 28, wrap=True), Col("reviewer", "复核人", 12), Col("reviewed_at", "复核时间", 17, "time"),
]
