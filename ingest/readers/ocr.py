"""Scanned pages read by OCR (RapidOCR's bundled PP-OCR models, offline) into grids and prose.

Each page image is OCR'd, deskewed by the angle of its text, cut into ruled tables
(ingest.readers.scan_table) and written to the same LineSink every reader uses, so a scan
becomes grids of cells (page, table, row, column, spans, OCR confidence) and text lines.
Pages go through a process pool over all cores; `base.page_progress` hears of each.
"""
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
import numpy as np

from ingest import settings
from ingest.labels import LABEL_SET
from ingest.repair import OCR_DIGITS
from ingest.readers import problems
from ingest.readers.base import Grid, GridCell, page_progress
from ingest.readers.cells import LineSink, spans_to_rows
from ingest.readers.scan_table import (Box, ScanTable, boxes_on_level_page, deskew, inked, join_boxes,
                                       page_tables, place_boxes, rectify, skew_angle, text_lines)

MIN_REREAD_SCORE = 0.5
MIN_SNAP, MAX_SNAP = 4, 12   # label lengths a one-character misreading is corrected for
LABELS_BY_LENGTH: dict[int, list[str]] = {}
for _label in LABEL_SET:
    LABELS_BY_LENGTH.setdefault(len(_label), []).append(_label)
WORDS = re.compile(r"[0-9A-Za-z\u4e00-\u9fff%]")   # a cell with none of these holds only a stray mark
LINE_PAD, EDGE_PAD = 4, 3   # pixels kept clear of a ruling line, and added beyond a box's own edge
SLIVER = 0.8        # a part narrower than this share of the line's height holds no character
CROSS_SLACK = 8     # pixels a box may overhang its cell's column lines before it counts as crossing
NUMBER_CELL = re.compile(r"\d+(?:\.\d+)?%?")
DASH_READINGS = {"一", "-", "—", "_", "－", "——", "--"}       # a dash for "not applicable", read as 一 too
EDGE_JUNK = "-·.'\",:;_~`|/\\"                               # ruling-line and speckle remnants at a cell's edge
OCR_DIGITS_IN_NUMBERS = re.compile(r"(?<=\d)[OoIl]|[OoIl](?=\d)")


@dataclass
class PageReading:
    """What OCR read on one page: its tables, its prose lines, and the skew it corrected."""

    number: int
    skew: float
    tables: list[ScanTable]
    prose: list[list[Box]]

    @property
    def empty(self) -> bool:
        return not self.tables and not self.prose


# Threads of the OCR runtime in this process: its own default when reading one page, one per
# worker when pages share the cores (a worker with the default already keeps two cores busy).
_threads = -1


def _one_thread_per_worker() -> None:
    global _threads
    _threads = 1


@lru_cache(maxsize=1)
def engine():
    """One OCR engine per process; its models ship inside the wheel, nothing is downloaded."""
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(intra_op_num_threads=_threads, inter_op_num_threads=_threads)


def read_page(args: tuple[int, np.ndarray]) -> PageReading:
    """OCR one page image (grey or colour) into tables and prose lines."""
    number, image = args
    gray = image if image.ndim == 2 else _gray(image)
    # Scans come upright; the angle classifier only ever turned digits around (`99.6%` → `%9.66`).
    results, _ = engine()(np.dstack([gray] * 3), use_cls=False)
    results = results or []
    angle = skew_angle([r[0] for r in results])
    level, matrix = deskew(gray, angle)
    level, boxes = rectify(level, boxes_on_level_page(results, matrix))
    tables, rest = page_tables(level, boxes)
    for table in tables:
        split_crossing_boxes(level, table)
        reread_empty_cells(level, table)
    return PageReading(number, angle, tables, text_lines(rest))


def split_crossing_boxes(level: np.ndarray, table: ScanTable) -> None:
    """A detected line of text that runs across a column line (`名称` + the next cell's words) is cut
    at the line, each part recognised again and put into its own cell."""
    crossing = []
    for cell in table.cells:
        left, right = table.xs[cell.col], table.xs[cell.col + cell.colspan]
        inside = [b for b in cell.boxes if b.x0 >= left - CROSS_SLACK and b.x1 <= right + CROSS_SLACK]
        crossing += [b for b in cell.boxes if b not in inside]
        cell.boxes = inside
    parts = [part for box in crossing for part in reread_parts(level, box, table.xs)]
    place_boxes(parts, table.cells, table.ys, table.xs)


