"""Indicator rows (三级指标): levels, name, target, actual, weight, score, deviation reason."""
import re

from ingest.alignment import align_row
from ingest.cells import label_key
from ingest.indicator_header import find_header
from ingest.labels import (DIRECTION_SYMBOLS, LEVEL1_LABELS, LEVEL2_LABELS, LEVEL2_SHORT, LEVEL2_STEMS,
                           PROCESS_LEVEL2, SATISFACTION_LABELS, TABLE_TERMINATORS, is_label)
from ingest.layout import Cell
from ingest.model import Indicator, Report
from ingest.normalize import compact, tidy
from ingest.numbers import parse_measure, parse_score
from ingest.runtogether import split_indicator_run

PLACEHOLDER = re.compile(r"^(?:指标\s*\d*\s*[:：]?|…+|\.{3,}|[xX×]{2,}|—+|-+)$")
PLACEHOLDER_PREFIX = re.compile(r"^指标\s*\d+\s*[:：]?\s*(?=\S)")
STATUS_TAIL = re.compile(r"^(?P<value>\S+?)[。，,\s]*(?P<status>已完成|完成|达成|未完成|已达成)$")
MEASURE_HEAD = re.compile(r"^(?P<value>[^。，,\s]+)[。，,\s].*$")
SUBROW = re.compile(r"^其中")
MIN_GLUED_NAME = 4     # a shortened level label is split off only a name this long (`成本控制` stays whole)
FOOTNOTE = re.compile(r"(?:说明[:：]?无?)?注[:：]\s*\d[、.．]")   # the form's printed notes after the table
MAX_RUN_CELLS = 8        # cells of one flattened run joined back before splitting it into rows
GLUED_VALUES = re.compile(r"^\d+(?:\.\d+)?[≥≤≧≦=<>]")   # `10≥95%≥95%10`: a row's values with no separator


def extract_indicators(cells: list[Cell], report: Report, keeps_empty: bool, flat: bool = False) -> None:
    """Append every indicator row of the indicator table to the report."""
    header = find_header(cells)
    if header is None:
        report.warnings.append("未找到绩效指标表表头（三级指标/指标名称），未读取指标")
        return
    slots, start, level1 = header
    end = table_end(cells, start)
    # a table followed by more of the form was not cut off by the end of the excerpt
    report.completeness["indicator_table"] = {"source": "text", "ends_before_document": end < len(cells)}
    table = cut_at_footnote(cells[start:end])
    rows = split_rows(table, slots, keeps_empty, flat, ends_document=end == len(cells))
    level2 = None
    for kind, value, row_cells in rows:
        if kind == "level1":
            level1, level2 = value, None
        elif kind == "level2":
            level2 = value
            if value.startswith(SATISFACTION_LABELS):
                level1 = "满意度指标"
        elif kind == "run":
            report.indicators.append(indicator_from_run(value, row_cells[0], (level1, level2), report))
        else:
            ind = build_indicator(row_cells, slots, (level1, level2), report, keeps_empty)
            if ind is not None:
                report.indicators.append(ind)


def table_end(cells: list[Cell], start: int) -> int:
    """Index of the first cell after the indicator table."""
    for i in range(start, len(cells)):
        key = label_key(cells[i])
        if key.startswith(TABLE_TERMINATORS) and len(key) <= 16:
            return i
    return len(cells)


def cut_at_footnote(cells: list[Cell]) -> list[Cell]:
    """The table up to a footnote run into its last row (`…96%说明无注:1、其他资金包括…`)."""
    for i, cell in enumerate(cells):
        match = FOOTNOTE.search(cell.key)
        if match:
            head = cell.key[: match.start()]
            return cells[:i] + ([Cell(head, head, cell.line, cell.row, cell.empty_kept)] if head else [])
    return cells


def level_of(cell: Cell) -> tuple[str, str] | None:
    """('level1'|'level2', canonical label) when a cell names an indicator level."""
    key = re.sub(r"\(\d+(?:\.\d+)?分\)$", "", label_key(cell)).rstrip("等")
    if key in LEVEL1_LABELS:
        return "level1", key
    if key in LEVEL2_LABELS or (key.startswith(LEVEL2_STEMS) and key.endswith("指标") and len(key) <= 12):
        return "level2", key
    if key in ("经济效益", "社会效益", "生态效益", "可持续影响", "服务对象满意度"):
        return "level2", key + "指标"
    if key in PROCESS_LEVEL2:
        return "level2", key
    if 0 < len(key) <= 2 and any(lab.startswith(key) for lab in LEVEL1_LABELS):
        return "level1", next(lab for lab in LEVEL1_LABELS if lab.startswith(key))
    return None


