"""Tables of a scanned page from its ruling lines and OCR boxes: the same grids as any other format.

The page is deskewed by the angle of its text boxes; horizontal and vertical ruling lines are
found by morphology on the binarised image; their positions cut each table into units, and a
unit boundary with no printed line joins two units into one merged cell. Every OCR box goes to
the cell holding its centre, so empty cells stay empty and each cell keeps its box and the
lowest OCR confidence of its text. Text outside tables becomes lines of prose.
"""
import math
from dataclasses import dataclass, field

import cv2
import numpy as np

LINE_FRACTION = 40        # a ruling line is at least 1/40 of the page width (or height) long
MERGE_PX = 6              # line positions closer than this are one line
SEPARATOR_COVER = 0.55    # share of a unit boundary that must be inked to separate two cells
EDGE_PX = 3               # a frame this close to the image's edge belongs to the photographed sheet
MIN_TABLE_UNITS = 2       # a table has at least this many rows and columns of units
ROW_OVERLAP = 0.5         # boxes overlapping this much of their height stand on one line of prose
MAX_SKEW_DEGREES = 5.0
MIN_FRAME_SHARE = 0.05    # a frame smaller than this share of the page is not worth squaring the page for
MIN_WARP_SHARE = 0.01     # corners within this share of the frame's width of a rectangle: no perspective to undo
MIN_CROP = 8              # pixels: a cell narrower or lower than this holds no text
INK_LEVEL = 160           # grey level below which a pixel is ink (blurred scans print digits grey)
MIN_INK_SHARE = 0.001     # share of ink pixels that makes an empty-looking cell worth reading
INK_MARGIN = 6            # white pixels kept around the ink of a re-read cell


@dataclass
class Box:
    """One OCR result: its text, the centre and extent on the deskewed page, and its confidence."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    score: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class ScanCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    boxes: list[Box] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_boxes(self.boxes)

    @property
    def score(self) -> float | None:
        return min((b.score for b in self.boxes), default=None)


@dataclass
class ScanTable:
    top: float
    cells: list[ScanCell]
    height: int
    width: int
    ys: list[int] = field(default_factory=list)   # row line positions on the deskewed page
    xs: list[int] = field(default_factory=list)   # column line positions

    def cell_box(self, cell: ScanCell) -> tuple[int, int, int, int]:
        """(x0, y0, x1, y1) inside a cell's ruling lines."""
        return (self.xs[cell.col] + MERGE_PX, self.ys[cell.row] + MERGE_PX,
                self.xs[cell.col + cell.colspan] - MERGE_PX, self.ys[cell.row + cell.rowspan] - MERGE_PX)


def skew_angle(quads: list) -> float:
    """The page's rotation in degrees, from the top edges of wide text boxes."""
    angles = []
    for quad in quads:
        (x0, y0), (x1, y1) = quad[0], quad[1]
        if x1 - x0 > 3 * abs(quad[3][1] - quad[0][1]):
            angles.append(math.degrees(math.atan2(y1 - y0, x1 - x0)))
    angle = float(np.median(angles)) if angles else 0.0
    return angle if abs(angle) <= MAX_SKEW_DEGREES else 0.0


def deskew(gray: np.ndarray, angle: float) -> tuple[np.ndarray, np.ndarray]:
    """The page rotated level, and the affine matrix that maps original points onto it."""
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    level = cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    return level, matrix


def boxes_on_level_page(results: list, matrix: np.ndarray) -> list[Box]:
    """OCR results as boxes in the deskewed page's coordinates."""
    boxes = []
    for quad, text, score in results:
        pts = np.hstack([np.asarray(quad, dtype=float), np.ones((4, 1))]) @ matrix.T
        xs, ys = pts[:, 0], pts[:, 1]
        boxes.append(Box(text, xs.min(), ys.min(), xs.max(), ys.max(), float(score)))
    return boxes


