"""Several project forms in one file: where each form starts and the lines it owns.

A department's 决算 disclosure often appends every project's 自评表 to one document, at
times after a list of the projects. A form starts at a 项目名称 label that the form's other
header labels (主管部门, 实施单位 …) follow closely, together with the title lines just above
it; a list of projects has 项目名称 as a column head with no such neighbours. Each part is
read on its own, with the lines of the other parts blanked so line numbers and origins stay
those of the file.
"""
from dataclasses import replace

from ingest.cells import label_key
from ingest.labels import FORM_NEIGHBOURS, HEADER_LABELS, LEVEL1_LABELS
from ingest.layout import Cell, Layout
from ingest.readers.base import Rendered

NEIGHBOUR_WINDOW = 8      # cells after 项目名称 where the form's other header labels stand
TITLE_LINES_ABOVE = 3     # short title lines (`项目支出绩效自评表`, `(2023年度)`) that belong to the form below
TITLE_MAX_CHARS = 60
BODY_MARKERS = ("年度资金总额", "三级指标", "指标名称", "全年预算数", "年初预算数", *LEVEL1_LABELS)


def form_ranges(layout: Layout) -> list[tuple[int, int]]:
    """(first line, line after the last) of every form, or one range over the whole text."""
    whole = [(1, len(layout.lines) + 1)]
    starts = [c.line for i, c in enumerate(layout.cells) if _starts_form(layout.cells, i)]
    starts = [_with_title(layout.lines, line) for line in _distinct(starts)]
    if len(starts) < 2:
        return whole
    bounds = [1] + starts[1:] + [len(layout.lines) + 1]
    ranges = list(zip(bounds, bounds[1:]))
    return ranges if all(_has_body(layout.cells, lo, hi) for lo, hi in ranges) else whole


def _starts_form(cells: list[Cell], i: int) -> bool:
    """A 项目名称 label with a value and the form's header labels right after it."""
    if label_key(cells[i]) not in HEADER_LABELS["project_name"]:
        return False
    near = [label_key(c) for c in cells[i + 1 : i + 1 + NEIGHBOUR_WINDOW]]
    return any(key.startswith(FORM_NEIGHBOURS) for key in near)


def _distinct(lines: list[int]) -> list[int]:
    return sorted(set(lines))


def _with_title(lines: list[str], line: int) -> int:
    """Move a form's start up over the short title lines printed just above its 项目名称."""
    start = line
    for above in range(line - 1, max(0, line - 1 - TITLE_LINES_ABOVE), -1):
        text = lines[above - 1].strip(" |\t")
        if not text:
            continue
        if len(text) > TITLE_MAX_CHARS or not any(w in text for w in ("自评表", "年度", "绩效", "附件")):
            break
        start = above
    return start


def _has_body(cells: list[Cell], lo: int, hi: int) -> bool:
    """A form owns a fund block or an indicator table, not just a header."""
    return any(lo <= c.line < hi and label_key(c).startswith(BODY_MARKERS) for c in cells)


def restrict(rendered: Rendered, lo: int, hi: int) -> Rendered:
    """The document with every line outside [lo, hi) blanked and only the grids inside kept."""
    lines = rendered.text.split("\n")
    kept = [line if lo <= no < hi else "" for no, line in enumerate(lines, 1)]
    blocks = [b for b in rendered.blocks if lo <= (getattr(b, "first_line", 0) or getattr(b, "line", 0)) < hi]
    return replace(rendered, text="\n".join(kept), blocks=blocks)
