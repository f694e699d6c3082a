"""Header fields: project name, units, year, kind, dates, place."""
import re

from ingest.area_codes import city_from_phone
from ingest.cells import find_labels, inline_runs, inline_value, labelled_value, value_after
from ingest.labels import FORM_NEIGHBOURS, HEADER_LABELS, PERIOD_LABELS, is_label
from ingest.layout import Cell
from ingest.model import Report
from ingest.normalize import compact, nfkc, tidy
from ingest.numbers import to_float
from ingest.place import MUNICIPALITIES, resolve_place
from ingest.title import (SENTENCE_OPENERS, STRONG_SENTENCES, UNIT_SUFFIXES, WEAK_SENTENCES, first_sentence,
                          opening_unit, sentence_unit, title_fields, title_texts)

CODE_PREFIX = re.compile(r"^(?:[0-9A-Za-z]{3,}\s*[-—－_]\s*|\[\d+\]\s*)")
MASKED_YEAR = re.compile(r"^(?:19|20)(?:xx|XX|××|_+)年度?")   # `20xx年度` left by a re-hosting site
CODE_SUFFIX = re.compile(r"(?<=[\u4e00-\u9fff])\d{9,}$")         # `原州区宗教事务局116422210101621779`
# A bracketed fund source after a project name: `…推广项目(2022年少数民族发展资金项目)`.
FUND_SOURCE_NOTE = re.compile(r"(?<=项目)[(（][^()（）]{6,30}(?:项目|资金)[)）]$")
REPORT_KIND_TAIL = re.compile(r"(?<=项目)支出$")
STAMP_SUFFIX = re.compile(r"[(（]\s*(盖章|公章|签章)\s*[)）]$")
YEAR_OF_REPORT = re.compile(r"(20\d{2}|19\d{2})\s*年度")
YEAR_PLAIN = re.compile(r"(20\d{2})\s*年(?!\s*\d{1,2}\s*月)")
FILING_WORDS = re.compile(r"填报|报告|发布|日期|时间|印发|上传|审签|签字")
DATE = re.compile(r"(20\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})")
# A form whose 项目名称 value was scattered (PDF columns interleaved): a lone cell naming a project.
LONE_PROJECT = re.compile(r"^(?!.*(?:绩效|自评|报告|评价|表))[\u4e00-\u9fff()“”]{4,40}项目$")
UNIT_SUFFIX = "(?:" + "|".join(UNIT_SUFFIXES) + ")"
TITLE_UNIT = re.compile(rf"^[《“]?(?:关于)?(?P<unit>[\u4e00-\u9fff（）()]{{3,30}}?{UNIT_SUFFIX})(?=.{{0,40}}绩效.{{0,20}}(?:报告|表))")
SITE_UNIT = re.compile(r"欢迎(?:来到|访问)(?P<unit>[\u4e00-\u9fff]{2,20}?)(?:门户)?网站")
SPAM_MARKS = re.compile(r"【[^】]*】|_[^_]*网")
BODY_PLACE_CELLS = 60   # how far into the document a place named in prose is still the report's


def plausible_name(text: str) -> bool:
    """A name has two characters or more and balanced brackets (not a `用)` fragment)."""
    key = compact(text)
    return len(key) >= 2 and key.count("(") == key.count(")")


def clean_name(text: str) -> str:
    """A unit or project name without budget codes, stamp notes or stray spaces."""
    text = tidy(text)
    text = MASKED_YEAR.sub("", CODE_SUFFIX.sub("", CODE_PREFIX.sub("", text)))
    text = REPORT_KIND_TAIL.sub("", FUND_SOURCE_NOTE.sub("", text))
    return STAMP_SUFFIX.sub("", text).strip(" ：:")


def extract_header(cells: list[Cell], lines: list[str], report: Report) -> None:
    """Fill project name, units, year, kind, dates and place."""
    project_name(cells, report)
    for field in ("implementing_unit", "supervising_department"):
        found = labelled_value(cells, HEADER_LABELS[field])
        if found and not is_label(found[1].key) and plausible_name(found[0]):
            report.set(field, clean_name(found[0]), found[1].text, found[1].line)
        elif (run := inline_runs(lines, HEADER_LABELS[field])) is not None:
            report.set(field, clean_name(run[0]), run[2], run[1])
    if report.get("project_name") is None and (run := inline_runs(lines, HEADER_LABELS["project_name"])):
        report.set("project_name", clean_name(run[0]), run[2], run[1])
    from_title_and_sentences(cells, lines, report)
    unit_from_titles(cells, report)
    unit_from_department(report)
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


