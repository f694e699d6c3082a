"""Excel .xlsx: every sheet as pipe lines and a grid, merged ranges as spans over covered cells."""
import io
from bisect import bisect_left

import openpyxl
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.utils import range_boundaries
from openpyxl.worksheet._reader import WorkSheetParser

from ingest.readers.base import Grid, GridCell, Rendered
from ingest.readers.cells import LineSink, spans_to_rows, value_to_text
from ingest.readers.limits import check_table

Merge = tuple[int, int, int, int]   # first row, row after the last, first column, column after the last (0-based)


def sheet_origin(name: str) -> str:
    """Origin prefix of a sheet: ``工作表"名"``."""
    return f'工作表"{name}"'


def add_sheet(sink: LineSink, name: str, kept: list[tuple[int, list[str]]], merges: list[Merge] = ()) -> None:
    """Render one sheet's non-empty rows (1-based number, display texts) as a table, with row numbers in origins."""
    prefix = sheet_origin(name)
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


def sheet_rows(ws) -> tuple[list[tuple[int, dict[int, str]]], list[Merge]]:
    """Rows holding any text as (1-based number, {0-based column: text}), and the merged ranges.

    Streamed from the sheet's XML in one pass, never as a grid: the file's own dimension and a
    cell far out at XFD1048576 cost nothing here. openpyxl's parser is used directly because its
    read-only sheet hides merges and its normal mode makes an object for every merged position.
    """
    book = ws.parent
    with ws._get_source() as source:
        parser = WorkSheetParser(source, ws._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        rows = [(number, texts) for number, cells in parser.parse() if (texts := _row_texts(ws, cells))]
        merges = parser.merged_cells.mergeCell if parser.merged_cells else []
    return rows, [_merge(m.ref) for m in merges]


def _row_texts(ws, cells: list[dict]) -> dict[int, str]:
    """Display texts of one parsed row by 0-based column, empty cells left out."""
    texts = {}
    for cell in cells:
        if cell["value"] is not None:
            text = value_to_text(cell["value"], ReadOnlyCell(ws, **cell).number_format)
            if text:
                texts[cell["column"] - 1] = text
    return texts


def _merge(ref: str) -> Merge:
    """A range reference as 0-based bounds with exclusive ends."""
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return min_row - 1, max_row, min_col - 1, max_col


def blank_merged(rows: list[tuple[int, dict[int, str]]], merges: list[Merge]) -> None:
    """Empty every merged position but the top-left one, as Excel shows them (only stored texts are visited)."""
    numbers = [n - 1 for n, _ in rows]
    for r0, r1, c0, c1 in merges:
        for index in range(bisect_left(numbers, r0), bisect_left(numbers, r1)):
            texts = rows[index][1]
            for col in [c for c in texts if c0 <= c < c1 and (numbers[index], c) != (r0, c0)]:
                del texts[col]


def dense_rows(name: str, rows: list[tuple[int, dict[int, str]]]) -> list[tuple[int, list[str]]]:
    """Kept rows as lists padded to the sheet's used width, refused when rows × width exceeds max_table_cells."""
    rows = [(n, texts) for n, texts in rows if texts]
    width = max((max(texts) + 1 for _, texts in rows), default=0)
    check_table(len(rows), width, sheet_origin(name))
    return [(n, [texts.get(c, "") for c in range(width)]) for n, texts in rows]


def check_merges(name: str, merges: list[Merge]) -> None:
    """A merged range larger than any table may be (A2000:XFD1048576) is a hostile file, even empty: refuse it."""
    for r0, r1, c0, c1 in merges:
        check_table(r1 - r0 + 1, c1 - c0 + 1, where=f"工作表“{name}”中合并单元格")


def read(data: bytes) -> Rendered:
    """Every worksheet of an .xlsx, cached formula values rather than formulas."""
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sink = LineSink()
    try:
        for ws in workbook.worksheets:
            rows, merges = sheet_rows(ws)
            check_merges(ws.title, merges)
            blank_merged(rows, merges)
            add_sheet(sink, ws.title, dense_rows(ws.title, rows), merges)
    finally:
        workbook.close()
    return Rendered("xlsx", sink.text(), sink.origins, [], sink.blocks)