def reread_parts(level: np.ndarray, box: Box, xs: list[int]) -> list[Box]:
    """The pieces of a box between the column lines it crosses, each recognised on its own."""
    cuts = [box.x0] + [x for x in xs if box.x0 + CROSS_SLACK < x < box.x1 - CROSS_SLACK] + [box.x1]
    parts = []
    for a, b in zip(cuts, cuts[1:]):
        if b - a < SLIVER * (box.y1 - box.y0):
            continue   # narrower than one character: the overhang of the detection, not text
        left = int(a) - EDGE_PAD if a == box.x0 else int(a) + LINE_PAD   # keep clear of the ruling lines
        right = int(b) + EDGE_PAD if b == box.x1 else int(b) - LINE_PAD
        right = min([right] + [int(x) - LINE_PAD for x in xs if b - CROSS_SLACK <= x <= right + LINE_PAD])
        crop = level[max(0, int(box.y0) - EDGE_PAD): int(box.y1) + EDGE_PAD, max(0, left): max(left + 1, right)]
        text, score = recognise(crop)
        if text:
            parts.append(Box(text, a, box.y0, b, box.y1, score))
    return parts


def recognise(crop: np.ndarray) -> tuple[str, float]:
    """Text and confidence of one small crop, recognition only."""
    if crop.size == 0:
        return "", 0.0
    result, _ = engine()(np.dstack([crop] * 3), use_det=False, use_cls=False)
    text, score = (result or [["", 0.0]])[0]
    return text.strip(), float(score)


def reread_empty_cells(level: np.ndarray, table: ScanTable) -> None:
    """Recognise the crop of every cell that holds ink but no detected text (small lone figures),
    or only a stray mark (`，` where a blurred `9` stands)."""
    for cell in table.cells:
        if cell.boxes and WORDS.search(cell.text):
            continue
        x0, y0, x1, y1 = table.cell_box(cell)
        crop = inked(level, (x0, y0, x1, y1))
        if crop is None:
            continue
        text, score = recognise(crop)
        if text and score >= MIN_REREAD_SCORE and WORDS.search(text):   # speckles read as junk, low score
            cell.boxes = [Box(text, x0, y0, x1, y1, score)]


