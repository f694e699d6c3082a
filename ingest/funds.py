"""The 项目资金 block: column roles from the header, then the fund rows mapped onto them."""
import re

from ingest.cells import find_label, find_labels, label_key, value_after
from ingest.labels import (AMOUNT_LABELS, EVALUATED_AMOUNT_LABELS, FUND_BLOCK_LABELS, FUND_COLUMN_KEYWORDS,
                           FUND_COLUMN_ROLES, FUND_ROW_KINDS, SPLIT_SOURCE_BLOCKS, role_of)
from ingest.layout import Cell
from ingest.model import FundRow, Report
from ingest.normalize import compact
from ingest.numbers import is_dash, parse_percent, parse_score, to_float
from ingest.runtogether import split_fund_run

MAX_KEYWORD_COLUMN = 10
MIN_HEADER_ROLES = 3   # a fund header names at least budget, executed and one of rate/weight/score
HEADER_WINDOW = 40
MAX_HEADER_GAP = 2     # non-label cells tolerated inside the column header
MAX_HEADER_LEAD = 8    # the first column label stands this close to the block label     # cells after the block label where the column header may be
ROW_WINDOW = 12        # cells after a row label that may hold its values
RUN_HEAD = re.compile(r"^[\d.]{4,}%[\d.]*")
MONEY_ROLES = ("budget_initial", "budget_full_year", "executed")
EXEC_WEIGHT_TITLE = re.compile(r"预算执行情况(?:\((?:万元|元)\))?\((?P<a>\d{1,2})分\)|得分\((?P<b>\d{1,2})分[*×]执行率\)")
YUAN_HINT = re.compile(r"[(（]\s*元\s*[)）]|单位[:：]\s*元|金额单位[:：]?\s*元(?!\w)")


def extract_funds(cells: list[Cell], report: Report, keeps_empty: bool) -> None:
    """Fill fund rows and the headline budget, executed, rate, weight and score."""
    labelled_amounts(cells, report)
    start, roles, header_end = fund_header(cells)
    if not roles:
        return
    factor = money_factor(cells, start, report)
    for i in range(header_end, min(len(cells), header_end + 80)):
        kind = FUND_ROW_KINDS.get(label_key(cells[i]))
        if kind:
            values = row_values(cells, i + 1, keeps_empty)
            report.funds.append(map_row(cells[i], values, roles, factor, kind))
    headline_from_rows(report)


def exec_weight_from_title(lines: list[str], report: Report) -> None:
    """The execution weight the form prints in a title (`预算执行情况（20分）`, `得分(20分*执行率)`)
    when the budget row gives none: read, never assumed to be 10."""
    if report.get("exec_weight") is not None:
        return
    for no, line in enumerate(lines, 1):
        match = EXEC_WEIGHT_TITLE.search(compact(line))
        if match:
            weight = float(match.group("a") or match.group("b"))
            report.set("exec_weight", weight, match.group(0), no)
            return


def labelled_amounts(cells: list[Cell], report: Report) -> None:
    """Amounts printed beside their own label (`计划安排资金（万元）| 700`), in the label's unit."""
    for i in find_labels(cells, AMOUNT_LABELS):
        value = value_after(cells, i, window=1)
        amount = to_float(value.text) if value is not None else None
        if amount is not None:
            factor = 0.0001 if YUAN_HINT.search(cells[i].text) else 1.0
            report.set(AMOUNT_LABELS[label_key(cells[i])], round(amount * factor, 6), value.text, value.line)


def fund_header(cells: list[Cell]) -> tuple[int, list[str], int]:
    """The first 项目资金 block followed by a real column header (the words also occur in prose)."""
    for start in find_labels(cells, FUND_BLOCK_LABELS) + [0]:
        roles, header_end = column_roles(cells, start)
        if len(roles) >= MIN_HEADER_ROLES:
            return start, roles, header_end
    return 0, [], 0


