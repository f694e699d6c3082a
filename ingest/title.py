"""The report's title and its opening sentences as a source for project, unit and year.

Narrative reports rarely label their project: it is named in the title
(`昌宁县翁堵镇中心学校2023年度项目支出绩效自评报告(城乡义务教育阶段公用经费补助资金)`,
`关于2019年度高其坑通组道路工程绩效评价报告`), sometimes over two or three lines, or in a
sentence (`我局承担…道路建设项目实施任务`, `现将…项目实施情况自评如下`).
"""
import re

from ingest.normalize import compact, nfkc

TITLE_SCAN_LINES = 40       # the title sits in the first lines of a page
TITLE_JOIN_LINES = 2        # a title may be wrapped over this many earlier short lines
SHORT_LINE = 40
REPORT_WORD = re.compile(r"(?:绩效)?(?:自评|评价|自评价)(?:报告|表)")
# A title ends with the report word, perhaps a bracketed note and a page suffix.
TITLE_END = re.compile(r"(?:自评|评价|自评价)(?:报告|表)(?:[(（][^()（）]*[)）])?(?:_第\d+页)?\d?$")
# Unit names end in one of these words (longest unit before the year wins).
UNIT_SUFFIXES = ("委员会", "管委会", "办公室", "分局", "中心", "学校", "中学", "小学", "幼儿园", "医院", "政府",
                 "公司", "集团", "局", "委", "办", "站", "所", "院", "馆", "队", "处", "厅", "政协", "人大", "残联",
                 "妇联", "联合会", "协会")
YEAR = r"(?:19|20)\d{2}年度?"
DEBRIS_HEAD = re.compile(r"^(?:\d{1,2}[、.．]\s*|附\s*件\s*[:：]?\s*\d*[.、．]?\s*)")
TAIL_NOTE = re.compile(r"[(（](?:通用\d+篇|修改|\d{4}年度?|实施单位用|草稿)[)）]$")
REPORT_TAIL = re.compile(r"(?:支出|转移支付)?(?:绩效)?(?:自评|评价|自评价)(?:报告|表).*$")
SPAM_HEAD = re.compile(r"^.*】")          # a site's spam prefix (`…_欧洲杯足球网-【投注官网平台】`)
PAREN_AFTER_REPORT = re.compile(r"(?:自评|评价)(?:报告|表)[(（](?P<name>[^()（）]{4,40})[)）]")
MASKED_PLACE = re.compile(r"^\*+[\u4e00-\u9fff]{0,3}?[县区市]")
ABOUT = re.compile(rf"^关于(?:{YEAR})?")
GENERIC = re.compile(rf"^(?:{YEAR})?(?:建设|财政|专项|部门|整体|支出|项目|资金|中央|转移支付)*(?:{YEAR})?$")
STRONG_SENTENCES = [
    re.compile(r"承担(?P<name>[^，。,；;:：]{4,50}?项目)(?:的)?实施任务"),
    re.compile(r"现将(?:\S{0,4}年度?)?(?P<name>[^，。,；;:：]{4,50}?项目)(?:实施情况|绩效|的)?(?:自评|评价)"),
    re.compile(r"(?:下达|安排)[^。；;]{0,40}?万元[,，]?用于(?P<name>[^，。,；;:：、]{4,50}?项目)"),
    re.compile(r"对(?P<name>[^，。,；;:：、]{4,50}?项目)开展(?:绩效)?自评"),
    re.compile(r"项目为[一1]个[:：]\s*(?P<name>[^，。,；;:：]{2,40}?项目)"),
]
# Weaker cues, used only when neither the title nor a strong sentence names the project.
WEAK_SENTENCES = [
    re.compile(r"^(?P<name>[^，。,；;：:\s、]{4,40}?(?:工程|项目)(?:[(（][^)）]{1,8}[)）])?)是为"),
    re.compile(r"^(?![一二三四五六七八九十]+、|[(（])(?P<name>[^，。,；;：:\s、]{4,40}?(?:工程|项目)"
               r"(?:[(（][^)）]{1,8}[)）])?)(?:由|主要|于20)"),
]
SENTENCE_UNIT = re.compile(
    r"(?:项目业主|项目单位|实施单位|预算单位)(?:为|是)(?P<unit>[\u4e00-\u9fff]{4,30}?(?:" + "|".join(UNIT_SUFFIXES) + "))"
    r"|(?P<unit2>[\u4e00-\u9fff]{4,30}?(?:公司|局|中心))作为项目(?:业主|实施)?单位")


def title_texts(lines: list[str]):
    """Candidate titles (wrapped lines joined) with their line and whether they are a numbered item
    of a list of attached reports (whose unit is the filer's, but whose project is one of several)."""
    for i, line in enumerate(lines[:TITLE_SCAN_LINES]):
        listed = is_attached_report(lines, i)
        key = DEBRIS_HEAD.sub("", compact(line))
        if not TITLE_END.search(key) or len(key) > 120:
            continue
        head = []
        for prev in reversed(lines[max(0, i - TITLE_JOIN_LINES):i]):
            prev_key = compact(prev)
            if not prev_key or len(prev_key) > SHORT_LINE or re.search(r"[。:：|>]", prev_key):
                break
            head.insert(0, prev_key)
        if key.startswith(("绩效", "支出", "项目")) or REPORT_WORD.match(key):
            yield "".join(head) + key, i + 1 - len(head), listed
        else:
            yield key, i + 1, listed


