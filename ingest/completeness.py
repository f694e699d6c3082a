"""What a report shows and what it lacks, so rules can say "not computable" instead of guessing."""
from ingest.model import Report

FORM_TOTAL = 100.0
WEIGHT_SLACK = 0.5        # visible weights within this of the form's total close the table
SECTION_NAMES = {"header": "表头", "funds": "项目资金", "goals": "年度总体目标", "indicators": "绩效指标",
                 "totals": "总分"}


def completeness(report: Report) -> dict:
    """Sections present, whether the indicator table is complete (and why not), and what is missing."""
    sections = {
        "header": any(report.get(f) for f in ("project_name", "implementing_unit")),
        "funds": bool(report.funds) or any(report.get(f) is not None
                                           for f in ("budget_full_year", "budget_initial", "executed")),
        "goals": any(report.get(f) for f in ("goal_target", "goal_actual")),
        "indicators": bool(report.counted_indicators()),
        "totals": _closed_by_total_row(report),
    }
    read = report.completeness.get("indicator_table", {})
    closed = bool(read.get("closed_by_total_row")) or sections["totals"]
    complete, reason = indicator_table_state(report, closed, bool(read.get("ends_before_document")))
    table = {"source": read.get("source", "text" if report.indicators else None), "complete": complete,
             "reason": reason, "closed_by_total_row": closed, "visible_weight": visible_weight(report)}
    return {"sections": sections, "indicator_table": table,
            "missing": [SECTION_NAMES[k] for k, present in sections.items() if not present],
            "summary": report.completeness.get("summary")}   # why a narrative covers several projects, if it does


def visible_weight(report: Report) -> float | None:
    """Sum of the weights printed on indicator rows plus the execution weight, if any shows."""
    weights = [i.weight for i in report.counted_indicators() if i.weight is not None]
    if not weights:
        return None
    return round(sum(weights) + (report.get("exec_weight") or 0), 2)


def indicator_table_state(report: Report, has_total_row: bool, ends_before_document: bool) -> tuple[bool, str]:
    """(complete, reason): closed by a 总分/合计 row, its weights reaching the form's total, or, for a
    form without weights, followed by more of the document instead of cut off by its end."""
    if not report.counted_indicators():
        return False, "未见绩效指标表"
    seen = visible_weight(report)
    shown = f"可见分值合计{_fmt(seen)}" if seen is not None else "指标未列分值"
    if has_total_row:
        return True, "指标表以总分/合计行结束"
    if not ends_before_document:
        return False, f"指标表不完整：{shown}，表格到原文末尾被截断，未见总分行"
    if seen is None:
        return True, "指标表未列分值，表后仍有内容，未被截断"
    target = report.get("weight_total") or FORM_TOTAL
    if abs(seen - target) <= WEIGHT_SLACK:
        return True, f"可见分值合计{_fmt(seen)}，达到总分{_fmt(target)}"
    return False, f"指标表不完整：{shown}，未见总分行"


def _closed_by_total_row(report: Report) -> bool:
    """A weight total or a self score read from the form's 总分/合计 row (not from prose)."""
    for field in ("weight_total", "self_score"):
        chosen = report.chosen(field)
        if chosen is not None and chosen.origin in ("grid", "table"):
            return True
    return False


def _fmt(value: float) -> str:
    return f"{value:g}"
