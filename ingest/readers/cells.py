"""Shared rendering of table cells and rows into pipe lines, for every format reader."""
import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal

from ingest.readers.base import Grid, GridCell, Paragraph, Rendered
from ingest.readers.limits import check_table

SIGNIFICANT_DIGITS = 10
PIPE = "|"
FULLWIDTH_PIPE = "｜"
_WHITESPACE_WITH_NEWLINE = re.compile(r"\s*[\r\n\v\f]+\s*")


def clean_cell(text: str | None) -> str:
    """Cell text on one line: newlines become one space, ``|`` becomes ``｜``."""
    if not text:
        return ""
    one_line = _WHITESPACE_WITH_NEWLINE.sub(" ", text.replace("\u00a0", " "))
    return one_line.replace(PIPE, FULLWIDTH_PIPE).strip()


def cells_to_line(cells: list[str]) -> str:
    """One table row as ``| a | b |`` (cells already cleaned)."""
    return "| " + " | ".join(cells) + " |" if cells else "|  |"


def number_to_text(value: float, percent: bool = False) -> str:
    """A number without a spurious ``.0`` or float noise, rounded to 10 significant digits."""
    if percent:
        return number_to_text(value * 100) + "%"
    rounded = Decimal(f"{value:.{SIGNIFICANT_DIGITS}g}")
    text = format(rounded, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def value_to_text(value: object, number_format: str = "") -> str:
    """A spreadsheet cell value as display text (numbers, percentages, dates, booleans)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return number_to_text(float(value), percent="%" in (number_format or ""))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return clean_cell(str(value))


def trim_grid(rows: list[list[str]]) -> list[tuple[int, list[str]]]:
    """Drop fully empty rows and trailing empty columns; keep each row's 1-based number."""
    width = max((max((i + 1 for i, c in enumerate(r) if c), default=0) for r in rows), default=0)
    return [(n, row[:width] + [""] * (width - len(row)))
            for n, row in enumerate(rows, start=1) if any(row)]


class LineSink:
    """Collects rendered lines with their origins, and the blocks (paragraphs, grids) behind them."""

    def __init__(self):
        self.lines: list[str] = []
        self.origins: list[str] = []
        self.blocks: list[Grid | Paragraph] = []
        self.confidence: dict[int, float] = {}   # 1-based line -> lowest OCR confidence on it

    def add(self, line: str, origin: str) -> None:
        """Append one paragraph (may contain newlines: each part gets the same origin)."""
        if line.strip():
            self.blocks.append(Paragraph(line, origin, len(self.lines) + 1))
        self._add_lines(line, origin)

    def _add_lines(self, line: str, origin: str) -> None:
        for part in line.split("\n"):
            self.lines.append(part)
            self.origins.append(origin)

    def add_table(self, rows: list[tuple[str, list[str]]], origin: str) -> None:
        """A table of plain texts (no merged cells): blank line, one pipe line per row, blank line."""
        grid = Grid([[GridCell(text, r, c, origin=f"{row_origin} 第{c + 1}列") for c, text in enumerate(cells)]
                     for r, (row_origin, cells) in enumerate(rows)], origin)
        self.add_grids([(row_origin, grid, cells) for (row_origin, _), cells in zip(rows, grid.rows)], origin)

    def add_grids(self, rows: list[tuple[str, Grid, list[GridCell]]], origin: str) -> None:
        """A table block: one pipe line per (origin, grid, cells) row, padded to the widest, between blank lines.

        Rows of a nested table follow the row they sit in, so one block may hold several grids.
        """
        self._add_lines("", origin)
        width = max((len(cells) for _, _, cells in rows), default=0)
        for row_origin, grid, cells in rows:
            self.add_row(grid, cells, row_origin, width)
        self._add_lines("", origin)

    def add_row(self, grid: Grid, cells: list[GridCell], origin: str, width: int = 0) -> None:
        """One grid row as a pipe line; its cells learn their line, and a grid joins the blocks at its first row."""
        line = len(self.lines) + 1
        for cell in cells:
            cell.line = line
        if not grid.first_line:
            grid.first_line = line
            self.blocks.append(grid)
        texts = [cell.text for cell in cells]
        doubts = [cell.confidence for cell in cells if cell.text and cell.confidence < 1.0]
        if doubts:
            self.confidence[line] = min(doubts)
        self._add_lines(cells_to_line(texts + [""] * (width - len(texts))), origin)

    def text(self) -> str:
        """All lines joined with newlines."""
        return "\n".join(self.lines)

    def rendered(self, fmt: str, warnings: list[str]) -> Rendered:
        """The document read into this sink: text, origins, blocks and OCR confidence per line."""
        return Rendered(fmt, self.text(), self.origins, warnings, self.blocks, self.confidence)


def spans_to_rows(anchors: list[GridCell], height: int, width: int,
                  origin_of: Callable[[int, int], str]) -> list[list[GridCell]]:
    """A full grid from its anchor cells: positions under a span are covered, the rest empty.

    Spans are clipped to the grid and a position keeps its first owner; once overlapping
    merges (only a hostile file has them) have visited as many positions as the grid holds,
    later spans are ignored, so the work stays within the grid's size.
    """
    check_table(height, width)
    rows: list[list[GridCell | None]] = [[None] * width for _ in range(height)]
    budget = height * width
    for cell in anchors:
        if cell.row >= height or cell.col >= width or rows[cell.row][cell.col] is not None:
            continue
        cell.rowspan = min(cell.rowspan, height - cell.row) if budget > 0 else 1
        cell.colspan = min(cell.colspan, width - cell.col) if budget > 0 else 1
        budget -= cell.rowspan * cell.colspan
        rows[cell.row][cell.col] = cell
        _cover(rows, cell, origin_of)
    return [[cell or GridCell("", r, c, origin=origin_of(r, c)) for c, cell in enumerate(row)]
            for r, row in enumerate(rows)]


def _cover(rows: list[list[GridCell | None]], cell: GridCell, origin_of: Callable[[int, int], str]) -> None:
    """Mark the free positions under a cell's span as covered."""
    for r in range(cell.row, cell.row + cell.rowspan):
        for c in range(cell.col, cell.col + cell.colspan):
            if rows[r][c] is None:
                rows[r][c] = GridCell("", r, c, covered=True, origin=origin_of(r, c))