def _gray(image: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.cvtColor(image[:, :, :3], cv2.COLOR_RGB2GRAY)


def read_pages(images: list[np.ndarray], first_number: int = 1) -> list[PageReading]:
    """Every page read, in order; several pages share the cores, one page runs here."""
    check_page_count(len(images))
    jobs = list(enumerate(images, start=first_number))
    callback = page_progress.get()
    if len(jobs) == 1:
        pages = [read_page(jobs[0])]
        _notify(callback, 1, 1)
        return pages
    pages = []
    workers = min(len(jobs), os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers, initializer=_one_thread_per_worker) as pool:
        for page in pool.map(read_page, jobs):
            pages.append(page)
            _notify(callback, len(pages), len(jobs))
    return pages


def _notify(callback, done: int, total: int) -> None:
    if callback is not None:
        callback(done, total)


def check_page_count(pages: int) -> None:
    """Refuse a scan with more pages than the limit before any OCR runs."""
    limit = int(settings.OCR_MAX_PAGES.number())
    if pages > limit:
        raise problems.too_many_pages(pages, limit)


def add_page(sink: LineSink, page: PageReading, warnings: list[str]) -> None:
    """A read page into the sink: tables and prose lines in their order down the page."""
    items = [(table.top, table) for table in page.tables] + [(line[0].cy, line) for line in page.prose]
    tables = 0
    for _, item in sorted(items, key=lambda pair: pair[0]):
        if isinstance(item, ScanTable):
            tables += 1
            prefix = f"第{page.number}页 表{tables}"
            grid = table_to_grid(item, prefix)
            warnings.extend(repair_numeric_cells(grid) + snap_labels(grid))
            sink.add_grids([(f"{prefix} 第{r}行", grid, cells) for r, cells in enumerate(grid.rows, start=1)], prefix)
            warnings.extend(uncertain_cells(grid))
        else:
            sink.add(join_boxes(item), f"第{page.number}页")
            sink.confidence[len(sink.lines)] = round(min(box.score for box in item), 3)


def table_to_grid(table: ScanTable, prefix: str) -> Grid:
    """A ruled table of a scan as a grid: merged cells spanned, empty cells kept, OCR confidence per cell."""
    def origin_of(r: int, c: int) -> str:
        return f"{prefix} 第{r + 1}行 第{c + 1}列"

    anchors = [GridCell(cell.text, cell.row, cell.col, cell.rowspan, cell.colspan, origin=origin_of(cell.row, cell.col),
                        confidence=round(cell.score, 3) if cell.score is not None else 1.0)
               for cell in table.cells]
    return Grid(spans_to_rows(anchors, table.height, table.width, origin_of), prefix)


def repair_numeric_cells(grid: Grid) -> list[str]:
    """OCR slips in a column of numbers (`5-`, `0·`, `99. .65%`, `1O`, `一` for a dash), corrected
    only where the rest of the column makes the reading certain; each correction is noted."""
    notes = []
    for col in range(len(grid.rows[0]) if grid.rows else 0):
        cells = [row[col] for row in grid.rows if col < len(row) and row[col].text and not row[col].covered]
        if sum(is_number(c.text) for c in cells) < max(2, len(cells) / 2):
            continue
        for cell in cells:
            fixed = number_reading(cell.text)
            if fixed is not None and fixed != cell.text:
                notes.append(f"{cell.origin}：识别结果“{cell.text}”按同列数字更正为“{fixed}”")
                cell.text = fixed
    return notes


def snap_labels(grid: Grid) -> list[str]:
    """A cell one character away from exactly one known label of four or more characters
    (`主管部内`) is that label misread; it is corrected and noted."""
    notes = []
    for row in grid.rows:
        for cell in row:
            label = near_label(cell.text.strip())
            if label is not None:
                notes.append(f"{cell.origin}：识别结果“{cell.text}”按表格标签更正为“{label}”")
                cell.text = label
    return notes


def near_label(text: str) -> str | None:
    """The one known label a short text differs from in a single character, if there is one."""
    if not MIN_SNAP <= len(text) <= MAX_SNAP or text in LABEL_SET:
        return None
    close = [lab for lab in LABELS_BY_LENGTH.get(len(text), ())
             if sum(a != b for a, b in zip(lab, text)) == 1]
    return close[0] if len(close) == 1 else None


def is_number(text: str) -> bool:
    """A figure as forms print it: `110`, `99.65%`, `≥95%` is not (it is a target)."""
    return bool(NUMBER_CELL.fullmatch(text.strip()))


def number_reading(text: str) -> str | None:
    """The figure an OCR'd cell shows, or a dash, if a slip can be undone; None otherwise."""
    key = text.strip()
    if key in DASH_READINGS:
        return "—"
    key = OCR_DIGITS_IN_NUMBERS.sub(lambda m: m.group(0).translate(OCR_DIGITS), key.replace(" ", ""))
    key = re.sub(r"\.{2,}", ".", key.strip(EDGE_JUNK))
    return key if is_number(key) else None


def uncertain_cells(grid: Grid) -> list[str]:
    """A warning for every cell read below the confidence threshold."""
    threshold = settings.OCR_MIN_CONFIDENCE.number()
    return [f"{cell.origin}：“{cell.text}”识别置信度{cell.confidence:.2f}，低于{threshold:g}，按不确定处理"
            for row in grid.rows for cell in row if cell.text and cell.confidence < threshold]


def pages_to_sink(pages: list[PageReading]) -> tuple[LineSink, list[str]]:
    """All read pages in one sink, with the warnings of uncertain cells; no text at all is refused."""
    if all(page.empty for page in pages):
        raise problems.no_text_found()
    sink, warnings = LineSink(), []
    for page in pages:
        if page.skew:
            warnings.append(f"第{page.number}页倾斜{page.skew:.1f}°，已校正后识别")
        add_page(sink, page, warnings)
    return sink, warnings