def rectify(gray: np.ndarray, boxes: list[Box]) -> tuple[np.ndarray, list[Box]]:
    """A photographed page made square again: the largest table frame's four corners are mapped
    onto a rectangle (and the boxes with them), so its ruling lines run straight."""
    corners = frame_corners(gray)
    if corners is None:
        return gray, boxes
    tl, tr, br, bl = corners
    width = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    height = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    target = np.float32([tl, tl + [width, 0], tl + [width, height], tl + [0, height]])
    if np.abs(target - corners).max() < MIN_WARP_SHARE * width:
        return gray, boxes   # a scan, square already but for a pixel or two: warping would only blur it
    matrix = cv2.getPerspectiveTransform(np.float32(corners), target)
    h, w = gray.shape
    flat = cv2.warpPerspective(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    return flat, [_moved(box, matrix) for box in boxes]


def frame_corners(gray: np.ndarray) -> np.ndarray | None:
    """Top-left, top-right, bottom-right and bottom-left corners of the largest ruled frame, if it is a quadrilateral."""
    horizontal, vertical = ruling_masks(gray)
    contours, _ = cv2.findContours(cv2.bitwise_or(horizontal, vertical), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    hull = cv2.convexHull(max(contours, key=cv2.contourArea))
    if cv2.contourArea(hull) < MIN_FRAME_SHARE * gray.size:
        return None
    quad = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True).reshape(-1, 2).astype(np.float32)
    if len(quad) != 4:
        return None
    by_sum, by_diff = quad.sum(axis=1), np.diff(quad, axis=1).ravel()
    return np.float32([quad[by_sum.argmin()], quad[by_diff.argmin()], quad[by_sum.argmax()], quad[by_diff.argmax()]])


def _moved(box: Box, matrix: np.ndarray) -> Box:
    """A box carried by a perspective transform (its corners moved, then bounded again)."""
    pts = np.float32([[box.x0, box.y0], [box.x1, box.y0], [box.x1, box.y1], [box.x0, box.y1]]).reshape(-1, 1, 2)
    moved = cv2.perspectiveTransform(pts, matrix).reshape(-1, 2)
    return Box(box.text, moved[:, 0].min(), moved[:, 1].min(), moved[:, 0].max(), moved[:, 1].max(), box.score)


def ruling_masks(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Images of the horizontal and of the vertical ruling lines."""
    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    h, w = gray.shape
    across = cv2.getStructuringElement(cv2.MORPH_RECT, (max(20, w // LINE_FRACTION), 1))
    down = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(20, h // LINE_FRACTION)))
    horizontal = cv2.dilate(cv2.morphologyEx(ink, cv2.MORPH_OPEN, across), np.ones((3, 3), np.uint8))
    vertical = cv2.dilate(cv2.morphologyEx(ink, cv2.MORPH_OPEN, down), np.ones((3, 3), np.uint8))
    return horizontal, vertical


def table_boxes(horizontal: np.ndarray, vertical: np.ndarray) -> list[tuple[int, int, int, int]]:
    """(x0, y0, x1, y1) of every connected frame of ruling lines, top to bottom."""
    frame = cv2.bitwise_or(horizontal, vertical)
    count, _, stats, _ = cv2.connectedComponentsWithStats(frame, connectivity=8)
    h, w = frame.shape
    found = []
    for x, y, bw, bh, _ in stats[1:count]:
        at_edge = x <= EDGE_PX or y <= EDGE_PX or x + bw >= w - EDGE_PX or y + bh >= h - EDGE_PX
        if bw > w // 4 and bh > h // 40 and not at_edge:   # a frame on the image's edge is the sheet's border
            found.append((int(x), int(y), int(x + bw), int(y + bh)))
    # A frame around other frames is the page's own edge (a photo), not a table.
    inner = [f for f in found if not any(g != f and _inside(g, f) for g in found)]
    return sorted(inner, key=lambda b: b[1])


def _inside(small: tuple[int, int, int, int], big: tuple[int, int, int, int]) -> bool:
    return big[0] <= small[0] and big[1] <= small[1] and small[2] <= big[2] and small[3] <= big[3]


def line_positions(mask: np.ndarray, axis: int, lo: int, hi: int, span: tuple[int, int]) -> list[int]:
    """Positions of ruling lines in a frame: rows (axis 0) or columns (axis 1) that are mostly ink."""
    a, b = span
    window = mask[lo:hi, a:b] if axis == 0 else mask[a:b, lo:hi]
    profile = (window > 0).mean(axis=1 if axis == 0 else 0)
    positions = [i + lo for i, share in enumerate(profile) if share > 1 / LINE_FRACTION * 4]
    return merge_positions(positions)


def merge_positions(positions: list[int]) -> list[int]:
    """One position per run of neighbouring positions."""
    out: list[list[int]] = []
    for p in positions:
        if out and p - out[-1][-1] <= MERGE_PX:
            out[-1].append(p)
        else:
            out.append([p])
    return [round(sum(run) / len(run)) for run in out]


def table_units(horizontal: np.ndarray, vertical: np.ndarray, frame: tuple[int, int, int, int]):
    """Row and column line positions of one frame (its outer edges included)."""
    x0, y0, x1, y1 = frame
    ys = line_positions(horizontal, 0, y0, y1 + 1, (x0, x1 + 1))
    xs = line_positions(vertical, 1, x0, x1 + 1, (y0, y1 + 1))
    return ys, xs


def separated(mask: np.ndarray, fixed: int, a: int, b: int, vertical_line: bool) -> bool:
    """True when a boundary segment between two units is inked along most of its length."""
    lo, hi = a + MERGE_PX, b - MERGE_PX
    if hi <= lo:
        return True
    strip = mask[lo:hi, fixed - 3: fixed + 4] if vertical_line else mask[fixed - 3: fixed + 4, lo:hi]
    inked = (strip > 0).any(axis=1 if vertical_line else 0)
    return inked.mean() >= SEPARATOR_COVER


def merged_cells(ys: list[int], xs: list[int], horizontal: np.ndarray, vertical: np.ndarray) -> list[ScanCell]:
    """Units joined where no line separates them; each group becomes one cell with its spans."""
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = list(range(rows * cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not separated(vertical, xs[c + 1], ys[r], ys[r + 1], True):
                parent[find(r * cols + c + 1)] = find(r * cols + c)
            if r + 1 < rows and not separated(horizontal, ys[r + 1], xs[c], xs[c + 1], False):
                parent[find((r + 1) * cols + c)] = find(r * cols + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(rows):
        for c in range(cols):
            groups.setdefault(find(r * cols + c), []).append((r, c))
    cells = []
    for units in groups.values():
        r0, c0 = min(u[0] for u in units), min(u[1] for u in units)
        r1, c1 = max(u[0] for u in units), max(u[1] for u in units)
        cells.append(ScanCell(r0, c0, r1 - r0 + 1, c1 - c0 + 1))
    return cells


def page_tables(gray: np.ndarray, boxes: list[Box]) -> tuple[list[ScanTable], list[Box]]:
    """The ruled tables of a deskewed page with their boxes, and the boxes left outside them."""
    horizontal, vertical = ruling_masks(gray)
    tables, rest = [], list(boxes)
    for frame in table_boxes(horizontal, vertical):
        ys, xs = table_units(horizontal, vertical, frame)
        if len(ys) <= MIN_TABLE_UNITS or len(xs) <= MIN_TABLE_UNITS:
            continue
        cells = merged_cells(ys, xs, horizontal, vertical)
        rest = place_boxes(rest, cells, ys, xs)
        tables.append(ScanTable(ys[0], cells, len(ys) - 1, len(xs) - 1, ys, xs))
    return tables, rest


def inked(gray: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray | None:
    """The crop of a cell when it holds ink the detector may have missed (a lone `5`), else None."""
    x0, y0, x1, y1 = box
    if x1 - x0 < MIN_CROP or y1 - y0 < MIN_CROP:
        return None
    crop = gray[y0:y1, x0:x1]
    ink = crop < INK_LEVEL
    if ink.mean() < MIN_INK_SHARE:
        return None
    rows, cols = np.where(ink)   # trimmed to the ink: the recogniser misreads a lone figure in white space
    top, left = max(0, rows.min() - INK_MARGIN), max(0, cols.min() - INK_MARGIN)
    return crop[top: rows.max() + INK_MARGIN + 1, left: cols.max() + INK_MARGIN + 1]


def place_boxes(boxes: list[Box], cells: list[ScanCell], ys: list[int], xs: list[int]) -> list[Box]:
    """Put each box into the cell holding its centre; return the boxes outside the table."""
    owner = {}
    for cell in cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                owner[r, c] = cell
    outside = []
    for box in boxes:
        r = _index(ys, box.cy)
        c = _index(xs, box.cx)
        if r is None or c is None:
            outside.append(box)
        else:
            owner[r, c].boxes.append(box)
    return outside


def _index(bounds: list[int], value: float) -> int | None:
    """The unit between two line positions that holds a coordinate."""
    for i in range(len(bounds) - 1):
        if bounds[i] <= value < bounds[i + 1]:
            return i
    return None


def join_boxes(boxes: list[Box]) -> str:
    """The text of boxes in reading order: lines top to bottom, boxes left to right."""
    return "".join(" ".join(b.text for b in line) for line in text_lines(boxes))


def text_lines(boxes: list[Box]) -> list[list[Box]]:
    """Boxes grouped into lines (overlapping vertically), each sorted left to right."""
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.cy):
        last = lines[-1] if lines else None
        if last and _overlap(last[-1], box) >= ROW_OVERLAP:
            last.append(box)
        else:
            lines.append([box])
    return [sorted(line, key=lambda b: b.x0) for line in lines]


def _overlap(a: Box, b: Box) -> float:
    """Vertical overlap of two boxes as a share of the smaller height."""
    inter = min(a.y1, b.y1) - max(a.y0, b.y0)
    return inter / max(1.0, min(a.y1 - a.y0, b.y1 - b.y0))
