"""PDF with a text layer (pdfplumber): per page, text lines and ruled tables (as grids) in reading order."""
import io
from bisect import bisect_left
from dataclasses import replace

import pdfplumber
from pdfminer.layout import LTChar
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import PdfminerException

from ingest import settings
from ingest.readers import limits, problems
from ingest.readers.base import Grid, GridCell, Rendered
from ingest.readers.cells import LineSink, clean_cell, spans_to_rows

TEXT, TABLE = 0, 1
POINTS_PER_INCH = 72
WRAP_SLACK = 14.0   # points short of the right margin that still count as a full (wrapped) line
WRAP_GAP = 6.0      # at most this gap (points) between a wrapped line and its continuation
SPAN_SLACK = 1.0    # points a cell's edge may fall short of the next column or row line and still reach it


class LeanPage(Page):
    """A pdfplumber page that turns characters into dicts directly.

    pdfplumber resolves every attribute of every character generically, a fifth of the time a
    PDF takes to read; characters only carry plain values, so they are copied field by field.
    """

    def process_object(self, obj) -> dict:
        """A page object as pdfplumber's dict; characters by the short path."""
        if type(obj) is not LTChar:
            return super().process_object(obj)
        x_shift, y_shift = self.mediabox[0], self.mediabox[1]
        top, gs = self.height - obj.y1 + y_shift, obj.graphicstate
        return {"object_type": "char", "page_number": self.page_number, "text": obj.get_text(),
                "fontname": obj.fontname, "size": obj.size, "adv": obj.adv, "upright": obj.upright,
                "matrix": obj.matrix, "x0": obj.x0 + x_shift, "x1": obj.x1 + x_shift, "y0": obj.y0, "y1": obj.y1,
                "width": obj.width, "height": obj.height, "top": top, "bottom": self.height - obj.y0 + y_shift,
                "doctop": self.initial_doctop + top, "mcid": obj.mcid, "tag": obj.tag, "ncs": obj.ncs.name,
                "stroking_color": gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,),
                "non_stroking_color": gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)}


def lean_pages(pdf) -> list[LeanPage]:
    """The document's pages as LeanPages, numbered and stacked (doctop) as pdfplumber does."""
    pages, doctop = [], 0.0
    for number, page in enumerate(PDFPage.create_pages(pdf.doc), start=1):
        limits.check_pages(number)
        pages.append(LeanPage(pdf, page, page_number=number, initial_doctop=doctop))
        doctop += pages[-1].height
    pdf._pages = pages   # so that closing the document releases these pages, not fresh ones
    return pages


def _center_inside(obj: dict, bbox: tuple) -> bool:
    """True when the centre of a page object lies inside a bounding box."""
    x0, top, x1, bottom = bbox
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def page_to_items(page) -> list[tuple[float, int, object]]:
    """(top, kind, payload) for text lines outside tables and for each table, top to bottom."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    outside = page.filter(lambda obj: not any(_center_inside(obj, b) for b in boxes))
    items = [(top, TEXT, text) for top, text in unwrap_lines(outside.extract_text_lines())]
    items += [(t.bbox[1], TABLE, t) for t in tables]
    return sorted(items, key=lambda item: (item[0], item[1]))


def unwrap_lines(lines: list[dict]) -> list[tuple[float, str]]:
    """Join lines a paragraph was wrapped into: a line that reaches the right margin goes on below."""
    if not lines:
        return []
    margin = max(line["x1"] for line in lines)
    out: list[tuple[float, str]] = []
    previous = None
    for line in lines:
        follows = previous is not None and line["top"] - previous["bottom"] < WRAP_GAP
        if follows and previous["x1"] >= margin - WRAP_SLACK and out:
            out[-1] = (out[-1][0], join_wrapped(out[-1][1], line["text"]))
        else:
            out.append((line["top"], line["text"]))
        previous = line
    return out


def join_wrapped(head: str, tail: str) -> str:
    """Join two pieces of a wrapped line: no space inside CJK text or numbers, one between words."""
    if head and tail and head[-1].isascii() and head[-1].isalpha() and tail[0].isascii() and tail[0].isalpha():
        return head + " " + tail
    return head + tail


def unwrap_cell(text: str | None) -> str:
    """A table cell's wrapped lines joined back (`387664.6` + `2` → `387664.62`)."""
    if not text:
        return ""
    parts = [p.strip() for p in text.split("\n")]
    joined = parts[0]
    for part in parts[1:]:
        joined = join_wrapped(joined, part)
    return clean_cell(joined)