def split_rows(cells: list[Cell], slots: list[str], keeps_empty: bool, flat: bool = False,
               ends_document: bool = False) -> list[tuple[str, str | None, list[Cell]]]:
    """Level labels and indicator rows (name cell first) in order; `flat` text may run rows together.

    `ends_document`: the table runs to the end of the text, so its last row may be cut off.
    """
    out, i = [], 0
    while i < len(cells):
        cell = cells[i]
        level = level_of(cell)
        if cell.empty or (is_label(cell.key) and level is None and not label_names_a_row(cells, i)):
            i += 1
            continue
        if level is not None and not names_a_row(cells, i, level):
            out.append((level[0], level[1], []))
            i += 1
            continue
        run, used = run_rows(cells, i, slots, ends_document) if flat else (None, 0)
        if run:
            out.extend(("run", row, [cell]) for row in run)
            i += used
            continue
        length = row_length(cells, i, slots, keeps_empty)
        out.append(("row", None, cells[i : i + 1 + length]))
        i += 1 + length
    return out


def names_a_row(cells: list[Cell], i: int, level: tuple[str, str]) -> bool:
    """A level-2 word used as an indicator name (`服务对象满意度` followed by `≥90%`)."""
    if level[0] != "level2" or label_key(cells[i]).endswith("指标"):
        return False
    after = next((c for c in cells[i + 1 : i + 4] if not c.empty), None)
    return after is not None and (parse_measure(after.key) is not None or parse_score(after.key) is not None)


def label_names_a_row(cells: list[Cell], i: int) -> bool:
    """A form label used as an indicator name (`预算执行率` followed by the target `≥98%`): only a
    target with a comparator says so, since 总分 or 合计 are followed by bare numbers."""
    after = next((c for c in cells[i + 1 : i + 4] if not c.empty), None)
    measure = parse_measure(after.key) if after is not None else None
    return measure is not None and measure.cmp is not None


def run_rows(cells: list[Cell], i: int, slots: list[str], ends_document: bool = False) -> tuple[list | None, int]:
    """Run-together rows in this cell, or in it joined with the cells up to the next level label.

    A label word inside an indicator name (`…严格` `执行率` `100%100%…`) splits a flattened
    row into several cells; the rows are read from the cells joined back.
    """
    run = split_indicator_run(cells[i].key, slots, ends_document and i + 1 == len(cells))
    if run:
        return run, 1
    span = 1
    while i + span < len(cells) and span < MAX_RUN_CELLS and not cells[i + span].empty \
            and level_of(cells[i + span]) is None and not label_key(cells[i + span]).startswith(TABLE_TERMINATORS):
        span += 1
    for used in range(span, 1, -1):
        run = split_indicator_run("".join(c.key for c in cells[i : i + used]), slots,
                                  ends_document and i + used == len(cells))
        if run:
            return run, used
    return None, 0


def row_length(cells: list[Cell], i: int, slots: list[str], keeps_empty: bool) -> int:
    """How many cells after the name belong to its row."""
    window = []
    for cell in cells[i + 1 : i + 1 + len(slots)]:
        if level_of(cell) is not None or (is_label(cell.key) and not cell.empty):
            break
        window.append(cell)
    if keeps_empty:
        return len(window)
    if cells[i].row >= 0:
        return sum(1 for c in window if c.row == cells[i].row) or _longest_valid(window, slots)
    return _longest_valid(window, slots)


def _longest_valid(window: list[Cell], slots: list[str]) -> int:
    """The longest prefix of the window that aligns to the slots with a score filled."""
    for length in range(len(window), 0, -1):
        values = [c for c in window[:length] if not c.empty]
        assigned = align_row([c.text for c in values], slots, strict_reason=True)
        complete = assigned is not None and len(assigned) == len(values)
        if complete and ("score" not in slots or "score" in assigned or "weight" in assigned):
            return length
    return 0


def build_indicator(row: list[Cell], slots: list[str], levels: tuple, report: Report,
                    keeps_empty: bool) -> Indicator | None:
    """One indicator from its name cell and value cells, repairing placeholders."""
    name_cell, values = row[0], row[1:]
    if SUBROW.match(name_cell.key):
        return None
    assigned = positional(values, slots) if keeps_empty else None
    if assigned is None:
        texts = [v.text for v in values if not v.empty]
        assigned = align_row(texts, slots, strict_reason=False) or {}
    ind = Indicator(levels[0], levels[1], tidy(name_cell.text), line=name_cell.line)
    fill_values(ind, assigned)
    repair_name(ind, report)
    return ind


def indicator_from_run(values: dict[str, str], cell: Cell, levels: tuple, report: Report) -> Indicator:
    """An indicator split out of a run-together line."""
    level2, name = glued_level(tidy(values["name"]))
    ind = Indicator(levels[0], level2 or levels[1], name, line=cell.line)
    fill_values(ind, values)
    if values.get("cut"):
        report.warnings.append(f"第{cell.line}行：最后一行指标“{ind.name}”在原文末尾被截断，实际完成值未读出")
    repair_name(ind, report)
    return ind


