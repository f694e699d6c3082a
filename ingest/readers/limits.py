"""The limits every reader works within: grid sizes, spans, cells per document, line length, pages.

Each limit is a setting (ingest/settings.py). A reader checks a size before it allocates what the size
implies (a sheet's extent before its grid, a span before its covered cells), so a tiny hostile file is
refused in milliseconds instead of eating the memory of the process. Exceeding a limit raises
IngestError 'limit_exceeded' naming the setting and its environment variable.
"""
import contextvars
from contextlib import contextmanager

from ingest import settings
from ingest.errors import IngestError
from ingest.settings import Setting, whole

# Table cells the document being read may still make; None outside a read (nothing is counted).
_cells_left: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("cells_left", default=None)


def exceeded(what_zh: str, what_en: str, setting: Setting, got: int | None = None) -> IngestError:
    """The refusal for one limit: what was too big, by how much, and which setting allows more."""
    limit, env = whole(setting), settings.ENV_PREFIX + setting.name.upper()
    got_zh, got_en = (f" {got:,}", f" {got:,}") if got is not None else ("", "")
    return IngestError("limit_exceeded",
                       f"{what_zh}{got_zh} 超过上限 {limit:,}（设置 {setting.name}，环境变量 {env}），已拒绝读取",
                       f"{what_en}{got_en} exceeds the limit of {limit:,} (setting {setting.name}, {env}); refused")


@contextmanager
def document_budget():
    """Count the table cells of one document against max_document_cells while it is read."""
    token = _cells_left.set([whole(settings.MAX_DOCUMENT_CELLS)])
    try:
        yield
    finally:
        _cells_left.reset(token)


def charge_cells(count: int = 1) -> None:
    """Spend cells of the document's budget; refuses once the document has made too many."""
    left = _cells_left.get()
    if left is None:
        return
    left[0] -= count
    if left[0] < 0:
        raise exceeded("文件中表格单元格总数", "the number of table cells in the file", settings.MAX_DOCUMENT_CELLS)


def check_table(rows: int, columns: int, where: str = "") -> None:
    """Refuse a table or sheet whose rows × columns would exceed max_table_cells, before it is built."""
    if rows * columns > whole(settings.MAX_TABLE_CELLS):
        place = f"{where}的" if where else ""
        raise exceeded(f"{place}表格大小 {rows:,} 行 × {columns:,} 列 =", f"a table of {rows:,} rows × {columns:,} columns =",
                       settings.MAX_TABLE_CELLS, rows * columns)


def span(value: int) -> int:
    """A row or column span from a file, at least 1; refused above max_span (a browser stops at 1000 too)."""
    if value > whole(settings.MAX_SPAN):
        raise exceeded("单元格跨行或跨列数", "a cell span of", settings.MAX_SPAN, value)
    return max(value, 1)


def check_lines(text: str) -> None:
    """Refuse rendered text with a line longer than max_line_chars (the parser's work grows with it)."""
    longest = max(map(len, text.split("\n")), default=0)
    if longest > whole(settings.MAX_LINE_CHARS):
        raise exceeded("最长一行的字符数", "characters in one line:", settings.MAX_LINE_CHARS, longest)


def check_pages(pages: int) -> None:
    """Refuse a PDF once its pages, counted as they are opened, pass max_pdf_pages."""
    if pages > whole(settings.MAX_PDF_PAGES):
        raise exceeded("PDF 页数", "the number of PDF pages", settings.MAX_PDF_PAGES)
