"""Indicator and fund tables read from trusted grids by column role, so an empty cell stays empty."""
from dataclasses import dataclass, field

from ingest.funds import MIN_HEADER_ROLES, YUAN_HINT, column_role, headline_from_rows, set_role
from ingest.indicator_header import header_role
from ingest.indicators import SUBROW, fill_values, level_of, repair_name
from ingest.labels import (CLOSING_ROWS, DIRECTION_SYMBOLS, FUND_ROW_KINDS, INDICATOR_HEADER_WORDS,
                           INDICATOR_NAME_ANCHORS, TABLE_TERMINATORS, strip_tag)
from ingest.layout import Cell
from ingest.model import FundRow, Indicator, Report
from ingest.normalize import compact, tidy
from ingest.numbers import is_dash, parse_measure, parse_percent, parse_score, to_float
from ingest.readers.base import Grid, GridCell

LEVEL_ROLES = ("level1", "level2")
NUMBER_ROLES = ("weight", "score")
MIN_VALUE_ROLES = 2          # an indicator header names at least two columns besides levels and name
MAX_TERMINATOR = 16          # a terminator cell is a short label, not a sentence that starts with one
YUAN_FACTOR = 0.0001         # 元 → 万元
FUND_ROW_GAP = 1             # rows without a fund label tolerated inside the fund block


@dataclass
class IndicatorTable:
    """Indicators read from grids, and whether a 总分/合计 row closed the table."""

    indicators: list[Indicator] = field(default_factory=list)
    levels: dict[str, str | None] = field(default_factory=lambda: dict.fromkeys(LEVEL_ROLES))
    closed: bool = False
    ended: bool = False       # a terminator row was reached (closing or not)
    misaligned: str = ""      # where a row did not fit the columns; the table is then not used


def cell_key(cell: GridCell) -> str:
    """A cell's compact label key (NFKC, no whitespace, no trailing tag or colon)."""
    return strip_tag(compact(cell.text))


def own_cells(row: list[GridCell]) -> list[GridCell]:
    """The cells a row itself holds: not positions covered by a merge from elsewhere."""
    return [cell for cell in row if not cell.covered]


# --- indicator tables ----------------------------------------------------------------------


def header_roles(grid: Grid, h: int) -> tuple[dict[int, str], int] | None:
    """Column -> role for an indicator header at row h, and the first data row; None if it is not one."""
    roles = row_roles(grid.rows[h])
    if not any(role == "name" for role in roles.values()):
        return None
    start = h + 1
    if start < len(grid.rows) and is_sub_header(grid.rows[start]):
        roles.update(row_roles(grid.rows[start]))   # 指标性质 | 指标值 | 度量单位 under 指标值
        start += 1
    if len(set(roles.values()) - {*LEVEL_ROLES, "name"}) < MIN_VALUE_ROLES:
        return None
    return roles, start


def row_roles(row: list[GridCell]) -> dict[int, str]:
    """Column -> role of every header cell in a row; a merged header cell covers all its columns."""
    roles = {}
    for cell in own_cells(row):
        role = header_role(cell_key(cell))
        if role:
            roles.update({c: role for c in range(cell.col, cell.col + cell.colspan)})
    return roles


def is_sub_header(row: list[GridCell]) -> bool:
    """A second header row: only header words, at least one of them a column role."""
    keys = [cell_key(cell) for cell in own_cells(row) if cell.text.strip()]
    roles = [header_role(k) for k in keys]
    return any(roles) and all(r or k in INDICATOR_HEADER_WORDS for k, r in zip(keys, roles)) and not any(
        to_float(k) is not None for k in keys)


def find_indicator_header(grid: Grid) -> tuple[dict[int, str], int] | None:
    """The first indicator header in a grid: a row naming 三级指标/指标名称 and two value columns."""
    for h, row in enumerate(grid.rows):
        if any(cell_key(cell) in INDICATOR_NAME_ANCHORS for cell in own_cells(row)):
            found = header_roles(grid, h)
            if found:
                return found
    return None


def terminator_of(row: list[GridCell]) -> str | None:
    """The terminator label a row starts with (总分, 合计, 自评等级 …), if any."""
    first = next((cell_key(c) for c in own_cells(row) if c.text.strip()), "")
    if len(first) <= MAX_TERMINATOR and first.startswith(TABLE_TERMINATORS):
        return first
    return None


def role_texts(row: list[GridCell], roles: dict[int, str]) -> dict[str, tuple[str, GridCell]]:
    """Role -> (text, cell) of the cells a row holds in each role's columns; covered cells read as empty."""
    out: dict[str, tuple[str, GridCell]] = {}
    for cell in own_cells(row):
        role = roles.get(cell.col)
        if not role or not cell.text.strip():
            continue
        out[role] = (f"{out[role][0]} {cell.text}", out[role][1]) if role in out else (cell.text, cell)
    return out


