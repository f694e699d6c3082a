"""Turn rendered text into a stream of cells, whatever family of layout produced the text.

Families seen in real reports:
- ``pipe``: table rows as ``| a | b |`` lines (merged cells as empty or repeated columns);
- ``cell_per_line``: one cell per line ending in `` |``; a lone ``|`` is an empty cell;
- ``tab_cells``: Word tables flattened to one cell per line starting with a tab, rows split
  by blank lines, cells that may themselves hold line breaks and blank lines;
- ``paragraph_cells``: one cell per paragraph, blank lines between, empty cells as a space;
- ``flat``: a whole table dumped on one line, cells split by spaces or by nothing at all.
Narrative lines stay cells of their own, so the same label search reads every family.
"""
import re
from dataclasses import dataclass, field

from ingest.labels import count_labels, is_label, split_on_labels
from ingest.normalize import compact
from ingest.repair import repair_text

PIPE_ONLY = re.compile(r"^\s*\|[\s|]*$")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
LONG_LINE = 160          # a line this long with many labels is a flattened table
MAX_ADJACENT_SHARE = 0.3   # paragraph cells: at most this share of lines directly follow another
MIN_LABELS_TO_SPLIT = 10 # fewer labels than this in a long line: it is prose, keep it whole
TAB_LOOKAHEAD = 5        # non-blank lines to look ahead for a tab cell after a blank line


@dataclass
class Cell:
    """One table cell or narrative line, with where it came from."""

    text: str            # as printed, trimmed
    key: str             # compact NFKC form for matching labels
    line: int            # 1-based line of the rendered text where it starts
    row: int = -1        # row number when the layout keeps rows, else -1
    empty_kept: bool = False  # True when the layout keeps empty cells in place

    @property
    def empty(self) -> bool:
        return not self.key


@dataclass
class Layout:
    name: str
    cells: list[Cell]
    keeps_empty: bool    # empty cells are present, so positions can be trusted
    lines: list[str]     # the repaired text lines, for sentence-level search
    warnings: list[str] = field(default_factory=list)   # the repairs made before reading
    repaired_lines: set[int] = field(default_factory=set)


def make_cell(text: str, line: int, row: int = -1, keeps_empty: bool = False) -> Cell:
    """A cell from its printed text."""
    text = text.strip()
    return Cell(text, compact(text), line, row, keeps_empty)


def text_to_layout(text: str) -> Layout:
    """Split rendered text into cells using the family the text looks like."""
    repaired = repair_text(text)
    lines = repaired.text.split("\n")
    name = detect_family(lines)
    builder = BUILDERS[name]
    cells = builder(lines)
    cells = split_long_cells(cells)
    cells = merge_split_labels(cells)
    keeps_empty = name in ("cell_per_line", "paragraph_cells", "tab_cells")
    return Layout(name, cells, keeps_empty, lines, repaired.warnings, repaired.lines)


def merge_split_labels(cells: list[Cell]) -> list[Cell]:
    """Join a label broken over two or three cells (`年初` + `预算数`, `经济效益` + `指标`)."""
    out: list[Cell] = []
    i = 0
    while i < len(cells):
        merged = None
        for span in (3, 2):
            parts = cells[i : i + span]
            if len(parts) == span and all(p.key for p in parts) and not is_label(parts[0].key):
                joined = "".join(p.key for p in parts)
                if is_label(joined):
                    merged = make_cell(joined, parts[0].line, parts[0].row, parts[0].empty_kept)
                    break
        out.append(merged or cells[i])
        i += span if merged else 1
    return out


def detect_family(lines: list[str]) -> str:
    """Name the layout family by counting line shapes."""
    nonblank = [ln for ln in lines if ln.strip()]
    if not nonblank:
        return "plain"
    tab = sum(ln.startswith("\t") for ln in lines)
    single_pipe = sum(bool(re.fullmatch(r"[^|]*\|\s*", ln)) for ln in nonblank)
    multi_pipe = sum(ln.count("|") >= 2 and not PIPE_ONLY.match(ln) for ln in nonblank)
    space_only = sum(ln in (" ", "\u00a0", "\u3000") for ln in lines)
    if tab >= 10 and tab >= multi_pipe:
        return "tab_cells"
    if single_pipe >= 10 and single_pipe > multi_pipe:
        return "cell_per_line"
    if multi_pipe >= 3:
        return "pipe"
    if space_only >= 5 and _mostly_separated(lines):
        return "paragraph_cells"
    return "plain"


def _mostly_separated(lines: list[str]) -> bool:
    """True when non-blank lines are mostly separated by blank lines (one cell per paragraph)."""
    filled = [bool(ln.strip()) for ln in lines]
    pairs = sum(1 for a, b in zip(filled, filled[1:]) if a and b)
    return pairs <= MAX_ADJACENT_SHARE * max(1, sum(filled))


