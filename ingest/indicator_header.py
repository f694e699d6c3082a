"""Find the indicator table header and the order of its columns."""
import re

from ingest.cells import label_key
from ingest.labels import (INDICATOR_COLUMN_KEYWORDS, INDICATOR_COLUMN_ROLES, INDICATOR_HEADER_WORDS,
                           INDICATOR_NAME_ANCHORS, LEVEL1_LABELS, role_of)
from ingest.layout import Cell

MAX_KEYWORD_HEADER = 14


def header_role(key: str) -> str | None:
    """The column role of an indicator header cell."""
    return role_of(key, INDICATOR_COLUMN_ROLES, INDICATOR_COLUMN_KEYWORDS, MAX_KEYWORD_HEADER)
# Usual left-to-right order of the roles; forms only differ in where the weight stands.
CANONICAL = ["level1", "level2", "name", "formula", "cmp", "target", "unit", "actual",
             "weight", "score", "review", "reason"]
HEADER_SPAN = 16
COLUMN_TAG = re.compile(r"^\([A-Za-z/\d×*%.]{1,8}\)$")   # `(A)`, `(B/A)` split off a column label


def find_header(cells: list[Cell]) -> tuple[list[str], int, str | None] | None:
    """(roles after the name column, index after the header, level1 seen inside it) or None."""
    for h, cell in enumerate(cells):
        if label_key(cell) not in INDICATOR_NAME_ANCHORS:
            continue
        lo, hi = _extent(cells, h)
        keys = [label_key(c) for c in cells[lo:hi]]
        roles = [header_role(k) for k in keys if header_role(k)]
        if len({r for r in roles if r not in ("level1", "level2", "name")}) < 2:
            continue
        level1 = next((k for k in keys if _level1_of(k)), None)
        return order_roles(roles, keys), hi, _level1_of(level1) if level1 else None
    return None


def _extent(cells: list[Cell], h: int) -> tuple[int, int]:
    """The run of header cells around the anchor (labels and empty cells)."""
    lo = h
    while lo > 0 and h - lo < HEADER_SPAN and _is_header_cell(cells[lo - 1]):
        lo -= 1
    hi = h + 1
    while hi < len(cells) and hi - h < HEADER_SPAN and _is_header_cell(cells[hi]):
        hi += 1
    return lo, hi


def _is_header_cell(cell: Cell) -> bool:
    key = label_key(cell)
    return (cell.empty or header_role(key) is not None or key in INDICATOR_HEADER_WORDS
            or _level1_of(key) is not None or bool(COLUMN_TAG.match(cell.key)))


def _level1_of(key: str | None) -> str | None:
    if not key:
        return None
    base = key.split("(")[0]
    return base if base in LEVEL1_LABELS else None


def order_roles(roles: list[str], keys: list[str]) -> list[str]:
    """Column roles after the name, in the form's order."""
    present = set(roles)
    if "target_value" in present:
        present.discard("target")          # 年度指标值 is then only the group over 性质/值/单位
        present.discard("target_value")
        present.add("target")
    weight_first = _weight_before_target(keys)
    order = list(CANONICAL)
    if weight_first:
        order.remove("weight")
        order.insert(order.index("name") + 1, "weight")
    after_name = order[order.index("name") + 1 :]
    return [r for r in after_name if r in present]


def _weight_before_target(keys: list[str]) -> bool:
    """True when the 分值 column stands before the target column in a one-row header."""
    try:
        weight = next(i for i, k in enumerate(keys) if header_role(k) == "weight")
        target = next(i for i, k in enumerate(keys) if header_role(k) in ("target", "target_value"))
        name = next(i for i, k in enumerate(keys) if header_role(k) == "name")
    except StopIteration:
        return False
    return name < weight < target