def rows_to_indicators(rows: list[list[GridCell]], roles: dict[int, str], table: IndicatorTable,
                       report: Report) -> None:
    """Append an indicator per data row until a terminator; level cells carry down merges and blanks."""
    for row in rows:
        ending = terminator_of(row)
        if ending:
            table.ended, table.closed = True, ending.startswith(CLOSING_ROWS)
            return
        texts = role_texts(row, roles)
        if misaligned(row, roles, texts):
            table.misaligned = cell_origin(row)
            return
        update_levels(table.levels, row, roles, texts)
        indicator = row_to_indicator(texts, table.levels, report)
        if indicator is not None:
            table.indicators.append(indicator)


def misaligned(row: list[GridCell], roles: dict[int, str], texts: dict[str, tuple[str, GridCell]]) -> bool:
    """A row whose cells do not fit their columns: a file made from shifted text, not a real form.

    Left of the name only level labels (or the block's side label) may stand; weight and score
    must be numbers; a name is never a bare number.
    """
    name_col = min((c for c, role in roles.items() if role == "name"), default=0)
    for cell in own_cells(row):
        if cell.col < name_col and cell.text.strip() and not is_level_or_side(cell):
            return True
    numbers_fit = all(parse_score(texts[r][0]) is not None or is_dash(texts[r][0]) for r in NUMBER_ROLES if r in texts)
    name = texts.get("name", ("", None))[0]
    return not numbers_fit or (bool(name) and parse_measure(name) is not None)


def is_level_or_side(cell: GridCell) -> bool:
    """A level label (产出指标, 数量指标 …) or a side label of the block (绩效指标)."""
    return cell_key(cell) in INDICATOR_HEADER_WORDS or level_of(as_cell(cell)) is not None


def as_cell(cell: GridCell) -> Cell:
    """A grid cell in the text parser's cell form, for its label tests."""
    return Cell(cell.text, compact(cell.text), cell.line)


def cell_origin(row: list[GridCell]) -> str:
    """Where a row sits in the file."""
    return row[0].origin.rsplit(" ", 1)[0] if row else ""


def update_levels(levels: dict[str, str | None], row: list[GridCell], roles: dict[int, str],
                  texts: dict[str, tuple[str, GridCell]]) -> None:
    """New level labels in this row: from the level columns, or a level word in a column without a role."""
    for role in LEVEL_ROLES:
        if role in texts:
            set_level(levels, role, strip_tag(compact(texts[role][0])))
    for cell in own_cells(row):
        found = None if roles.get(cell.col) else level_of(as_cell(cell))
        if found:
            set_level(levels, *found)


def set_level(levels: dict[str, str | None], role: str, value: str) -> None:
    """Record a level; a different first level starts without a second one."""
    if role == "level1" and value != levels["level1"]:
        levels["level2"] = None
    levels[role] = value


def row_to_indicator(texts: dict[str, tuple[str, GridCell]], levels: dict, report: Report) -> Indicator | None:
    """One indicator from a data row's role texts, or None for a row without a name."""
    if "name" not in texts or SUBROW.match(compact(texts["name"][0])):
        return None
    name, cell = texts["name"]
    values = {role: text for role, (text, _) in texts.items()}
    assigned = {role: values[role] for role in ("actual", "weight", "score", "reason") if role in values}
    target = target_text(values)
    if target:
        assigned["target"] = target
    if "actual" in assigned and values.get("unit"):
        assigned["actual"] = with_unit(assigned["actual"], values["unit"])
    ind = Indicator(levels["level1"], levels["level2"], tidy(name), line=cell.line or None, loc=cell.origin)
    fill_values(ind, assigned)
    repair_name(ind, report)
    return ind


def target_text(values: dict[str, str]) -> str | None:
    """The target as printed, or built from split columns: 指标性质/方向 + 指标值 + 度量单位."""
    if values.get("target"):
        return values["target"]
    value = values.get("target_value")
    if not value:
        return None
    measure = parse_measure(value)
    if measure is None:
        return value                     # 是, 有效提升: a word carries no comparator or unit
    symbol = "" if measure.cmp else DIRECTION_SYMBOLS.get(compact(values.get("cmp", "")), "")
    return symbol + with_unit(value, values.get("unit", ""))


def with_unit(text: str, unit: str) -> str:
    """A bare number followed by the unit its column prints apart (`95` + `%` → `95%`)."""
    measure = parse_measure(text)
    if measure is None or measure.unit or not unit or unit in ("/", "—", "-"):
        return text
    return text + unit.strip()


def grids_to_indicators(grids: list[Grid], report: Report) -> IndicatorTable | None:
    """The first indicator table in the grids; a table cut by a page break continues in the next grids."""
    for g, grid in enumerate(grids):
        found = find_indicator_header(grid)
        if found is None:
            continue
        roles, start = found
        table = IndicatorTable()
        for row in grid.rows[:start]:
            update_levels(table.levels, row, {}, {})   # `产出指标` printed inside the header
        rows_to_indicators(grid.rows[start:], roles, table, report)
        for follower in grids[g + 1 :]:
            if table.ended or table.misaligned or find_indicator_header(follower) or not same_width(grid, follower):
                break
            rows_to_indicators(follower.rows, roles, table, report)
        return table
    return None


