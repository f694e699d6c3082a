"""Text of a flattened report back to paragraphs and tables, to write it as .docx/.xlsx/.pdf."""
from ingest.layout import detect_family

Block = str | list[list[str]]


def text_to_blocks(text: str) -> list[Block]:
    """Paragraphs and tables in document order, for the pipe and tab-cell families."""
    lines = text.replace("\r\n", "\n").split("\n")
    if detect_family(lines) == "tab_cells":
        return _tab_blocks(lines)
    return _pipe_blocks(lines)


def _pipe_blocks(lines: list[str]) -> list[Block]:
    """Runs of `| a | b |` lines become tables, other lines paragraphs."""
    blocks: list[Block] = []
    for line in lines:
        if "|" not in line:
            if line.strip():
                blocks.append(line.strip())
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if all(set(c) <= set("-: ") for c in cells):
            continue
        if not blocks or isinstance(blocks[-1], str):
            blocks.append([])
        blocks[-1].append(cells)
    return blocks


def _tab_blocks(lines: list[str]) -> list[Block]:
    """Tab-started cells grouped in rows at blank lines; lines outside the table are paragraphs."""
    blocks: list[Block] = []
    table: list[list[str]] | None = None
    row: list[str] = []
    for i, line in enumerate(lines):
        if line.startswith("\t"):
            if table is None:
                table, row = [], []
                blocks.append(table)
            row.append(line[1:].strip())
        elif not line.strip():
            if table is not None and row and lines[i + 1 : i + 2] and lines[i + 1].startswith("\t"):
                table.append(row)
                row = []
        elif table is not None and row and _tab_follows(lines, i):
            row[-1] = (row[-1] + "\n" + line.strip()).strip()
        else:
            if table is not None and row:
                table.append(row)
            table, row = None, []
            blocks.append(line.strip())
    if table is not None and row:
        table.append(row)
    return blocks


def _tab_follows(lines: list[str], i: int) -> bool:
    """A tab cell comes within the next few lines: this line continues a cell."""
    return any(ln.startswith("\t") for ln in lines[i + 1 : i + 6])