def from_title_and_sentences(cells: list[Cell], lines: list[str], report: Report) -> None:
    """Project and unit of a narrative report, in precedence order: the title's bracketed
    project, a sentence naming it, the title's stem; the unit before the title's year."""
    title = next(((t, no, attached_only(f, listed)) for t, no, listed in title_texts(lines)
                  if (f := title_fields(t))), None)
    fields = title[2] if title else {}
    line = title[1] if title else None
    if report.get("project_name") is None:
        strong = first_sentence(lines, STRONG_SENTENCES) or (None, None)
        weak = first_sentence(lines, WEAK_SENTENCES) or (None, None)
        for name, no in ((fields.get("project_paren"), line), strong, (fields.get("project"), line), weak):
            if name:
                report.set("project_name", clean_name(name), title[0] if title and no == line else name, no,
                           "narrative")
                break
    if report.get("implementing_unit") is not None:
        return
    if fields.get("unit"):
        report.set("implementing_unit", clean_name(fields["unit"]), title[0], line, "narrative")
    elif found := next(((u, no) for no, text in enumerate(lines, 1) if (u := sentence_unit(nfkc(text)))), None):
        report.set("implementing_unit", clean_name(found[0]), found[0], found[1], "narrative")
    elif opening := opening_unit(lines):
        report.set("implementing_unit", opening[0], opening[0], opening[1], "narrative", confidence=0.7)


def attached_only(fields: dict[str, str], listed: bool) -> dict[str, str]:
    """The fields of a numbered attachment title: its unit only (its project is one of several)."""
    return {k: v for k, v in fields.items() if k == "unit"} if listed else fields


def unit_from_department(report: Report) -> None:
    """A form with only a 主管部门 row: the department is the unit that filed it (noted)."""
    department = report.get("supervising_department")
    if report.get("implementing_unit") is None and department:
        report.set("implementing_unit", department, department, None, "derived")
        report.warnings.append(f"表中没有实施单位，实施单位按主管部门“{department}”记录")


def unit_from_titles(cells: list[Cell], report: Report) -> None:
    """Implementing unit from a title (`耒阳市第四中学专项资金绩效自评价报告`) or a site banner."""
    if report.get("implementing_unit"):
        return
    for cell in cells[:40]:
        text = compact(cell.text)
        if SPAM_MARKS.search(text):
            continue   # a re-hosting site's spam prefix is not a unit (`…娱乐城中心_…【官网】`)
        for pattern in (SITE_UNIT, TITLE_UNIT):
            match = pattern.search(text)
            if match and not re.match(SENTENCE_OPENERS, match.group("unit")):
                report.set("implementing_unit", clean_name(match.group("unit")), cell.text[:80], cell.line, "narrative")
                return


def report_year(cells: list[Cell], report: Report) -> None:
    """The evaluation year: `(2021年度)`, 评价年度, or a year in the first titles."""
    for cell in cells:
        match = YEAR_OF_REPORT.search(cell.key)
        if match and len(cell.key) < 80:
            report.set("year", int(match.group(1)), cell.text, cell.line)
            return
    for labels, pick in ((["评价年度"], 0), (PERIOD_LABELS, -1)):
        found = labelled_value(cells, labels)
        years = re.findall(r"(20\d{2}|19\d{2})", found[0]) if found else []
        if years:   # a project period gives the year it ends in
            report.set("year", int(years[pick]), found[0], found[1].line)
            return
    for cell in cells[:60]:
        match = YEAR_OF_REPORT.search(cell.key) or YEAR_PLAIN.search(cell.key)
        if match and "填报" not in cell.key[: match.start()][-8:]:
            report.set("year", int(match.group(1)), cell.text[:80], cell.line, "narrative")
            return
    year_of_an_event(cells, report)


def year_of_an_event(cells: list[Cell], report: Report) -> None:
    """Last resort: the year of a dated event in the body (`2020年11月10日，…改建`), not of a filing."""
    for cell in cells:
        for match in DATE.finditer(cell.key):
            if not FILING_WORDS.search(cell.key[max(0, match.start() - 8): match.start()]):
                report.set("year", int(match.group(1)), cell.text[:80], cell.line, "narrative", confidence=0.6)
                report.warnings.append(f"第{cell.line}行：未写明评价年度，按文中日期推断为{match.group(1)}年")
                return


def report_kind(cells: list[Cell], report: Report) -> None:
    """A project report unless its form family says otherwise (see ingest.forms.department)."""
    report.set("kind", "project", "project", None, "derived")


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
    candidates += body_clauses(cells)
    place = resolve_place([c for c in candidates if c])
    if place["city"] is None and place["province"] not in MUNICIPALITIES:
        place = place_from_phone(cells, place, report)
    for key, value in place.items():
        report.set(key, value, value or "", None, "derived")


def body_clauses(cells: list[Cell]) -> list[str]:
    """Clauses of the first lines of prose, where a narrative names its place (`根据《抚远市人民政府…》`)."""
    clauses = []
    for cell in cells[:BODY_PLACE_CELLS]:
        clauses += [c for c in re.split(r"[。；;，,、《》]", cell.text) if len(compact(c)) >= 4]
    return clauses


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