def pipe_cells(lines: list[str]) -> list[Cell]:
    """Pipe tables: each line a row, cells between bars; other lines are one-cell rows."""
    cells: list[Cell] = []
    for no, line in enumerate(lines, 1):
        cells.extend(pipe_row_cells(line, no))
    return cells


def pipe_row_cells(line: str, no: int) -> list[Cell]:
    """The non-empty cells of one `| a | b |` line (none for rules and bare bars)."""
    if not line.strip() or TABLE_RULE.match(line) or PIPE_ONLY.match(line):
        return []
    parts = line.split("|")
    if line.strip().startswith("|"):
        parts = parts[1:]
    if line.rstrip().endswith("|"):
        parts = parts[:-1]
    return [make_cell(p, no, no) for p in parts if p.strip()]


def cell_per_line_cells(lines: list[str]) -> list[Cell]:
    """One cell per line ending in a bar; a bare bar is an empty cell, a run of bars a row break."""
    cells: list[Cell] = []
    for no, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped or re.fullmatch(r"\|{2,}", stripped.replace(" ", "")):
            continue
        if stripped.count("|") >= 2 and not PIPE_ONLY.match(stripped):
            cells.extend(make_cell(p, no, no) for p in stripped.strip("|").split("|") if p.strip())
            continue
        cells.append(make_cell(stripped.rstrip("|"), no, -1, True))
    return cells


def tab_cells(lines: list[str]) -> list[Cell]:
    """Word tables flattened with a tab before each cell; rows end at blank lines."""
    cells: list[Cell] = []
    row, current, in_table = 0, None, False
    for i, line in enumerate(lines):
        no = i + 1
        if line.startswith("\t"):
            if current is not None:
                cells.append(current)
            current, in_table = make_cell(line[1:], no, row, True), True
        elif not line.strip():
            if in_table and next_tab_is_near(lines, i):
                row += 1 if lines[i + 1 : i + 2] and lines[i + 1].startswith("\t") else 0
                continue
            in_table = False
        elif in_table and current is not None:
            current = make_cell(current.text + "\n" + line, current.line, current.row, True)
        else:
            if current is not None:
                cells.append(current)
                current = None
            row += 1
            cells.append(make_cell(line, no, row))
    if current is not None:
        cells.append(current)
    return [c for c in cells if c.key or c.empty_kept]


def next_tab_is_near(lines: list[str], i: int) -> bool:
    """True when a tab-started line follows within a few non-blank lines."""
    seen = 0
    for line in lines[i + 1 :]:
        if line.startswith("\t"):
            return True
        if line.strip():
            seen += 1
            if seen >= TAB_LOOKAHEAD:
                return False
    return False


def paragraph_cells(lines: list[str]) -> list[Cell]:
    """One cell per paragraph; a paragraph of only a space is an empty cell."""
    cells: list[Cell] = []
    buf: list[str] = []
    start = 0
    for no, line in enumerate(lines + [""], 1):
        if line.strip():
            if not buf:
                start = no
            buf.append(line)
            continue
        if buf:
            cells.append(make_cell("\n".join(buf), start, -1, True))
            buf = []
        elif line and not line.strip():
            cells.append(make_cell("", no, -1, True))
    return cells


def plain_cells(lines: list[str]) -> list[Cell]:
    """Every non-blank line is a cell (a stray table row split at its bars); flat tables are split later."""
    cells: list[Cell] = []
    for no, line in enumerate(lines, 1):
        if "|" in line:
            cells.extend(pipe_row_cells(line, no))
        elif line.strip():
            cells.append(make_cell(line, no, no))
    return cells


def split_long_cells(cells: list[Cell]) -> list[Cell]:
    """Break a long line that holds a flattened table into cells at spaces and labels."""
    out: list[Cell] = []
    for cell in cells:
        if len(cell.text) < LONG_LINE:
            out.extend(split_spaced_row(cell))
            continue
        if count_labels(cell.text) < MIN_LABELS_TO_SPLIT:
            out.append(cell)
            continue
        pieces = split_on_labels(cell.text)
        if len(pieces) < 4:
            out.append(cell)
            continue
        out.extend(make_cell(p, cell.line, -1) for p in pieces)
    return out


def split_spaced_row(cell: Cell) -> list[Cell]:
    """A table row printed with spaces between cells (`年度资金总额 110 110 109.62 10 99.65% 10`)."""
    tokens = cell.text.split()
    if cell.empty_kept or len(tokens) < 2:
        return [cell]
    numeric = sum(bool(NUMERIC_TOKEN.match(t)) for t in tokens)
    labelled = sum(is_label(compact(t)) for t in tokens)
    if numeric < 2 and labelled < 1:
        return [cell]
    return [make_cell(t, cell.line, cell.row) for t in tokens]


NUMERIC_TOKEN = re.compile(r"^[≥≤≧≦=<>]?\d+(?:\.\d+)?%?$")


BUILDERS = {
    "pipe": pipe_cells,
    "cell_per_line": cell_per_line_cells,
    "tab_cells": tab_cells,
    "paragraph_cells": paragraph_cells,
    "plain": plain_cells,
}
