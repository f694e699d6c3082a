"""Department-wide (部门整体支出) evaluations: frames such as 决策/过程/产出/效益, no project form."""
from ingest.forms import base, national
from ingest.labels import HEADER_LABELS
from ingest.model import Report

MARKERS = ("部门整体支出",)
TOP_CELLS = 80     # a department-wide report says so in its title or first paragraphs


def header(reading: base.Reading, report: Report) -> None:
    """Header fields as on the national form; the report is of the whole department."""
    base.header(reading, report)
    cell = next((c for c in reading.cells if MARKERS[0] in c.key), None)
    report.set("kind", "department", cell.text[:80] if cell else MARKERS[0], cell.line if cell else None)


def is_department_report(reading: base.Reading) -> bool:
    """部门整体支出 named near the top, and no 项目名称 row of a project form."""
    named = any(MARKERS[0] in c.key for c in reading.cells[:TOP_CELLS])
    return named and not reading.has_label(tuple(HEADER_LABELS["project_name"]))


FORM = base.derive(national.FORM, "department", "部门整体支出绩效自评", detect=is_department_report, header=header)
