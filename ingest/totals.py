"""The total score, the weight total and the grade."""
import re

from ingest.cells import find_labels, label_key
from ingest.labels import GRADE_LABELS, GRADE_WORDS, SCORE_LABELS, TOTAL_ROW_LABELS, WEIGHT_TOTAL_LABELS
from ingest.layout import Cell
from ingest.model import Report
from ingest.normalize import compact
from ingest.numbers import parse_score

RUN_PAIR = re.compile(r"^(100|[1-9]\d?)(\d{1,3}(?:\.\d+)?)分?$")
WINDOW = 4
MAX_WEIGHT_TOTAL = 150   # a 合计 above this is an amount or a year, not the weight total
# A figure run into following text, as in `100100注:1.` after 总分 in text with no separators.
LEADING_NUMBER = re.compile(r"^(\d{1,6}(?:\.\d+)?)分?(?=[^\d.]|$)")


def extract_totals(cells: list[Cell], report: Report) -> None:
    """Self score and weight total from the 总分 row; grade from its label or the row."""
    for i in find_labels(cells, TOTAL_ROW_LABELS):
        numbers, grade = _row_numbers(cells, i)
        if len(numbers) >= 2:
            report.set("weight_total", numbers[0][0], numbers[0][1].text, numbers[0][1].line)
            report.set("self_score", numbers[1][0], numbers[1][1].text, numbers[1][1].line)
        elif len(numbers) == 1:
            _single_total(numbers[0], report)
        if grade:
            report.set("grade", grade[0], grade[1].text, grade[1].line)
    for i in find_labels(cells, SCORE_LABELS):
        numbers, _ = _row_numbers(cells, i)
        if numbers:
            report.set("self_score", numbers[0][0], numbers[0][1].text, numbers[0][1].line)
    for i in find_labels(cells, WEIGHT_TOTAL_LABELS):
        numbers, _ = _row_numbers(cells, i)
        if numbers and numbers[0][0] <= MAX_WEIGHT_TOTAL:
            report.set("weight_total", numbers[0][0], numbers[0][1].text, numbers[0][1].line)
    grade_from_label(cells, report)


def _single_total(number: tuple[float, Cell], report: Report) -> None:
    """One figure after 总分: a run-together pair `100100`, or the score itself."""
    value, cell = number
    match = RUN_PAIR.match(LEADING_NUMBER.match(compact(cell.text)).group(1))
    if value > 100 and match:
        report.set("weight_total", float(match.group(1)), cell.text, cell.line)
        report.set("self_score", float(match.group(2)), cell.text, cell.line)
    elif value <= 100:
        report.set("self_score", value, cell.text, cell.line)


def _row_numbers(cells: list[Cell], i: int):
    """Numbers (and a grade word) in the cells following a label, until the next label."""
    numbers, grade = [], None
    for cell in cells[i + 1 : i + 1 + WINDOW]:
        if cell.empty:
            continue
        value = parse_score(cell.key)
        if value is not None:
            numbers.append((value, cell))
        elif LEADING_NUMBER.match(cell.key):
            numbers.append((float(LEADING_NUMBER.match(cell.key).group(1)), cell))
            break
        elif normalize_grade(label_key(cell)):
            grade = (normalize_grade(label_key(cell)), cell)
        else:
            break
    return numbers, grade


def grade_from_label(cells: list[Cell], report: Report) -> None:
    """The grade written after 自评等级 or 评价等级."""
    for i in find_labels(cells, GRADE_LABELS):
        for cell in cells[i + 1 : i + 1 + WINDOW]:
            grade = normalize_grade(cell.text)
            if grade:
                report.set("grade", grade, cell.text, cell.line)
                return
            if not cell.empty:
                break


def normalize_grade(word: str) -> str | None:
    """优秀/良好/中/差 and their variants to 优/良/中/差."""
    return GRADE_WORDS.get(compact(word).strip("“”\"。"))
