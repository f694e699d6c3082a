"""PDF with a text layer (pdfplumber): per page, text lines and ruled tables in reading order."""
import io

import pdfplumber

from ingest.readers import problems
from ingest.readers.base import Rendered
from ingest.readers.cells import LineSink, clean_cell

TEXT, TABLE = 0, 1


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
    items = [(line["top"], TEXT, line["text"]) for line in outside.extract_text_lines()]
    items += [(t.bbox[1], TABLE, t.extract()) for t in tables]
    return sorted(items, key=lambda item: (item[0], item[1]))


def _add_page(sink: LineSink, page, number: int) -> None:
    """Render one page's items into the sink."""
    tables = 0
    for _, kind, payload in page_to_items(page):
        if kind == TEXT:
            sink.add(payload, f"第{number}页")
            continue
        tables += 1
        prefix = f"第{number}页 表{tables}"
        rows = [(f"{prefix} 第{r}行", [clean_cell(c) for c in row])
                for r, row in enumerate(payload, start=1)]
        sink.add_table(rows, prefix)


def read(data: bytes) -> Rendered:
    """A PDF's text layer; raises 'no_text_layer' when no page has any text."""
    sink, blank_pages = LineSink(), []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            if not page.chars:
                blank_pages.append(number)
                continue
            _add_page(sink, page, number)
        if len(blank_pages) == len(pdf.pages):
            raise problems.no_text_layer()
    warnings = [f"第{n}页没有文字层（可能是扫描页），已跳过" for n in blank_pages]
    return Rendered("pdf", sink.text(), sink.origins, warnings)