def glued_level(name: str) -> tuple[str | None, str]:
    """(level-2 label, name) when a shortened level label is glued to the name (`成本每年财政补助…`)."""
    for short in sorted(LEVEL2_SHORT, key=len, reverse=True):
        rest = name[len(short):]
        if name.startswith(short) and len(rest) >= MIN_GLUED_NAME:
            return LEVEL2_SHORT[short], rest
    return None, name


def positional(values: list[Cell], slots: list[str]) -> dict[str, str] | None:
    """Cells by position when the layout kept empty cells, if the numbers fall in number slots."""
    out = {s: v.text for s, v in zip(slots, values) if not v.empty}
    for slot in ("weight", "score", "review"):
        if slot in out and parse_score(out[slot]) is None:
            return None
    return out


def fill_values(ind: Indicator, assigned: dict[str, str]) -> None:
    """Store aligned texts on the indicator and parse target and actual."""
    target = joined_measure(assigned.get("target"), assigned.get("cmp"), assigned.get("unit"))
    ind.target = tidy(target) if target else None
    actual = joined_measure(assigned.get("actual"), None, assigned.get("unit"))
    ind.actual, status = split_status(tidy(actual)) if actual else (None, None)
    ind.weight = parse_score(assigned["weight"]) if assigned.get("weight") else None
    ind.score = parse_score(assigned["score"]) if assigned.get("score") else None
    reason = assigned.get("reason") or status
    ind.deviation_reason = tidy(reason) if reason and compact(reason) not in ("0", "/", "—", "-", "无") else None
    parse_measures(ind)


def joined_measure(value: str | None, cmp: str | None, unit: str | None) -> str | None:
    """A value with the comparator and unit its form prints in their own columns (`≥` `95` `%` → `≥95%`).

    A direction word becomes its symbol (正向 → ≥); a comparator or unit the value already carries
    is not added twice, and a dash in the unit column is no unit.
    """
    if not value:
        return value
    measure = parse_measure(value)
    if measure is None:
        return value             # 是, 有效提升: a word carries no comparator or unit
    symbol = DIRECTION_SYMBOLS.get(compact(cmp or ""), "")
    unit = compact(unit or "")
    if unit in ("/", "—", "-", "无") or measure.unit:
        unit = ""
    return ("" if measure.cmp else symbol) + value + unit


def parse_measures(ind: Indicator) -> None:
    """Comparator, number and unit of the target and the actual texts."""
    for side in ("target", "actual"):
        measure = parse_measure(_measure_head(getattr(ind, side)))
        setattr(ind, f"{side}_cmp", measure.cmp if measure else None)
        setattr(ind, f"{side}_num", measure.num if measure else None)
        setattr(ind, f"{side}_unit", measure.unit if measure else None)


def split_status(actual: str) -> tuple[str, str | None]:
    """`100% 已完成` → (`100%`, `已完成`)."""
    match = STATUS_TAIL.match(actual)
    if match and parse_measure(match.group("value")):
        return match.group("value"), match.group("status")
    return actual, None


def _measure_head(text: str | None) -> str | None:
    """The leading measure of `100%。原收…`."""
    if not text:
        return None
    match = MEASURE_HEAD.match(text)
    return match.group("value") if match and parse_measure(match.group("value")) else text


def repair_name(ind: Indicator, report: Report) -> None:
    """Placeholder names: take the real name from the next cell, strip `指标1` prefixes, else mark."""
    name = (ind.name or "").lstrip("★☆*").strip()
    has_values = any(v is not None for v in (ind.target, ind.actual, ind.weight, ind.score))
    if PLACEHOLDER.match(compact(name)) or not name:
        if ind.target and parse_measure(ind.target) is None and len(compact(ind.target)) >= 4:
            report.warnings.append(f"第{ind.line}行：指标名称为占位符“{name}”，已取下一格“{ind.target}”作为指标名称")
            ind.name, ind.target, ind.name_repaired = ind.target, None, True
            ind.target_cmp = ind.target_num = ind.target_unit = None
            if ind.actual_cmp:   # a `≧90%` in the shifted row is the target, not an achievement
                ind.target, ind.actual = ind.actual, None
                ind.target_cmp, ind.target_num, ind.target_unit = ind.actual_cmp, ind.actual_num, ind.actual_unit
                ind.actual_cmp = ind.actual_num = ind.actual_unit = None
        else:
            ind.is_placeholder = True
        return
    stripped = PLACEHOLDER_PREFIX.sub("", name)
    if stripped != name:   # a numbered real name (`指标1:开展…`), not a placeholder left in
        report.warnings.append(f"第{ind.line}行：指标名称带模板编号“{name}”，已去掉编号")
    ind.name = stripped
    if not has_values:
        ind.is_placeholder = True
