"""Header fields: project name, units, year, kind, dates, place."""
import re

from ingest.area_codes import city_from_phone
from ingest.cells import find_labels, inline_value, labelled_value, value_after
from ingest.labels import HEADER_LABELS, is_label
from ingest.layout import Cell
from ingest.model import Report
from ingest.normalize import compact, tidy
from ingest.numbers import to_float
from ingest.place import MUNICIPALITIES, resolve_place

CODE_PREFIX = re.compile(r"^[0-9A-Za-z]{3,}\s*[-—－_]\s*")
STAMP_SUFFIX = re.compile(r"[(（]\s*(盖章|公章|签章)\s*[)）]$")
YEAR_OF_REPORT = re.compile(r"(20\d{2}|19\d{2})\s*年度")
YEAR_PLAIN = re.compile(r"(20\d{2})\s*年(?!\s*\d{1,2}\s*月)")
DATE = re.compile(r"(20\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})")
# A form whose 项目名称 value was scattered (PDF columns interleaved): a lone cell naming a project.
LONE_PROJECT = re.compile(r"^(?!.*(?:绩效|自评|报告|评价|表))[\u4e00-\u9fff()“”]{4,40}项目$")
FORM_NEIGHBOURS = ("主管部门", "实施单位", "项目负责人", "项目实施单位", "主管单位", "项目主管单位")
UNIT_SUFFIX = r"(?:局|委员会|委|办公室|办|中心|学校|中学|小学|幼儿园|医院|政府|站|所|院|馆|队|处|厅|公司|政协|人大|分局|集团)"
TITLE_UNIT = re.compile(rf"^[《“]?(?:关于)?(?P<unit>[\u4e00-\u9fff（）()]{{3,30}}?{UNIT_SUFFIX})(?=.{{0,40}}绩效.{{0,20}}(?:报告|表))")
SITE_UNIT = re.compile(r"欢迎(?:来到|访问)(?P<unit>[\u4e00-\u9fff]{2,20}?)(?:门户)?网站")
TITLE_CELLS = 15
# `关于2022年度XX项目绩效自评报告`, `XX项目支出绩效自评报告`: the project named in the title.
TITLE_PROJECT = re.compile(r"^(?:关于)?(?:(?:19|20)\d{2}年度?)?(?P<name>[^，。,;；:：]{2,40}?项目)(?:资金|支出)*绩效自评")
NARRATIVE_PROJECT = [
    re.compile(r"项目为[一1]个[:：]\s*(?P<name>[^，。,；;:：]{2,40}?项目)"),
    re.compile(r"^(?P<name>[^，。,；;：:\s]{4,40}?(?:工程|项目)(?:[(（][^)）]{1,8}[)）])?)是为"),
    re.compile(r"^(?P<name>[^，。,；;：:\s]{4,40}?(?:工程|项目)(?:[(（][^)）]{1,8}[)）])?)(?:由|主要|于20)"),
]


def clean_name(text: str) -> str:
    """A unit or project name without budget codes, stamp notes or stray spaces."""
    text = tidy(text)
    text = CODE_PREFIX.sub("", text)
    return STAMP_SUFFIX.sub("", text).strip(" ：:")


def extract_header(cells: list[Cell], report: Report) -> None:
    """Fill project name, units, year, kind, dates and place."""
    project_name(cells, report)
    for field in ("implementing_unit", "supervising_department"):
        found = labelled_value(cells, HEADER_LABELS[field])
        if found and not is_label(found[1].key):
            report.set(field, clean_name(found[0]), found[1].text, found[1].line)
    unit_from_titles(cells, report)
    report_year(cells, report)
    report_kind(cells, report)
    report_dates(cells, report)


def project_name(cells: list[Cell], report: Report) -> None:
    """The 项目名称 value that sits in the form header (not in an index of projects)."""
    fallback = None
    for i in find_labels(cells, HEADER_LABELS["project_name"]):
        value = value_after(cells, i)
        if value is None or to_float(value.text) is not None:
            continue
        near = [c.key for c in cells[i + 1 : i + 8]]
        if any(n.startswith(FORM_NEIGHBOURS) for n in near):
            report.set("project_name", clean_name(value.text), value.text, value.line)
            return
        fallback = fallback or value
    if fallback is not None:
        report.set("project_name", clean_name(fallback.text), fallback.text, fallback.line)
        return
    inline = inline_value(cells, HEADER_LABELS["project_name"])
    if inline:
        report.set("project_name", clean_name(inline[0]), inline[1].text, inline[1].line)
        return
    if find_labels(cells, HEADER_LABELS["project_name"]):
        lone = next((c for c in cells[:80] if LONE_PROJECT.match(c.key) and not is_label(c.key)), None)
        if lone is not None:
            report.set("project_name", clean_name(lone.text), lone.text, lone.line)
            return
    project_from_narrative(cells, report)


