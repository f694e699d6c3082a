"""Word .docx: body paragraphs and tables in document order, tables as pipe lines and grids."""
import io

from docx import Document
from docx.oxml.ns import nsmap, qn

from ingest.readers.base import Grid, GridCell, Rendered
from ingest.readers import limits
from ingest.readers.cells import LineSink, clean_cell

W_P, W_TBL, W_TR, W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
W_SDT, W_SDT_CONTENT = qn("w:sdt"), qn("w:sdtContent")
W_T, W_TAB, W_BR, W_CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
W_VAL = qn("w:val")
RESTART = "restart"
NAMESPACES = {"w": nsmap["w"]}
RUN_TEXT = {W_TAB: "\t", W_BR: "\n", W_CR: "\n"}


def _blocks(parent):
    """Paragraphs and tables under parent in order, looking through content controls."""
    for child in parent.iterchildren():
        if child.tag in (W_P, W_TBL):
            yield child
        elif child.tag == W_SDT:
            for content in child.iterchildren(W_SDT_CONTENT):
                yield from _blocks(content)


def paragraph_text(p) -> str:
    """Visible text of a w:p (runs, hyperlinks, insertions; not deleted text)."""
    parts = []
    for node in p.iter(W_T, W_TAB, W_BR, W_CR):
        parts.append(node.text or "" if node.tag == W_T else RUN_TEXT[node.tag])
    return "".join(parts)


def _prop_int(parent, path: str, default: int) -> int:
    """An integer w:val found at an xpath below parent, or default."""
    found = parent.find(path, NAMESPACES)
    if found is None or found.get(W_VAL) is None:
        return default
    return int(found.get(W_VAL))


def _grid_skip(tr, path: str) -> int:
    """Grid columns a row skips before or after its cells (gridBefore, gridAfter), within max_span."""
    skip = _prop_int(tr, path, 0)
    return limits.span(skip) if skip > 0 else 0


def _is_continuation(tc) -> bool:
    """True for a vertically (or legacy horizontally) merged cell that is not the first."""
    props = tc.find(qn("w:tcPr"))
    if props is None:
        return False
    merges = [props.find(qn("w:vMerge")), props.find(qn("w:hMerge"))]
    return any(m is not None and m.get(W_VAL) != RESTART for m in merges)


def _cell_text(tc) -> str:
    """A cell's paragraphs on one line."""
    return clean_cell("\n".join(paragraph_text(b) for b in _blocks(tc) if b.tag == W_P))


def _row_cells(tr, r: int, row_origin: str) -> tuple[list[GridCell], set[int], list]:
    """A row's cells by grid column (spans covered), the columns a vertical merge continues, nested tables."""
    cells, continued, nested = [], set(), []

    def add(text: str, covered: bool = False, colspan: int = 1) -> None:
        cells.append(GridCell(text, r, len(cells), 1, colspan, covered, f"{row_origin} 第{len(cells) + 1}列"))

    for _ in range(_grid_skip(tr, "w:trPr/w:gridBefore")):
        add("")
    for tc in tr.iterchildren(W_TC):
        span = limits.span(_prop_int(tc, "w:tcPr/w:gridSpan", 1))
        if _is_continuation(tc):
            continued.add(len(cells))
            add("", covered=True)
        else:
            add(_cell_text(tc), colspan=span)
        for _ in range(span - 1):
            add("", covered=True)
        nested.extend(b for b in _blocks(tc) if b.tag == W_TBL)
    for _ in range(_grid_skip(tr, "w:trPr/w:gridAfter")):
        add("")
    return cells, continued, nested


def _merge_down(rows: list[list[GridCell]], continued: list[set[int]]) -> None:
    """Give the cell that starts each vertical merge the rowspan its continuations reach."""
    for r, columns in enumerate(continued):
        for col in columns:
            top = r
            while top > 0 and col in continued[top] and col < len(rows[top - 1]):
                top -= 1
            anchor = rows[top][col] if col < len(rows[top]) else None
            if anchor is not None and not anchor.covered:
                anchor.rowspan = r - top + 1


def table_rows(tbl, origin: str) -> list[tuple[str, Grid, list[GridCell]]]:
    """(origin, grid, cells) per row to render; a nested table is its own grid, rendered after its row."""
    grid, rendered, continued = Grid([], origin), [], []
    for r, tr in enumerate(tbl.iterchildren(W_TR)):
        row_origin = f"{origin} 第{r + 1}行"
        cells, merged_down, nested = _row_cells(tr, r, row_origin)
        grid.rows.append(cells)
        continued.append(merged_down)
        rendered.append((row_origin, grid, cells))
        for k, inner in enumerate(nested, start=1):
            rendered.extend(table_rows(inner, f"{row_origin} 内嵌表{k}"))
    _merge_down(grid.rows, continued)
    _pad(grid.rows, origin)
    return rendered


def _pad(rows: list[list[GridCell]], origin: str) -> None:
    """Pad rows with empty cells to the widest row."""
    width = max((len(row) for row in rows), default=0)
    for r, row in enumerate(rows):
        row_origin = f"{origin} 第{r + 1}行"
        row.extend(GridCell("", r, c, origin=f"{row_origin} 第{c + 1}列") for c in range(len(row), width))


def read(data: bytes) -> Rendered:
    """A .docx rendered as paragraphs (``第N段``) and pipe tables (``表N 第R行``)."""
    body = Document(io.BytesIO(data)).element.body
    sink, paragraphs, tables = LineSink(), 0, 0
    for block in _blocks(body):
        if block.tag == W_P:
            paragraphs += 1
            sink.add(paragraph_text(block), f"第{paragraphs}段")
        else:
            tables += 1
            sink.add_grids(table_rows(block, f"表{tables}"), f"表{tables}")
    return Rendered("docx", sink.text(), sink.origins, [], sink.blocks)
