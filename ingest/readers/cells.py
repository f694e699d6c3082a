"""Shared rendering of table cells and rows into pipe lines, for every format reader."""
import datetime as dt
import re
from decimal import Decimal

from ingest.readers.base import Grid, GridCell, Paragraph

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
        """A table: blank line, one pipe line per (origin, cells) row, blank line."""
        self._add_lines("", origin)
        grid = Grid([[GridCell(text, r, c, origin=f"{row_origin} 第{c + 1}列") for c, text in enumerate(cells)]
                     for r, (row_origin, cells) in enumerate(rows)], origin, True, len(self.lines) + 1)
        self.blocks.append(grid)
        for row_origin, cells in rows:
            self._add_lines(cells_to_line(cells), row_origin)
        self._add_lines("", origin)

    def text(self) -> str:
        """All lines joined with newlines."""
        return "\n".join(self.lines)