def project_from_narrative(cells: list[Cell], report: Report) -> None:
    """A project named in a sentence (`项目为一个：生均公用经费项目`, `XX工程(二期)是为…`) or the title."""
    for cell in cells:
        for pattern in NARRATIVE_PROJECT:
            for sentence in re.split(r"(?<=[。；;])|(?=[一二三四五六七八九十]、)|(?=\([一二三四五六七八九十]\))", cell.text):
                match = pattern.search(sentence.strip())
                if match:
                    report.set("project_name", clean_name(match.group("name")), sentence[:80], cell.line, "narrative")
                    return
    for cell in cells[:TITLE_CELLS]:
        match = TITLE_PROJECT.match(compact(cell.text))
        if match:
            report.set("project_name", clean_name(match.group("name")), cell.text[:80], cell.line, "narrative")
            return


def unit_from_titles(cells: list[Cell], report: Report) -> None:
    """Implementing unit from a title (`耒阳市第四中学专项资金绩效自评价报告`) or a site banner."""
    if report.get("implementing_unit"):
        return
    for cell in cells[:40]:
        text = compact(cell.text)
        for pattern in (SITE_UNIT, TITLE_UNIT):
            match = pattern.search(text)
            if match:
                report.set("implementing_unit", clean_name(match.group("unit")), cell.text[:80], cell.line, "narrative")
                return


def report_year(cells: list[Cell], report: Report) -> None:
    """The evaluation year: `(2021年度)`, 评价年度, or a year in the first titles."""
    for cell in cells:
        match = YEAR_OF_REPORT.search(cell.key)
        if match and len(cell.key) < 80:
            report.set("year", int(match.group(1)), cell.text, cell.line)
            return
    found = labelled_value(cells, ["评价年度"])
    if found:
        match = re.search(r"(20\d{2}|19\d{2})", found[0])
        if match:
            report.set("year", int(match.group(1)), found[0], found[1].line)
            return
    for cell in cells[:60]:
        match = YEAR_OF_REPORT.search(cell.key) or YEAR_PLAIN.search(cell.key)
        if match and "填报" not in cell.key[: match.start()][-8:]:
            report.set("year", int(match.group(1)), cell.text[:80], cell.line, "narrative")
            return


def report_kind(cells: list[Cell], report: Report) -> None:
    """`department` for 部门整体支出 reports without a project form, else `project`."""
    has_project_form = bool(find_labels(cells, HEADER_LABELS["project_name"]))
    department = any("部门整体支出" in c.key for c in cells[:80])
    kind = "department" if department and not has_project_form else "project"
    report.set("kind", kind, kind, None, "derived")


def report_dates(cells: list[Cell], report: Report) -> None:
    """Filing date and the project's stated completion date."""
    for field, labels in (("filed_date", ["填报日期"]), ("project_end_date", ["项目完成时间", "项目结束时间"])):
        found = labelled_value(cells, labels)
        text = found[0] if found else ""
        match = DATE.search(compact(text)) if text else None
        if match is None and field == "filed_date":
            match, found = _date_anywhere(cells, "填报日期")
        if match:
            y, m, d = (int(g) for g in match.groups())
            if 1 <= m <= 12 and 1 <= d <= 31:
                report.set(field, f"{y:04d}-{m:02d}-{d:02d}", found[0] if found else "", found[1].line if found else None)


def _date_anywhere(cells: list[Cell], label: str):
    """A date written after a label inside a longer cell."""
    for cell in cells:
        pos = cell.key.find(label)
        if pos >= 0:
            match = DATE.search(cell.key[pos:pos + 30])
            if match:
                return match, (cell.text, cell)
    return None, None


def extract_place(cells: list[Cell], report: Report) -> None:
    """Province, city, county and adcode from the unit and department names, then titles."""
    candidates = [report.get("implementing_unit"), report.get("supervising_department")]
    inline = inline_value(cells, ["部门", "单位名称", "填报单位"])
    candidates += [inline[0] if inline else None, report.get("project_name")]
    candidates += [c.text for c in cells[:15] if len(c.text) < 80]
    place = resolve_place([c for c in candidates if c])
    if place["city"] is None and place["province"] not in MUNICIPALITIES:
        place = place_from_phone(cells, place, report)
    for key, value in place.items():
        report.set(key, value, value or "", None, "derived")


def place_from_phone(cells: list[Cell], place: dict, report: Report) -> dict:
    """The prefecture from a landline area code, when no name gave one (warned as an inference)."""
    for cell in cells[:80]:
        city = city_from_phone(cell.key)
        if not city:
            continue
        found = resolve_place([city])
        if place["province"] in (None, found["province"]):
            report.warnings.append(f"第{cell.line}行：地区由电话区号推断为{city}")
            return found
    return place
