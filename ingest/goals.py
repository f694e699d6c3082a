"""Annual overall goal (预期目标) and what was achieved (实际完成情况)."""
from ingest.cells import find_label, label_key
from ingest.labels import GOAL_ACTUAL_LABELS, GOAL_BLOCK_LABELS, GOAL_TARGET_LABELS, is_label
from ingest.layout import Cell
from ingest.model import Report

WINDOW = 8


def extract_goals(cells: list[Cell], report: Report) -> None:
    """The two goal texts after the goal block's labels."""
    start = find_label(cells, GOAL_BLOCK_LABELS)
    if start is None:
        return
    texts = []
    for cell in cells[start + 1 : start + 1 + WINDOW]:
        key = label_key(cell)
        if key in GOAL_TARGET_LABELS or key in GOAL_ACTUAL_LABELS or cell.empty:
            continue
        if is_label(cell.key):
            break
        texts.append(cell)
        if len(texts) == 2:
            break
    if texts:
        report.set("goal_target", texts[0].text, texts[0].text[:80], texts[0].line)
    if len(texts) == 2:
        report.set("goal_actual", texts[1].text, texts[1].text[:80], texts[1].line)