def table_to_grid(table, prefix: str) -> Grid:
    """A pdfplumber table as a grid: a cell whose box reaches over further columns or rows spans them."""
    texts = table.extract()
    xs = sorted({cell[0] for cell in table.cells})
    tops = sorted({cell[1] for cell in table.cells})

    def origin_of(r: int, c: int) -> str:
        return f"{prefix} 第{r + 1}行 第{c + 1}列"

    anchors = []
    for r, row in enumerate(table.rows):
        for c, box in enumerate(row.cells):
            if box is not None:
                rowspan = bisect_left(tops, box[3] - SPAN_SLACK) - r
                colspan = bisect_left(xs, box[2] - SPAN_SLACK) - c
                anchors.append(GridCell(unwrap_cell(texts[r][c]), r, c, max(rowspan, 1), max(colspan, 1),
                                        origin=origin_of(r, c)))
    return Grid(spans_to_rows(anchors, len(texts), len(xs), origin_of), prefix)


def _add_page(sink: LineSink, page, number: int) -> None:
    """Render one page's items into the sink."""
    tables = 0
    for _, kind, payload in page_to_items(page):
        if kind == TEXT:
            sink.add(payload, f"第{number}页")
            continue
        tables += 1
        prefix = f"第{number}页 表{tables}"
        grid = table_to_grid(payload, prefix)
        sink.add_grids([(f"{prefix} 第{r}行", grid, cells) for r, cells in enumerate(grid.rows, start=1)], prefix)


def read(data: bytes) -> Rendered:
    """A PDF's text layer; pages without one (scans) are read by OCR, a PDF of only scans as `pdf_scan`."""
    sink, blank_pages = LineSink(), []
    with open_pdf(data) as pdf:
        for number, page in enumerate(lean_pages(pdf), start=1):
            if not page.chars:
                blank_pages.append(number)
                continue
            _add_page(sink, page, number)
        scanned_only = len(blank_pages) == len(pdf.pages)
    if not blank_pages:
        return sink.rendered("pdf", [])
    from ingest.readers import ocr   # OpenCV and the OCR models load only when a scan needs them
    pages = ocr.read_pages(render_pages(data, blank_pages), first_number=blank_pages[0])
    pages = [replace(page, number=n) for page, n in zip(pages, blank_pages)]
    if scanned_only:
        scan, warnings = ocr.pages_to_sink(pages)
        return scan.rendered("pdf_scan", warnings)
    warnings = [f"第{n}页没有文字层（扫描页），已做文字识别" for n in blank_pages]
    for page in pages:
        ocr.add_page(sink, page, warnings)
    return sink.rendered("pdf", warnings)


def open_pdf(data: bytes) -> pdfplumber.PDF:
    """The document opened; one that needs a password is refused as encrypted, not as damaged."""
    try:
        return pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        if any(isinstance(arg, (PDFPasswordIncorrect, PDFEncryptionError)) for arg in exc.args):
            raise problems.encrypted_pdf() from None
        raise


def render_pages(data: bytes, numbers: list[int]) -> list:
    """Grey images of the given 1-based pages at the OCR resolution (pypdfium2, no system packages)."""
    import pypdfium2 as pdfium

    from ingest.readers.ocr import check_page_count

    check_page_count(len(numbers))
    scale = settings.OCR_DPI.number() / POINTS_PER_INCH
    document = pdfium.PdfDocument(data)
    try:
        return [document[n - 1].render(scale=scale, grayscale=True).to_numpy() for n in numbers]
    finally:
        document.close()
