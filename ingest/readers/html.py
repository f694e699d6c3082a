"""Web pages (BeautifulSoup + lxml): text blocks as lines and paragraphs, tables as pipe lines and grids."""
import codecs
import re

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from ingest.readers.base import Grid, GridCell, Rendered
from ingest.readers import limits
from ingest.readers.cells import LineSink, cells_to_line, clean_cell
from ingest.readers.text import decode_bytes, normalize_newlines

DROPPED = {"script", "style", "noscript", "template", "head"}
BLOCKS = {"p", "div", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section",
          "article", "header", "footer", "blockquote", "pre", "dd", "dt", "dl", "caption",
          "form", "center", "address", "title", "body", "html", "main", "nav", "aside"}
NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)
META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.I)
CHARSET_SNIFF_BYTES = 4096
_SPACES = re.compile(r"\s+")


def decode_html(data: bytes) -> str:
    """Text of a page: BOM first, then the meta charset, then the plain-text decoder."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data)[0]
    match = META_CHARSET.search(data[:CHARSET_SNIFF_BYTES])
    if match:
        charset = match.group(1).decode("ascii").lower()
        charset = "gb18030" if charset in ("gb2312", "gbk") else charset
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data)[0]


def _span(cell: Tag, attr: str) -> int:
    """colspan/rowspan as a positive integer; refused above max_span."""
    digits = re.match(r"\d{1,12}", str(cell.get(attr, "1")).strip())
    return limits.span(int(digits.group())) if digits else 1


def _own_rows(table: Tag) -> list[Tag]:
    """The table's rows, not those of tables nested in its cells."""
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def table_to_grid(table: Tag, origin: str) -> tuple[Grid, list[list[Tag]]]:
    """The table's cells by position (spanned positions covered), and per row the tables nested in it."""
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    grid, nested = Grid([], origin), []
    for r, tr in enumerate(_own_rows(table)):
        cells, inner_tables = [], []
        for td in tr.find_all(["td", "th"], recursive=False):
            _fill_pending(cells, pending, r, origin)
            text, inner = cell_text(td)
            colspan, rowspan = _span(td, "colspan"), _span(td, "rowspan")
            cells.append(GridCell(text, r, len(cells), rowspan, colspan, origin=_cell_origin(origin, r, len(cells))))
            for c in range(len(cells), len(cells) + colspan - 1):
                cells.append(GridCell("", r, c, covered=True, origin=_cell_origin(origin, r, c)))
            pending.update({c: rowspan - 1 for c in range(len(cells) - colspan, len(cells)) if rowspan > 1})
            inner_tables.extend(inner)
        _fill_pending(cells, pending, r, origin, to_end=True)
        grid.rows.append(cells)
        nested.append(inner_tables)
    _square(grid)
    return grid, nested


def _cell_origin(origin: str, r: int, c: int) -> str:
    """``表2 第3行 第4列`` for 0-based r, c."""
    return f"{origin} 第{r + 1}行 第{c + 1}列"


def _fill_pending(cells: list[GridCell], pending: dict[int, int], r: int, origin: str, to_end=False) -> None:
    """Add cells for columns covered by rowspans from above (to the last such column at the row's end)."""
    last = max(pending, default=-1) if to_end else len(cells)
    while len(cells) in pending or (to_end and len(cells) <= last):
        col = len(cells)
        covered = col in pending
        if covered:
            pending[col] -= 1
            if not pending[col]:
                del pending[col]
        cells.append(GridCell("", r, col, covered=covered, origin=_cell_origin(origin, r, col)))


def _square(grid: Grid) -> None:
    """Pad rows to the widest and clip rowspans to the rows the table has."""
    width = max((len(row) for row in grid.rows), default=0)
    for r, row in enumerate(grid.rows):
        row.extend(GridCell("", r, c, origin=_cell_origin(grid.origin, r, c)) for c in range(len(row), width))
        for cell in row:
            cell.rowspan = min(cell.rowspan, len(grid.rows) - r)
            cell.colspan = min(cell.colspan, width - cell.col)


class _Renderer:
    """Walks the tree, turning blocks into lines and tables into pipe lines."""

    def __init__(self, collect_tables: bool = False):
        self.lines: list[str] = [""]
        self.collect_tables = collect_tables
        self.tables: list[Tag] = []
        self.rows: dict[int, tuple[Grid, list[GridCell]]] = {}   # line index -> the grid row rendered there

    def newline(self) -> None:
        """Start a new line unless the current one is still blank."""
        if self.lines[-1].strip():
            self.lines.append("")

    def walk(self, node: Tag) -> None:
        """Render the children of a node."""
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, NOT_TEXT):
                    self.lines[-1] += _SPACES.sub(" ", str(child))
            elif child.name in DROPPED:
                continue
            elif child.name == "br":
                self.lines.append("")
            elif child.name == "table":
                self.table(child)
            elif child.name in BLOCKS:
                self.newline()
                self.walk(child)
                self.newline()
            else:
                self.walk(child)

    def table(self, table: Tag) -> None:
        """Render a table as pipe lines, or set it aside when rendering a cell."""
        if self.collect_tables:
            self.tables.append(table)
            return
        self.newline()
        self.lines.append("")
        for grid, cells in table_rows(table, f"表{len(self.tables) + 1}"):
            self.rows[len(self.lines)] = (grid, cells)
            self.lines.append(cells_to_line([cell.text for cell in cells]))
        self.lines.extend(["", ""])
        self.tables.append(table)

    def result(self) -> list[str]:
        """The lines, stripped."""
        return [line.strip() for line in self.lines]


def cell_text(td: Tag) -> tuple[str, list[Tag]]:
    """A cell's text on one line, and the tables nested in it."""
    renderer = _Renderer(collect_tables=True)
    renderer.walk(td)
    return clean_cell("\n".join(renderer.result())), renderer.tables


def table_rows(table: Tag, origin: str) -> list[tuple[Grid, list[GridCell]]]:
    """(grid, cells) per row to render; a nested table is its own grid, rendered after its row."""
    grid, nested = table_to_grid(table, origin)
    rows = []
    for r, (cells, inner_tables) in enumerate(zip(grid.rows, nested)):
        rows.append((grid, cells))
        for k, inner in enumerate(inner_tables, start=1):
            rows.extend(table_rows(inner, f"{origin} 第{r + 1}行 内嵌表{k}"))
    return rows


def _squeeze_blank_lines(lines: list[str]) -> list[tuple[int, str]]:
    """(index, line) keeping at most one blank line in a row, none at the start or the end."""
    out: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        if line or (out and out[-1][1]):
            out.append((index, line))
    while out and not out[-1][1]:
        out.pop()
    return out


def read(data: bytes) -> Rendered:
    """A web page as lines and blocks; origins are the lines of the rendered text, cells ``表N 第R行 第C列``."""
    soup = BeautifulSoup(normalize_newlines(decode_html(data)), "lxml")
    renderer = _Renderer()
    renderer.walk(soup)
    sink = LineSink()
    for n, (index, line) in enumerate(_squeeze_blank_lines(renderer.result()), start=1):
        row = renderer.rows.get(index)
        if row is None:
            sink.add(line, f"第{n}行")
        else:
            sink.add_row(*row, f"第{n}行")
    return Rendered("html", sink.text(), sink.origins, [], sink.blocks)
