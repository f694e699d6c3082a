"""Rendered text → normalized Report: the extraction chain, one step per field family."""
from ingest.completeness import completeness
from ingest.errors import IngestError
from ingest.forms import Reading, name_form
from ingest.grid_tables import apply_grid_tables
from ingest.layout import Layout, text_to_layout
from ingest.model import Report
from ingest.part_sums import find_part_sums
from ingest.readers.base import Rendered
from ingest.segment import form_ranges, restrict

ALIGNED = 0.8     # confidence of a table value aligned to its column from text
REPAIRED = 0.9    # factor for a value on a line the reader had to repair
# Without any of these the document is not a self-evaluation report.
CORE_FIELDS = ("project_name", "implementing_unit", "supervising_department", "year", "budget_full_year",
               "budget_initial", "executed", "execution_rate", "self_score", "grade")


def rendered_to_reports(rendered: Rendered, file: str, sha256: str) -> list[Report]:
    """Every report a document holds (a file may carry several project forms), in order."""
    layout = text_to_layout(rendered.text)
    ranges = form_ranges(layout)
    if len(ranges) == 1:
        return [rendered_to_report(rendered, file, sha256, layout)]
    reports = []
    for part, (lo, hi) in enumerate(ranges):
        report = rendered_to_report(restrict(rendered, lo, hi), file, sha256)
        report.part = part
        report.warnings.append(f"本文件含{len(ranges)}份项目自评表，这是第{part + 1}份（第{lo}–{hi - 1}行）")
        reports.append(report)
    return reports


def rendered_to_report(rendered: Rendered, file: str, sha256: str, layout: Layout | None = None) -> Report:
    """Run every extraction step over a rendered document holding one report (its layout, if already made)."""
    layout = layout or text_to_layout(rendered.text)
    report = Report(file=file, sha256=sha256, format=rendered.format, layout=layout.name)
    report.warnings.extend(rendered.warnings + layout.warnings)
    reading = Reading(layout.cells, layout.lines, layout.keeps_empty, flat=layout.name == "plain")
    name_form(reading).run(reading, report)
    report.part_sums = find_part_sums(layout.lines)
    apply_grid_tables(rendered.grids(), report)
    mark_inferred(report, layout, rendered.confidence)
    fill_locations(report, rendered)
    check_recognised(report)
    report.completeness = completeness(report)
    return report


def mark_inferred(report: Report, layout: Layout, ocr: dict[int, float]) -> None:
    """Lower the confidence of values read by OCR with doubt, on lines the text had to be
    repaired, or aligned to columns from text that lost its empty cells."""
    aligned = not layout.keeps_empty
    for prov in report.provenance:
        if prov.origin == "table" and aligned:
            prov.confidence = min(prov.confidence, ALIGNED)
        if prov.line in layout.repaired_lines and prov.origin != "grid":
            prov.confidence = min(prov.confidence, REPAIRED)
        prov.confidence = min(prov.confidence, ocr.get(prov.line, 1.0))
    for ind in report.indicators:
        ind.confidence = min(ind.confidence, ocr.get(ind.line, 1.0))


def fill_locations(report: Report, rendered: Rendered) -> None:
    """Location in the original file for every value and indicator."""
    for prov in report.provenance:
        if prov.line:
            prov.loc = rendered.origin_of(prov.line)
    for ind in report.indicators:
        if ind.line and not ind.loc:   # a grid reading already names the cell
            ind.loc = rendered.origin_of(ind.line)


def check_recognised(report: Report) -> None:
    """Refuse a document in which no report field was found."""
    if not any(report.get(f) is not None for f in CORE_FIELDS) and not report.indicators:
        raise IngestError("no_fields", "未识别到任何自评报告字段（项目名称、预算、得分、绩效指标均未找到）",
                          "no self-evaluation report fields were recognised")
