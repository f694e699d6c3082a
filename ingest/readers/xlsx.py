"""Excel .xlsx: every sheet as pipe lines and a grid, merged ranges as spans over covered cells."""
import io
from bisect import bisect_left

import openpyxl

from ingest.readers.base import Grid, GridCell, Rendered
from ingest.readers.cells import LineSink, spans_to_rows, trim_grid, value_to_text

Merge = tuple[int, int, int, int]   # first row, row after the last, first column, column after the last (0-based)


def sheet_origin(name: str) -> str:
    """Origin prefix of a sheet: ``工作表"名"``."""
    return f'工作表"{name}"'


def add_sheet(sink: LineSink, name: str, grid: list[list[str]], merges: list[Merge] = ()) -> None:
    """Render one sheet's grid of display texts as a table, with row numbers in origins."""
    prefix = sheet_origin(name)
    kept = trim_grid(grid)
    if not kept:
        return
    row_origins = [f"{prefix} 第{n}行" for n, _ in kept]
    grid = Grid(sheet_cells(kept, merges, row_origins), prefix)
    sink.add_grids([(o, grid, cells) for o, cells in zip(row_origins, grid.rows)], prefix)


def sheet_cells(kept: list[tuple[int, list[str]]], merges: list[Merge], row_origins: list[str]) -> list[list[GridCell]]:
    """Grid cells of the kept rows; a merge over dropped empty rows spans only the kept ones."""
    sheet_rows = [n - 1 for n, _ in kept]
    width = len(kept[0][1])

    def origin_of(r: int, c: int) -> str:
        return f"{row_origins[r]} 第{c + 1}列"

    anchors = []
    for r0, r1, c0, c1 in merges:
        lo, hi = bisect_left(sheet_rows, r0), bisect_left(sheet_rows, r1)
        if lo < hi and c0 < width and c1 - c0 >= 1:
            anchors.append(GridCell(kept[lo][1][c0], lo, c0, hi - lo, c1 - c0, origin=origin_of(lo, c0)))
    anchors += [GridCell(text, r, c, origin=origin_of(r, c))
                for r, (_, texts) in enumerate(kept) for c, text in enumerate(texts) if text]
    return spans_to_rows(anchors, len(kept), width, origin_of)


def _sheet_grid(ws) -> list[list[str]]:
    """Display texts of every cell; openpyxl already empties non-top-left merged cells."""
    return [[value_to_text(cell.value, cell.number_format) for cell in row]
            for row in ws.iter_rows()]


def _merges(ws) -> list[Merge]:
    """The sheet's merged ranges, 0-based with exclusive ends."""
    return [(m.min_row - 1, m.max_row, m.min_col - 1, m.max_col) for m in ws.merged_cells.ranges]


def read(data: bytes) -> Rendered:
    """Every worksheet of an .xlsx, cached formula values rather than formulas."""
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    sink = LineSink()
    for ws in workbook.worksheets:
        add_sheet(sink, ws.title, _sheet_grid(ws), _merges(ws))
    workbook.close()
    return Rendered("xlsx", sink.text(), sink.origins, [], sink.blocks)