def covers_text_table(table: IndicatorTable, report: Report) -> bool:
    """An unterminated grid table (it may go on in a grid of another shape) must hold all the text read."""
    return len([i for i in table.indicators if not i.is_placeholder]) >= len(report.counted_indicators())


def same_width(a: Grid, b: Grid) -> bool:
    """True when two grids have the same number of columns."""
    return bool(a.rows and b.rows) and len(a.rows[0]) == len(b.rows[0])


# --- fund blocks ---------------------------------------------------------------------------


def fund_header(grid: Grid) -> tuple[int, dict[int, str]] | None:
    """The first row naming at least three fund columns, and column -> role."""
    for h, row in enumerate(grid.rows):
        roles = {}
        for cell in own_cells(row):
            role = column_role(cell_key(cell))
            if role:
                roles.update({c: role for c in range(cell.col, cell.col + cell.colspan)})
        if len(set(roles.values())) >= MIN_HEADER_ROLES:
            return h, roles
    return None


def row_label(row: list[GridCell]) -> tuple[str, GridCell] | None:
    """(kind, cell) for a row whose own cells include a fund row label (年度资金总额, 其中：…)."""
    for cell in own_cells(row):
        kind = FUND_ROW_KINDS.get(cell_key(cell))
        if kind:
            return kind, cell
    return None


def money_factor(grid: Grid, h: int, report: Report) -> float:
    """1 for 万元; 0.0001 when the block or the document says its amounts are in 元."""
    window = " ".join(cell.text for row in grid.rows[max(0, h - 1) : h + 1] for cell in own_cells(row))
    match = YUAN_HINT.search(window)
    if match:
        report.set("money_unit", "元", match.group(0), grid.rows[h][0].line or None, "grid")
    return YUAN_FACTOR if match or report.get("money_unit") == "元" else 1.0


def grid_to_funds(grid: Grid, report: Report) -> list[FundRow]:
    """Fund rows of the grid's 项目资金 block, each value from its own column; none if a row does not fit."""
    found = fund_header(grid)
    if found is None:
        return []
    h, roles = found
    factor, rows, gap = money_factor(grid, h, report), [], 0
    for row in grid.rows[h + 1 :]:
        labelled = row_label(row)
        if labelled is None:
            gap += 1
            if gap > FUND_ROW_GAP:
                break
            continue
        if not fund_row_fits(labelled[1], role_texts(row, roles), roles):
            report.warnings.append(f"{cell_origin(row)}：资金表行与列名对不上，资金按文本读取")
            return []
        gap = 0
        rows.append(fund_row(row, labelled, roles, factor))
    return rows


def read_rate(text: str) -> float | None:
    """A rate as a fund row prints it: a percentage or a bare number."""
    percent = parse_percent(text)
    return percent if percent is not None else to_float(text)


# How a fund column's value must read (money and anything else: a plain number).
FUND_VALUE_READERS = {"rate": read_rate, "weight": parse_score, "score": parse_score}


def fund_row_fits(label: GridCell, texts: dict[str, tuple[str, GridCell]], roles: dict[int, str]) -> bool:
    """The label stands outside the value columns and every value reads as its column's kind of number."""
    if any(roles.get(c) for c in range(label.col, label.col + label.colspan)):
        return False
    return all(is_dash(text) or FUND_VALUE_READERS.get(role, to_float)(text) is not None
               for role, (text, _) in texts.items())


def fund_row(row: list[GridCell], labelled: tuple[str, GridCell], roles: dict[int, str], factor: float) -> FundRow:
    """One FundRow from the cells under the fund columns."""
    kind, label = labelled
    texts = role_texts(row, roles)
    out = FundRow(tidy(label.text), raw=" | ".join(text for text, _ in texts.values()),
                  line=label.line or None, kind=kind)
    for role, (text, _) in texts.items():
        set_role(out, role, text, factor)
    return out


def set_headline(rows: list[FundRow], report: Report) -> None:
    """Budget, executed, rate, weight and score from the fund rows, chosen as the text path does, as grid values."""
    scratch = Report(report.file, report.sha256, report.format, funds=rows)
    headline_from_rows(scratch)
    for prov in scratch.provenance:
        report.set(prov.field, prov.value, prov.raw, prov.line, "grid")


# --- wiring ----------------------------------------------------------------------------------


def apply_grid_tables(grids: list[Grid], report: Report) -> None:
    """Replace text-read funds and indicators with those read from the document's own tables."""
    trusted = [grid for grid in grids if grid.trusted and grid.rows]
    funds = next((rows for rows in (grid_to_funds(g, report) for g in trusted) if rows), [])
    if funds:
        report.funds = funds
        set_headline(funds, report)
    table = grids_to_indicators(trusted, report)
    if table is not None and table.misaligned:
        report.warnings.append(f"{table.misaligned}：表格行与列名对不上，绩效指标按文本读取")
    elif table is not None and table.indicators and (table.ended or covers_text_table(table, report)):
        report.indicators = table.indicators
        report.completeness["indicator_table"] = {"source": "grid", "closed_by_total_row": table.closed,
                                                  "ends_before_document": table.ended}
