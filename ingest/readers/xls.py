"""Legacy Excel .xls (xlrd): every sheet as pipe lines and a grid, merged cells as spans."""
import io

import xlrd

from ingest.readers.base import Rendered
from ingest.readers.cells import LineSink, trim_grid, value_to_text
from ingest.readers.limits import check_table
from ingest.readers.xlsx import add_sheet, sheet_origin

NO_FORMATTING_WARNING = "无法读取 .xls 的格式信息：合并单元格和百分比格式未识别"


def open_book(data: bytes) -> xlrd.book.Book:
    """Open with formatting (merges, number formats); some files only open without it."""
    quiet = io.StringIO()  # xlrd prints its diagnostics to stdout by default
    try:
        return xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=quiet)
    except (NotImplementedError, xlrd.XLRDError, AssertionError, KeyError, IndexError):
        return xlrd.open_workbook(file_contents=data, formatting_info=False, logfile=quiet)


def _number_format(book, sheet, r: int, c: int) -> str:
    """The number format string of a cell, or '' without formatting info."""
    if not book.formatting_info:
        return ""
    xf = book.xf_list[sheet.cell_xf_index(r, c)]
    fmt = book.format_map.get(xf.format_key)
    return fmt.format_str if fmt else ""


def _cell_text(book, sheet, r: int, c: int) -> str:
    """Display text of one xlrd cell."""
    cell = sheet.cell(r, c)
    if cell.ctype == xlrd.XL_CELL_DATE:
        return value_to_text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return value_to_text(bool(cell.value))
    if cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    return value_to_text(cell.value, _number_format(book, sheet, r, c))


def _sheet_grid(book, sheet) -> list[list[str]]:
    """Display texts with every merged range emptied except its top-left cell."""
    check_table(sheet.nrows, sheet.ncols, sheet_origin(sheet.name))
    grid = [[_cell_text(book, sheet, r, c) for c in range(sheet.ncols)] for r in range(sheet.nrows)]
    for rlo, rhi, clo, chi in sheet.merged_cells:
        for r in range(rlo, min(rhi, sheet.nrows)):
            for c in range(clo, min(chi, sheet.ncols)):
                if (r, c) != (rlo, clo):
                    grid[r][c] = ""
    return grid


def read(data: bytes) -> Rendered:
    """Every sheet of an .xls workbook."""
    book = open_book(data)
    sink = LineSink()
    for sheet in book.sheets():
        add_sheet(sink, sheet.name, trim_grid(_sheet_grid(book, sheet)), list(sheet.merged_cells))
    warnings = [] if book.formatting_info else [NO_FORMATTING_WARNING]
    return Rendered("xls", sink.text(), sink.origins, warnings, sink.blocks)
