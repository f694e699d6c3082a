"""Web pages (BeautifulSoup + lxml): text blocks as lines, tables as pipe lines with spans."""
import codecs
import re

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from ingest.readers.base import Rendered
from ingest.readers.cells import LineSink, cells_to_line, clean_cell
from ingest.readers.text import decode_bytes, normalize_newlines

DROPPED = {"script", "style", "noscript", "template", "head"}
BLOCKS = {"p", "div", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section",
          "article", "header", "footer", "blockquote", "pre", "dd", "dt", "dl", "caption",
          "form", "center", "address", "title", "body", "html", "main", "nav", "aside"}
NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)
META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.I)
CHARSET_SNIFF_BYTES = 4096
MAX_SPAN = 1000
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
    """colspan/rowspan as a sane positive integer."""
    digits = re.match(r"\d+", str(cell.get(attr, "1")).strip())
    return min(max(int(digits.group()), 1), MAX_SPAN) if digits else 1


def _own_rows(table: Tag) -> list[Tag]:
    """The table's rows, not those of tables nested in its cells."""
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def table_to_grid(table: Tag) -> list[tuple[list[str], list[Tag]]]:
    """Rows of cell texts with colspan/rowspan filled by empty cells, plus nested tables."""
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    grid = []
    for tr in _own_rows(table):
        cells, nested, col = [], [], 0
        for td in tr.find_all(["td", "th"], recursive=False):
            col = _fill_pending(cells, pending, col)
            text, inner = cell_text(td)
            colspan, rowspan = _span(td, "colspan"), _span(td, "rowspan")
            cells.extend([text] + [""] * (colspan - 1))
            for c in range(col, col + colspan):
                if rowspan > 1:
                    pending[c] = rowspan - 1
            col += colspan
            nested.extend(inner)
        _fill_pending(cells, pending, col, to_end=True)
        grid.append((cells, nested))
    width = max((len(cells) for cells, _ in grid), default=0)
    return [(cells + [""] * (width - len(cells)), nested) for cells, nested in grid]


def _fill_pending(cells: list[str], pending: dict[int, int], col: int, to_end=False) -> int:
    """Add empty cells for columns covered by rowspans; returns the next free column."""
    last = max(pending, default=-1) if to_end else col
    while col in pending or (to_end and col <= last):
        if col in pending:
            pending[col] -= 1
            if not pending[col]:
                del pending[col]
        cells.append("")
        col += 1
    return col


class _Renderer:
    """Walks the tree, turning blocks into lines and tables into pipe lines."""

    def __init__(self, collect_tables: bool = False):
        self.lines: list[str] = [""]
        self.collect_tables = collect_tables
        self.tables: list[Tag] = []

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
        self.lines.extend(["", *table_lines(table), "", ""])

    def result(self) -> list[str]:
        """The lines, stripped."""
        return [line.strip() for line in self.lines]


def cell_text(td: Tag) -> tuple[str, list[Tag]]:
    """A cell's text on one line, and the tables nested in it."""
    renderer = _Renderer(collect_tables=True)
    renderer.walk(td)
    return clean_cell("\n".join(renderer.result())), renderer.tables


def table_lines(table: Tag) -> list[str]:
    """Pipe lines of a table; nested tables follow the row they sit in."""
    lines = []
    for cells, nested in table_to_grid(table):
        lines.append(cells_to_line(cells))
        for inner in nested:
            lines.extend(table_lines(inner))
    return lines


def _squeeze_blank_lines(lines: list[str]) -> list[str]:
    """At most one blank line in a row, none at the start or the end."""
    out = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


def read(data: bytes) -> Rendered:
    """A web page as lines; origins are the lines of the rendered text."""
    soup = BeautifulSoup(normalize_newlines(decode_html(data)), "lxml")
    renderer = _Renderer()
    renderer.walk(soup)
    sink = LineSink()
    for n, line in enumerate(_squeeze_blank_lines(renderer.result()), start=1):
        sink.add(line, f"第{n}行")
    return Rendered("html", sink.text(), sink.origins, [])
