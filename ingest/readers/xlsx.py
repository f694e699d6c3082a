"""Excel .xlsx: every sheet as pipe lines, merged ranges shown once at their top-left cell."""
import io

import openpyxl

from ingest.readers.base import Rendered
from ingest.readers.cells import LineSink, trim_grid, value_to_text


def sheet_origin(name: str) -> str:
    """Origin prefix of a sheet: ``工作表"名"``."""
    return f'工作表"{name}"'


def add_sheet(sink: LineSink, name: str, grid: list[list[str]]) -> None:
    """Render one sheet's grid of display texts as a table, with row numbers in origins."""
    prefix = sheet_origin(name)
    rows = [(f"{prefix} 第{n}行", cells) for n, cells in trim_grid(grid)]
    if rows:
        sink.add_table(rows, prefix)


def _sheet_grid(ws) -> list[list[str]]:
    """Display texts of every cell; openpyxl already empties non-top-left merged cells."""
    return [[value_to_text(cell.value, cell.number_format) for cell in row]
            for row in ws.iter_rows()]


def read(data: bytes) -> Rendered:
    """Every worksheet of an .xlsx, cached formula values rather than formulas."""
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    sink = LineSink()
    for ws in workbook.worksheets:
        add_sheet(sink, ws.title, _sheet_grid(ws))
    workbook.close()
    return Rendered("xlsx", sink.text(), sink.origins, [], sink.blocks)