def title_fields(title: str) -> dict[str, str]:
    """Project, unit and year named by a title."""
    out: dict[str, str] = {}
    title = TAIL_NOTE.sub("", title)
    paren = PAREN_AFTER_REPORT.search(title)
    if paren:
        out["project_paren"] = paren.group("name")
    stem = REPORT_TAIL.sub("", SPAM_HEAD.sub("", title))
    stem = MASKED_PLACE.sub("", ABOUT.sub("", stem))
    unit, rest = split_unit(stem)
    if unit:
        out["unit"] = unit
    if rest and not GENERIC.match(rest):
        out["project"] = rest
    return out


def split_unit(stem: str) -> tuple[str | None, str]:
    """(unit, rest) when the stem starts with a unit name before a year: the longest such name."""
    year = re.search(YEAR, stem)
    if not year or year.start() < 4 or not re.fullmatch(r"[\u4e00-\u9fff()（）]+", stem[: year.start()]):
        return None, stem
    before = stem[: year.start()]
    for end in range(len(before), 3, -1):
        if before[:end].endswith(UNIT_SUFFIXES):
            return before[:end], stem[end:]
    return None, stem


def first_sentence(lines: list[str], patterns: list[re.Pattern]) -> tuple[str, int] | None:
    """The project named by the first pattern that matches a line, with the line; earlier patterns win."""
    texts = [(no, nfkc(line).strip(" |\t")) for no, line in enumerate(lines, 1)]
    for pattern in patterns:
        for no, text in texts:
            for sentence in re.split(r"(?<=[。；;])", text):
                match = pattern.search(sentence.strip())
                if match and not GENERIC.match(match.group("name")):
                    return match.group("name"), no
    return None


# Words that open a sentence, never a unit's name (`按照县财政局统一部署…`).
SENTENCE_OPENERS = r"按照|根据|为|在|对|经|由|我|该|本|从|自|截至|通过"
OPENING_UNIT = re.compile(rf"^(?!{SENTENCE_OPENERS})(?P<unit>[\u4e00-\u9fff]{{1,6}}?[省市县区州旗][\u4e00-\u9fff]{{2,20}})")
OPENING_LINES = 20


def opening_unit(lines: list[str]) -> tuple[str, int] | None:
    """A unit that opens a paragraph of the body (`保山市关心下一代工作委员会省对下专项…`)."""
    for no, line in enumerate(lines[:OPENING_LINES], 1):
        match = OPENING_UNIT.match(compact(line))
        if not match or REPORT_WORD.search(compact(line)[:40]):
            continue
        head = match.group("unit")
        ends = [end for end in range(len(head), 3, -1) if head[:end].endswith(UNIT_SUFFIXES)]
        if ends and len(compact(line)) > ends[0] + 4:
            return head[: ends[0]], no
    return None


def sentence_unit(text: str) -> str | None:
    """The unit named as the project's owner in a sentence (`项目业主为…`, `…公司作为项目业主单位`)."""
    match = SENTENCE_UNIT.search(text)
    return (match.group("unit") or match.group("unit2")) if match else None


# A narrative that reports on several projects or funds at once: attached reports listed by number,
# or allocations of different amounts to differently named funds.
ATTACHMENTS = re.compile(r"^附\s*件\s*[:：]?")
ATTACHED_REPORT = re.compile(r"^(?:附\s*件\s*[:：]?\s*)?\d{1,2}[.、．]\s*\S{2,60}?(?:自评|评价)报告")
ATTACHMENT_SPAN = 6       # numbered lines this close below an 附件 line belong to its list
ALLOCATION = re.compile(r"下达[^。；;]{0,60}?(?P<amount>\d+(?:\.\d+)?)万元")
MIN_ATTACHED = 2          # attached reports listed that make a text a summary
MIN_ALLOCATIONS = 3       # different allocated amounts that make a text a summary


def is_attached_report(lines: list[str], no: int) -> bool:
    """A numbered line of a list of attached reports (0-based line no), below an 附件 line."""
    if not ATTACHED_REPORT.match(compact(lines[no])):
        return False
    above = lines[max(0, no - ATTACHMENT_SPAN): no + 1]
    return any(ATTACHMENTS.match(compact(line)) for line in above)


def summary_reason(lines: list[str]) -> str | None:
    """Why a narrative is a summary of several projects or funds, or None when it covers one."""
    attached = [no for no in range(len(lines)) if is_attached_report(lines, no)]
    if len(attached) >= MIN_ATTACHED:
        return f"列出{len(attached)}份自评报告"
    amounts = []
    for line in lines:
        amounts += [m.group("amount") for m in ALLOCATION.finditer(nfkc(line).replace(" ", ""))]
    distinct = list(dict.fromkeys(amounts))
    if len(distinct) >= MIN_ALLOCATIONS:
        return "下达多笔资金：" + "、".join(f"{a}万元" for a in distinct[:5])
    return None
