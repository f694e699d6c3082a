"""Searching a cell stream: find a label, read the value that follows it."""
import re
from collections.abc import Iterable

from ingest.labels import is_label, next_label_at, strip_tag
from ingest.layout import Cell
from ingest.normalize import compact, nfkc

VALUE_WINDOW = 3   # how many cells after a label may hold its value (merged-cell padding)
NOTE = re.compile(r"^\([^()]{1,6}\)$")   # `(盖章)`, `(万元)`, `(A)`: notes on the label, not values


def label_key(cell: Cell) -> str:
    """A cell's compact key without a colon or (A)-style tag."""
    return strip_tag(cell.key)


def find_labels(cells: list[Cell], labels: Iterable[str], start: int = 0, end: int | None = None) -> list[int]:
    """Indexes of cells whose key is one of the labels."""
    wanted = set(labels)
    stop = len(cells) if end is None else min(end, len(cells))
    return [i for i in range(start, stop) if label_key(cells[i]) in wanted]


def find_label(cells: list[Cell], labels: Iterable[str], start: int = 0, end: int | None = None) -> int | None:
    """Index of the first cell whose key is one of the labels."""
    found = find_labels(cells, labels, start, end)
    return found[0] if found else None


def value_after(cells: list[Cell], index: int, window: int = VALUE_WINDOW) -> Cell | None:
    """The first non-empty, non-label cell right after a label cell."""
    for cell in cells[index + 1 : index + 1 + window]:
        if cell.empty or NOTE.match(cell.key):
            continue
        if is_label(cell.key):
            return None
        return cell
    return None


def inline_value(cells: list[Cell], labels: Iterable[str]) -> tuple[str, Cell] | None:
    """A value written in the label's own cell: `填报单位名称：韶关市…`, `填报单位（盖章）：…`."""
    pattern = re.compile("^(?:" + "|".join(re.escape(lab) for lab in labels) + r")(?:\([^()]{1,6}\))?:(?P<value>.+)$")
    for cell in cells:
        match = pattern.match(cell.key)
        if match:
            value = nfkc(cell.text).split(":", 1)[-1].strip()
            return value, cell
    return None


def labelled_value(cells: list[Cell], labels: list[str]) -> tuple[str, Cell] | None:
    """The value of the first label occurrence that has one: next cell, or inline after a colon."""
    for i in find_labels(cells, labels):
        value = value_after(cells, i)
        if value is not None:
            return value.text, value
    return inline_value(cells, labels)


def inline_runs(lines: list[str], labels: Iterable[str]) -> tuple[str, int, str] | None:
    """(value, line, raw) of `label:value` or `label value` inside a long run-together line.

    The value ends at the next known label, at a run of spaces or at a sentence stop, so
    `项目名称:X 项目单位:Y` and `填报单位:X填报日期:…` both give X.
    """
    pattern = re.compile("(?:" + "|".join(re.escape(lab) for lab in labels) + r")(?:\([^()]{1,6}\))?(?P<colon>[:：]?)")
    for no, line in enumerate(lines, 1):
        text = nfkc(line)
        for match in pattern.finditer(text):
            value = _run_value(text[match.end():], bool(match.group("colon")))
            if value:
                return value, no, text[match.start(): match.end() + len(value)]
    return None


def _run_value(rest: str, colon: bool) -> str | None:
    """The value at the start of rest, cut at the next label, a space run or a stop."""
    stop = re.search(r"\s{2,}|\s(?=\S{1,8}[:：])|[。;；|]", rest)
    end = stop.start() if stop else len(rest)
    label = next_label_at(rest[:end])
    if label is not None:
        end = label
    elif not colon:
        return None   # without a colon only a following label proves where the value ends
    value = rest[:end].strip(" ,，")
    balanced = value.count("(") == value.count(")") and value.count("（") == value.count("）")
    return value if 2 <= len(value) <= 60 and balanced and not is_label(compact(value)) else None