def column_roles(cells: list[Cell], start: int) -> tuple[list[str], int]:
    """Roles of the fund columns in order, and the index after the header.

    The header is a run of column labels; a stray cell or two (`(万元)`, `(20分)`) may sit
    inside it, but a longer gap ends it, so a 得分 in an earlier sentence is not a column.
    """
    roles, last, gap = [], start, 0
    for i in range(start, min(len(cells), start + HEADER_WINDOW)):
        key = label_key(cells[i])
        if key in FUND_ROW_KINDS:
            break
        role = column_role(key)
        if role is None:
            gap += 0 if cells[i].empty else 1
            if (roles and gap > MAX_HEADER_GAP) or (not roles and i - start > MAX_HEADER_LEAD):
                break
            continue
        if role not in roles:
            roles.append(role)
            last = i
        gap = 0
    return roles, last + 1


def column_role(key: str) -> str | None:
    """The role of a fund header cell."""
    return role_of(key, FUND_COLUMN_ROLES, FUND_COLUMN_KEYWORDS, MAX_KEYWORD_COLUMN)


def money_factor(cells: list[Cell], start: int, report: Report) -> float:
    """1 for 万元, 0.0001 when the form says its amounts are in 元."""
    window = " ".join(c.text for c in cells[max(0, start - 3) : start + 3])
    top = " ".join(c.text for c in cells[:start] if "金额单位" in c.key)
    if YUAN_HINT.search(window) or YUAN_HINT.search(top):
        report.set("money_unit", "元", window[:60], cells[start].line)
        return 0.0001
    report.set("money_unit", "万元", "", None, "derived")
    return 1.0


def row_values(cells: list[Cell], start: int, keeps_empty: bool) -> list[Cell]:
    """The value cells after a row label, up to the next label or text cell."""
    out: list[Cell] = []
    for cell in cells[start : start + ROW_WINDOW]:
        cell = numeric_head(cell)
        if label_key(cell) in FUND_ROW_KINDS or not is_value(cell):
            break
        if cell.empty and not keeps_empty:
            continue
        out.append(cell)
    while out and out[-1].empty:
        out.pop()
    return out


def numeric_head(cell: Cell) -> Cell:
    """`10001000100%20度效` (digits run into OCR debris) → its numeric head."""
    match = RUN_HEAD.match(cell.key)
    if match and not cell.empty and not is_value(cell):
        return Cell(match.group(0), match.group(0), cell.line, cell.row, cell.empty_kept)
    return cell


def is_value(cell: Cell) -> bool:
    """Numbers, percentages, dashes and empty cells belong to a fund row."""
    t = cell.key.rstrip("分")
    return cell.empty or is_dash(t) or to_float(t) is not None or parse_percent(t) is not None or bool(
        re.fullmatch(r"[\d.,%]+", t))


def map_row(label: Cell, values: list[Cell], roles: list[str], factor: float, kind: str) -> FundRow:
    """Assign a row's values to the column roles."""
    texts = expand_run_together([v.key for v in values], roles)
    assigned = assign(texts, roles)
    row = FundRow(label.text, raw=" | ".join(v.text for v in values), line=label.line, kind=kind)
    for role, text in assigned.items():
        set_role(row, role, text, factor)
    return row


def expand_run_together(texts: list[str], roles: list[str]) -> list[str]:
    """Split a cell like `202010100.00%10` (numbers printed with no separator)."""
    if len(texts) == 1 and len(roles) > 2 and re.fullmatch(r"[\d.]+%?[\d.]*", texts[0]):
        split = split_fund_run(texts[0], roles)
        if split:
            return split
    return texts


