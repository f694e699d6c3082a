"""What every format reader returns: the document as text lines plus where each line came from."""
import contextvars
from dataclasses import dataclass, field
from typing import Callable

from ingest.readers.limits import charge_cells

# Told (pages done, pages in the file) while a scan is read page by page; the CLI and the
# loader (import page, `load`) set it to show progress per page.
page_progress: contextvars.ContextVar[Callable[[int, int], None] | None] = contextvars.ContextVar(
    "page_progress", default=None)


@dataclass
class GridCell:
    """One cell of a table as the file holds it; empty cells are kept."""

    text: str
    row: int              # 0-based row inside its grid
    col: int              # 0-based column inside its grid
    rowspan: int = 1
    colspan: int = 1
    covered: bool = False  # True for a position covered by a merged cell that starts elsewhere
    origin: str = ""       # where it sits in the file, in Chinese (``表2 第3行 第4列``)
    line: int = 0          # 1-based line of its row in the rendered text
    confidence: float = 1.0  # OCR confidence of its text (1 for text read from the file itself)

    def __post_init__(self):
        # Every reader makes its cells here, so this one place bounds the cells of a document
        # (spans and padding included) against max_document_cells.
        charge_cells()


@dataclass
class Grid:
    """A table read straight from the file: rows of cells with their positions and spans.

    ``trusted`` says whether columns line up (Word, Excel, HTML and PDF tables) or were
    rebuilt from text, where a missing cell shifts the row and alignment must be inferred.
    ``first_line`` is the 1-based line of its first row in the rendered text.
    """

    rows: list[list[GridCell]]
    origin: str = ""
    trusted: bool = True
    first_line: int = 0


@dataclass
class Paragraph:
    """A run of prose outside tables, with its rendered line."""

    text: str
    origin: str = ""
    line: int = 0


@dataclass
class Rendered:
    """A document rendered as text.

    Tables become one line per row, cells between ``|`` (``| a | b |``), so every format
    reaches the same text parser. ``origins[i]`` says where line ``i + 1`` came from in the
    original file, in Chinese, e.g. ``表2 第3行``, ``第1页 表1 第4行``, ``第12行``.
    """

    format: str
    text: str
    origins: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    blocks: list[Grid | Paragraph] = field(default_factory=list)   # the document's structure
    confidence: dict[int, float] = field(default_factory=dict)     # line -> lowest OCR confidence on it

    def grids(self) -> list[Grid]:
        """The tables of the document, in order."""
        return [b for b in self.blocks if isinstance(b, Grid)]

    def origin_of(self, line_no: int) -> str:
        """Location in the original document of a 1-based text line."""
        if 1 <= line_no <= len(self.origins):
            return self.origins[line_no - 1]
        return f"第{line_no}行"
