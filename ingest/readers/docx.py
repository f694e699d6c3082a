"""Word .docx: body paragraphs and tables in document order, tables as pipe lines."""
import io

from docx import Document
from docx.oxml.ns import nsmap, qn

from ingest.readers.base import Rendered
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


def _row_cells(tr) -> tuple[list[str], list]:
    """Cell texts of a row (merged cells expanded to empty ones) and its nested tables."""
    cells = [""] * _prop_int(tr, "w:trPr/w:gridBefore", 0)
    nested = []
    for tc in tr.iterchildren(W_TC):
        span = _prop_int(tc, "w:tcPr/w:gridSpan", 1)
        cells.append("" if _is_continuation(tc) else _cell_text(tc))
        cells.extend([""] * (span - 1))
        nested.extend(b for b in _blocks(tc) if b.tag == W_TBL)
    cells.extend([""] * _prop_int(tr, "w:trPr/w:gridAfter", 0))
    return cells, nested


def table_rows(tbl, origin: str) -> list[tuple[str, list[str]]]:
    """(origin, cells) per row; nested tables follow the row they sit in."""
    rows = []
    for r, tr in enumerate(tbl.iterchildren(W_TR), start=1):
        cells, nested = _row_cells(tr)
        rows.append((f"{origin} 第{r}行", cells))
        for k, inner in enumerate(nested, start=1):
            rows.extend(table_rows(inner, f"{origin} 第{r}行 内嵌表{k}"))
    width = max((len(c) for _, c in rows), default=0)
    return [(o, c + [""] * (width - len(c))) for o, c in rows]


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
            sink.add_table(table_rows(block, f"表{tables}"), f"表{tables}")
    return Rendered("docx", sink.text(), sink.origins, [], sink.blocks)