def assign(texts: list[str], roles: list[str]) -> dict[str, str]:
    """Positional when counts match; otherwise anchor on the percentage."""
    if len(texts) == len(roles):
        return dict(zip(roles, texts))
    pct = next((i for i, t in enumerate(texts) if parse_percent(t) is not None), None)
    if pct is None or "rate" not in roles:
        return dict(zip([r for r in roles if r != "rate"], texts))
    r = roles.index("rate")
    out = {"rate": texts[pct]}
    out.update(assign_left(texts[:pct], roles[:r]))
    out.update(dict(zip(roles[r + 1 :], texts[pct + 1 :])))
    return out


def assign_left(texts: list[str], roles: list[str]) -> dict[str, str]:
    """Values before the rate: a small last value is the weight; amounts fill the last money columns."""
    out: dict[str, str] = {}
    if len(texts) >= len(roles):
        return dict(zip(roles, texts[-len(roles):])) if roles else {}
    if roles and roles[-1] == "weight" and texts and (parse_score(texts[-1]) or 99) <= 30:
        out["weight"] = texts[-1]
        texts, roles = texts[:-1], roles[:-1]
    money = [r for r in roles if r in MONEY_ROLES]
    out.update(dict(zip(money[len(money) - len(texts):], texts)))
    return out


def set_role(row: FundRow, role: str, text: str, factor: float) -> None:
    """Store one cell's value on the fund row."""
    if role == "rate":
        pct = parse_percent(text)
        row.execution_rate = pct if pct is not None else _ratio(text)
    elif role in MONEY_ROLES:
        value = to_float(text)
        setattr(row, role, None if value is None else round(value * factor, 6))
    else:
        setattr(row, role, parse_score(text))


def _ratio(text: str) -> float | None:
    """A rate printed as a bare number: 1 means 100%, 99.65 means 99.65%."""
    value = to_float(text)
    if value is None:
        return None
    return value * 100 if value <= 1.5 else value


def headline_from_rows(report: Report) -> None:
    """Budget and execution from the total row, or the fiscal row when the total is blank or zero."""
    rows = {r.kind: r for r in reversed(report.funds)}
    total, fiscal = rows.get("total"), rows.get("fiscal")
    source = total
    if total is None or not any((total.budget_initial, total.budget_full_year, total.executed)):
        source = fiscal if fiscal is not None else total
    if source is None:
        return
    for name in MONEY_ROLES:
        report.set(name, getattr(source, name), source.raw, source.line)
    rate = source.execution_rate
    if source is total or rate:
        report.set("execution_rate", rate, source.raw, source.line)
    head = total or source
    report.set("exec_weight", head.weight, head.raw, head.line)
    report.set("exec_score", head.score, head.raw, head.line)


YEAR_CELL = re.compile(r"^(19|20)\d{2}$")


def extract_split_source_funds(cells: list[Cell], report: Report) -> None:
    """Older Guangdong forms: 资金安排情况 / 资金使用情况 split by source with a 资金合计 column."""
    for label, field in SPLIT_SOURCE_BLOCKS.items():
        start = find_label(cells, [label])
        if start is None:
            continue
        total = _first_year_row_total(cells, start)
        if total is not None:
            report.set(field, total[0], total[1].text, total[1].line)
    amount = find_label(cells, EVALUATED_AMOUNT_LABELS)
    if amount is not None and amount + 1 < len(cells):
        value = to_float(cells[amount + 1].key)
        report.set("budget_full_year", value, cells[amount + 1].text, cells[amount + 1].line)


def _first_year_row_total(cells: list[Cell], start: int) -> tuple[float, Cell] | None:
    """The largest amount in the first row that starts with a year: the 资金合计 of that year."""
    for i in range(start, min(len(cells), start + 30)):
        if YEAR_CELL.match(cells[i].key):
            amounts = []
            for cell in cells[i + 1 : i + 6]:
                value = to_float(cell.key)
                if value is None and not cell.empty:
                    break
                if value is not None and not (cell.row >= 0 and cell.row != cells[i].row):
                    amounts.append((value, cell))
            return max(amounts, key=lambda a: a[0]) if amounts else None
    return None
