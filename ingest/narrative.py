"""The narrative as a second source: figures in sentences, sections, claims of completion."""
import re

from ingest.layout import Cell
from ingest.model import Report
from ingest.normalize import compact, nfkc
from ingest.totals import normalize_grade

NUM = r"(\d+(?:,\d{3})*(?:\.\d+)?)"
# field -> sentence patterns; the figure is the last group. Amounts are in 万元.
FIGURES = {
    "budget_full_year": [rf"(?:总预算|全年预算(?:数)?|预算(?:资金|总额|金额)?(?:为|共|合计)?|安排[,，]?共计|下达(?:资金)?|总投入)[:：]?约?{NUM}万元"],
    "budget_initial": [rf"年初预算(?:数)?(?:为)?{NUM}万元"],
    "executed": [rf"(?:实际支出|全年执行数|执行数|实际使用|已支出|支出共计|完成预算资金|累计支出|实际执行)(?:为)?[:：]?约?{NUM}万元",
                 rf"^\d[、.]支出[:：]{NUM}万元"],
    "execution_rate": [rf"(?:执行率|支出率|完成年度预算的|资金使用率)(?:为|达到|达)?{NUM}%"],
    "self_score": [rf"(?:自评(?:得)?分(?:数|值)?|项目总得分|综合(?:得|评)分|总得分|自评总分|绩效评价得分)(?:为|是|:)?{NUM}分"],
    "savings": [rf"(?:节省|节约)[^。，,；]{{0,8}}?约?{NUM}万元"],
}
GRADE_SENTENCE = re.compile(r"(?:自评等级|自评结论|评价结论|评价等级|总体完成情况|评价结果)(?:为|是|:)?[“\"]?(优秀|良好|优|良|中等|中|差)")
SECTIONS = {
    "problems": re.compile(r"(存在(?:的)?(?:主要)?问题|问题及原因)"),
    "measures": re.compile(r"(改进(?:措施|意见|建议)|相关建议|下一步(?:工作)?(?:计划|打算)|几点建议)"),
    "experience": re.compile(r"(经验(?:做法|及做法)?|主要经验)"),
    "conclusion": re.compile(r"(评价结论|自评结论|综合评价)"),
}
COMPLETION = re.compile(r"(已完成|全面完成|已全部完成|顺利完成|按期完成|已完工|完成了)")
SECTION_MAX = 400
HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[、.])")


def extract_narrative(cells: list[Cell], lines: list[str], report: Report) -> None:
    """Figures from sentences, narrative sections and whether completion is claimed."""
    for no, line in enumerate(lines, 1):
        for text in nfkc(line).replace(" ", "").replace("\t", "").split("|"):
            narrative_figures(text, no, report)
    sections(cells, report)
    claims = any(COMPLETION.search(c.key) for c in cells)
    report.set("claims_completion", claims, "", None, "derived")


def narrative_figures(text: str, no: int, report: Report) -> None:
    """Figures and grade stated in one line (or one table cell) of prose."""
    for field, patterns in FIGURES.items():
        for pattern in patterns:
            for match in re.finditer(pattern, text):
                value = float(match.group(match.lastindex).replace(",", ""))
                report.set(field, value, match.group(0), no, "narrative")
    match = GRADE_SENTENCE.search(text)
    if match:
        report.set("grade", normalize_grade(match.group(1)), match.group(0), no, "narrative")


def sections(cells: list[Cell], report: Report) -> None:
    """Text under the headings of problems, measures, experience and conclusion."""
    body = "\n".join(c.text for c in cells)
    report.narratives["body"] = (body, 1)
    for i, cell in enumerate(cells):
        key = compact(cell.text)
        if len(key) > 40:
            continue
        for name, pattern in SECTIONS.items():
            if name in report.narratives or not pattern.search(key):
                continue
            text = _following_text(cells, i)
            if text:
                report.narratives[name] = (text, cells[i].line)


def _following_text(cells: list[Cell], i: int) -> str:
    """The prose after a heading cell, up to the next heading."""
    parts: list[str] = []
    for cell in cells[i + 1 : i + 8]:
        if HEADING.match(cell.text.strip()) and parts:
            break
        if cell.text.strip():
            parts.append(cell.text.strip())
        if sum(len(p) for p in parts) >= SECTION_MAX:
            break
    return "\n".join(parts)[:SECTION_MAX * 2]
