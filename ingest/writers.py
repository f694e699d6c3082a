"""Write .docx, .xlsx and .pdf documents from a simple block model (for tests and demo data).

A block is either a ``str`` (a paragraph) or a table: a list of rows, each a list of cell
strings, where ``None`` means "merged into the cell to its left".
"""
import datetime as dt
import html
import re
import zipfile
from pathlib import Path
from typing import Union
from xml.sax.saxutils import escape

import openpyxl
from docx import Document
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

Table = list[list[Union[str, None]]]
Block = Union[str, Table]

FIXED_TIME = dt.datetime(2000, 1, 1)
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
CJK_FONT = "STSong-Light"
FONT_SIZE = 10
GRID_WIDTH = 0.5
CORE_PROPS = "docProps/core.xml"


def merge_runs(row: list) -> list[tuple[int, int]]:
    """(first, last) column of each cell followed by one or more ``None`` cells."""
    runs, start = [], None
    for col, value in enumerate(row + [""]):
        if value is None:
            continue
        if start is not None and col - 1 > start:
            runs.append((start, col - 1))
        start = col
    return runs


def rezip_fixed(path: Path, rewrite=None) -> None:
    """Rewrite a zip with fixed member times (and optional member rewrites) for equal bytes."""
    rewrite = rewrite or {}
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, payload in members:
            payload = rewrite[name](payload) if name in rewrite else payload
            target.writestr(zipfile.ZipInfo(name, ZIP_EPOCH), payload, zipfile.ZIP_DEFLATED)


def _fixed_modified(core_xml: bytes) -> bytes:
    """core.xml with its dcterms:modified stamp set to FIXED_TIME (openpyxl stamps 'now')."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, core_xml)


def _docx_table(document, rows: Table) -> None:
    """Add one table with a grid, merging ``None`` cells into their left neighbour."""
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                table.cell(r, c).text = value
        for first, last in merge_runs(row):
            table.cell(r, first).merge(table.cell(r, last))


def write_docx(path, blocks: list[Block]) -> None:
    """A Word document with the blocks in order; fixed core properties and zip times."""
    document = Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
        else:
            _docx_table(document, block)
    props = document.core_properties
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.author = props.last_modified_by = ""
    props.revision = 1
    document.save(path)
    rezip_fixed(Path(path))


def write_xlsx(path, blocks: list[Block]) -> None:
    """One sheet: paragraphs in column A, tables below them with merged ranges."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    row_no = 1
    for block in blocks:
        for row in [[block]] if isinstance(block, str) else block:
            for c, value in enumerate(row, start=1):
                if value is not None:
                    sheet.cell(row=row_no, column=c, value=value)
            for first, last in merge_runs(row):
                sheet.merge_cells(start_row=row_no, start_column=first + 1,
                                  end_row=row_no, end_column=last + 1)
            row_no += 1
    workbook.properties.creator = ""
    workbook.properties.created = FIXED_TIME
    workbook.save(path)
    rezip_fixed(Path(path), {CORE_PROPS: _fixed_modified})


PDF_TABLE_WIDTH = A4[0] - 2 * 72 - 12   # page width less SimpleDocTemplate's default margins


def _pdf_styles():
    """Paragraph style with the built-in CJK font (registered once)."""
    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return ParagraphStyle("cjk", fontName=CJK_FONT, fontSize=FONT_SIZE,
                          leading=FONT_SIZE * 1.4, wordWrap="CJK")


def _pdf_table(rows: Table, style):
    """A platypus Table with grid lines and SPAN commands for ``None`` cells."""
    width = max(len(r) for r in rows)
    data = [[Paragraph(escape(v or ""), style) for v in r] + [""] * (width - len(r)) for r in rows]
    commands = [("GRID", (0, 0), (-1, -1), GRID_WIDTH, "black"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    commands += [("SPAN", (first, r), (last, r))
                 for r, row in enumerate(rows) for first, last in merge_runs(row)]
    commands += [("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)]
    return PdfTable(data, colWidths=_pdf_widths(rows, width), style=TableStyle(commands))


def _pdf_widths(rows: Table, width: int) -> list[float]:
    """Column widths growing with the square root of the longest text, so long cells fit a page."""
    longest = [max((len(r[c] or "") for r in rows if c < len(r)), default=0) for c in range(width)]
    weights = [max(4.0, min(len_, 2000) ** 0.5) for len_ in longest]
    return [PDF_TABLE_WIDTH * w / sum(weights) for w in weights]


def write_pdf(path, blocks: list[Block]) -> None:
    """A PDF with a text layer (STSong-Light) and ruled tables; invariant output."""
    style = _pdf_styles()
    story = []
    for block in blocks:
        story.append(Paragraph(escape(block), style) if isinstance(block, str) else _pdf_table(block, style))
        story.append(Spacer(1, FONT_SIZE / 2))
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1, title="", author="",
                      creator="ingest.writers").build(story)


def write_html(path, blocks: list[Block]) -> None:
    """A plain saved web page: a <p> per paragraph, a bordered <table> per table."""
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"]
    for block in blocks:
        if isinstance(block, str):
            parts.append(f"<p>{html.escape(block)}</p>")
        else:
            rows = ("<tr>" + "".join(f"<td>{html.escape(c or '')}</td>" for c in row) + "</tr>" for row in block)
            parts.append("<table border='1'>" + "".join(rows) + "</table>")
    parts.append("</body></html>")
    Path(path).write_text("\n".join(parts), encoding="utf-8")
