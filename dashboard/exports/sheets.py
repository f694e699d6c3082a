"""Spreadsheet manners shared by every export: bold filled headers, column widths, frozen headers, filters,
numbers stored as numbers with formats, severities coloured."""
import io
import math
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

FORMATS = {"score": "0.00", "int": "0", "money": "#,##0.00", "pct": "0.00%", "time": "yyyy-mm-dd hh:mm",
           "day": "yyyy-mm-dd", "text": "@"}
SEVERITY_FILL = {"确定": "F4B6B6", "疑似": "FCD9A8", "提示": "E4E4E4"}
STATUS_FILL = {"已确认": "F4B6B6", "误报": "D9EAD3", "待复核": "FFF2CC"}
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
TITLE_FONT = Font(bold=True, size=14)
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
FORBIDDEN_IN_SHEET_NAMES = str.maketrans({c: "_" for c in "[]:*?/\\"})
SHEET_NAME_MAX = 31


@dataclass(frozen=True)
class Col:
    """One column of an exported table: the frame's key, its Chinese header, width in characters, format."""
    key: str
    header: str
    width: float = 12
    fmt: str | None = None        # a FORMATS key; None for text as it is
    wrap: bool = False


def cell_value(value):
    """A frame value as a spreadsheet value: None for missing, plain Python numbers, datetimes without zone."""
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().replace(tzinfo=None)
    if hasattr(value, "item") and not isinstance(value, (str, datetime, date)):
        value = value.item()
    if isinstance(value, float) and math.isinf(value):
        return None
    return value


def header_row(ws, row: int, cols: list[Col]) -> None:
    for j, col in enumerate(cols, start=1):
        cell = ws.cell(row=row, column=j, value=col.header)
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def write_rows(ws, row: int, cols: list[Col], records: list[dict]) -> int:
    """Data rows under a header; returns the last row written."""
    for record in records:
        row += 1
        for j, col in enumerate(cols, start=1):
            value = cell_value(record.get(col.key))
            cell = ws.cell(row=row, column=j, value=value)
            cell.border = BORDER
            if col.fmt and isinstance(value, (int, float, datetime, date)) and not isinstance(value, bool):
                cell.number_format = FORMATS[col.fmt]
            if col.wrap:
                cell.alignment = WRAP
            fill = SEVERITY_FILL.get(value) if col.key == "severity" else STATUS_FILL.get(value)
            if fill and col.key in ("severity", "status"):
                cell.fill = PatternFill("solid", fgColor=fill)
    return row


def set_widths(ws, cols: list[Col]) -> None:
    for j, col in enumerate(cols, start=1):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, col.width)


def table(ws, top: int, cols: list[Col], frame: pd.DataFrame, freeze: bool = True, filters: bool = True) -> int:
    """A formatted table with its header at row `top`; header frozen and filtered when asked. Returns last row."""
    header_row(ws, top, cols)
    last = write_rows(ws, top, cols, frame.to_dict("records"))
    set_widths(ws, cols)
    if freeze:
        ws.freeze_panes = ws.cell(row=top + 1, column=1)
    if filters:
        ws.auto_filter.ref = f"A{top}:{get_column_letter(len(cols))}{max(last, top + 1)}"
    return last


def title(ws, row: int, text: str, size: int = 14) -> None:
    ws.cell(row=row, column=1, value=text).font = Font(bold=True, size=size)


def sheet_name(text: str, taken: set[str]) -> str:
    """A legal, unique sheet name (at most 31 characters, none of []:*?/\\)."""
    base = str(text).translate(FORBIDDEN_IN_SHEET_NAMES).strip("' ")[:SHEET_NAME_MAX] or "工作表"
    name, n = base, 1
    while name in taken:
        n += 1
        suffix = f"({n})"
        name = base[:SHEET_NAME_MAX - len(suffix)] + suffix
    taken.add(name)
    return name


def to_bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def table_workbook(frame: pd.DataFrame, cols: list[Col], sheet: str, heading: str | None = None) -> bytes:
    """One formatted table as a workbook (the queue's export and any other list)."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_name(sheet, set())
    top = 1
    if heading:
        title(ws, 1, heading, 12)
        top = 3
    table(ws, top, cols, frame)
    return to_bytes(wb)


def rounded_csv(frame: pd.DataFrame, cols: list[Col]) -> bytes:
    """The same table as CSV (UTF-8 with BOM for Excel), Chinese headers, scores and money to two decimals."""
    out = pd.DataFrame({c.header: frame[c.key] for c in cols})
    for c in cols:
        if c.fmt in ("score", "money"):
            out[c.header] = pd.to_numeric(out[c.header], errors="coerce").round(2)
        elif c.fmt == "time":
            out[c.header] = pd.to_datetime(out[c.header]).dt.strftime("%Y-%m-%d %H:%M")
    return out.to_csv(index=False).encode("utf-8-sig")
