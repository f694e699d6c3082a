"""The narrative as a second source: figures in sentences, sections, claims of completion."""
import re

from ingest.layout import Cell
from ingest.model import Report
from ingest.normalize import compact, nfkc
from ingest.totals import normalize_grade

NUM = r"(\d+(?:,\d{3})*(?:\.\d+)?)"
# An amount: the figure and its unit (万元, a bare 万 before a stop, 元 or 亿元).
AMOUNT = NUM + r"(万元|万(?=[,，。;；、\s)]|$)|亿元|元)"
GAP = r"[^。；;，,]{0,60}?"    # words between a keyword and its amount, within one clause
# field -> sentence patterns in precedence order: an earlier pattern beats a later one
# wherever they stand; among matches of one pattern the first in the text wins.
FIGURES = {
    "budget_full_year": [
        rf"(?<!支出)(?:合计|共计|总计)(?:批复)?(?:总投资|预算|资金)?(?:为)?{AMOUNT}",
        rf"(?:全年预算(?:数)?|调整后预算(?:数)?|总预算|预算总额|年度资金(?:总额)?|资金总额(?:及构成)?(?:总额)?|总额|预算经费|预算金额|"
        rf"财政预算项目资金|预算数|预算资金(?!为)|预算)(?:为|共|合计|是)?[:：]?约?{AMOUNT}",
        rf"(?:下达|安排|到位|收到){GAP}{AMOUNT}",
        rf"(?:总投资|总投入|计划投资)(?:为)?约?{AMOUNT}",
    ],
    "budget_initial": [rf"年初预算(?:数|资金)?(?:为)?{AMOUNT}"],
    "executed": [
        rf"(?:实际支出|全年执行数|执行数|实际使用|已支出|支出共计|完成预算资金|累计支出|实际执行|预算支出|安排支出共计)(?:为)?[:：]?约?{AMOUNT}",
        rf"(?:已|实际|累计|完成|共)?(?:支付|拨付)(?:资金)?{AMOUNT}",
        rf"(?:全年|实际|累计|共)发放(?:资金)?{AMOUNT}",
        rf"^\d[、.]支出[:：]{AMOUNT}",
    ],
    "execution_rate": [rf"(?:执行率|支出率|完成年度预算的|资金使用率)(?:为|达到|达)?{NUM}%"],
    "self_score": [rf"(?:自评(?:得)?分(?:数|值)?|项目总得分|综合(?:得|评)分|总得分|自评总分|绩效评价得分)(?:为|是|:)?{NUM}分"],
    "savings": [rf"(?:节省|节约)[^。，,；]{{0,8}}?约?{AMOUNT}"],
    # satisfaction claimed as achieved (`满意度达100%`, `满意度均大于年度指标值≧95%`); a bare `满意度≥96%`
    # is a target and is not read
    "satisfaction": [rf"满意度(?:指标完成情况)?[:：]?(?:为|达到|达|是)?{NUM}%",
                     rf"满意度[^。；;≥≧≤≦]{{0,6}}?(?:均大于|大于|高于|超过|达到)[^\d。；;]{{0,10}}?{NUM}%"],
}
UNIT_FACTORS = {"万元": 1.0, "万": 1.0, "元": 1e-4, "亿元": 1e4}
GRADE_SENTENCE = re.compile(r"(?:自评等级|自评结论|评价结论|评价等级|总体完成情况|评价结果|自评结果|自评等次|评价等次|等次)(?:均)?(?:为|是|:)?[“\"]?(优秀|良好|优|良|中等|中|差)")
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
    texts = [(no, text) for no, line in enumerate(lines, 1)
             for text in nfkc(line).replace(" ", "").replace("\t", "").split("|")]
    for field, patterns in FIGURES.items():
        figure_candidates(field, patterns, texts, report)
    for no, text in texts:
        match = GRADE_SENTENCE.search(text)
        if match:
            report.set("grade", normalize_grade(match.group(1)), match.group(0), no, "narrative")
    sections(cells, report)
    claims = any(COMPLETION.search(c.key) for c in cells)
    report.set("claims_completion", claims, "", None, "derived")


def figure_candidates(field: str, patterns: list[str], texts: list[tuple[int, str]], report: Report) -> None:
    """Record the matches of the first pattern that matches anywhere (repeats kept for A9)."""
    for pattern in patterns:
        found = [(no, m) for no, text in texts for m in re.finditer(pattern, text)]
        for no, match in found:
            report.set(field, amount_of(match), match.group(0), no, "narrative")
        if found:
            return


def amount_of(match: re.Match) -> float:
    """The figure of a match in 万元 (or as printed for rates and scores)."""
    groups = [g for g in match.groups() if g is not None]
    if groups and groups[-1] in UNIT_FACTORS:
        return round(float(groups[-2].replace(",", "")) * UNIT_FACTORS[groups[-1]], 6)
    return float(groups[-1].replace(",", ""))


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
