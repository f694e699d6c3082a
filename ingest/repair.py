"""Repair the text before reading it, and say where: script, glosses, broken numbers, masks.

Re-hosted copies of real reports convert to traditional characters, add pinyin glosses
(`項(xiàng)目`), break numbers (`35. 3万元`, `IO0%`) or mask figures (`点击查看>>`, `**县`,
`20xx`). Each repair keeps the line count, so provenance line numbers stay valid, and each
becomes a warning naming the line.
"""
import re
from dataclasses import dataclass
from typing import Callable

from ingest.normalize import to_simplified

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ"
# A gloss sits right after a CJK character: letters with at least one tone mark.
PINYIN_GLOSS = re.compile(rf"(?<=[\u4e00-\u9fff])\((?=[a-z{TONED}]*[{TONED}])[a-z{TONED}]{{1,8}}\)")
SPACE_IN_NUMBER = re.compile(r"(?<=\d\.)[ \u3000]+(?=\d)|(?<=\d)[ \u3000]+(?=\.\d)")
SPACE_BEFORE_PERCENT = re.compile(r"(?<=\d)[ \u3000]+(?=%)")
PERCENT_WORD = re.compile(r"(?<=\d)百分比")
# OCR letters inside a number that ends in % or 万元: `IO0%`, `1O0%`, `l00%`.
OCR_NUMBER = re.compile(r"(?<![A-Za-z0-9])(?=[IlO0-9.]*[0-9])(?=[IlO0-9.]*[IlO])[IlO0-9][IlO0-9.]{1,8}(?=%|万元)")
OCR_DIGITS = str.maketrans({"I": "1", "l": "1", "O": "0", "o": "0"})   # letters OCR reads for digits
HTML_DEBRIS = re.compile(r"<(?:/?rp|/?rt|/?ruby|/?image)[^>]*>|data:image/\S+|!\[[^\]]*\]\([^)]*\)"
                         r"|\bPAGE\s+(?:PAGE\s+)?\d*\s*")   # Word page fields left in converted text
MASKS = re.compile(r"点击查看>*|\*{2,}|(?<!\d)(?:19|20)(?:xx|XX|××|_+)(?![0-9])")


@dataclass
class Repair:
    name: str           # what was repaired, in Chinese, for the warning
    apply: Callable[[str], str]


def _ocr_number(match: re.Match) -> str:
    return match.group(0).translate(OCR_DIGITS)


REPAIRS = [
    Repair("已去掉拼音注音", lambda s: PINYIN_GLOSS.sub("", s)),
    Repair("已去掉网页残留标记", lambda s: HTML_DEBRIS.sub("", s)),
    Repair("已去掉数字中的空格", lambda s: SPACE_BEFORE_PERCENT.sub("", SPACE_IN_NUMBER.sub("", s))),
    Repair("“百分比”已读作%", lambda s: PERCENT_WORD.sub("%", s)),
    Repair("数字中的识别错字（O/0、I/l/1）已更正", lambda s: OCR_NUMBER.sub(_ocr_number, s)),
]
MAX_WARNED_LINES = 5
PAGE_CHUNK = re.compile(r"^\s*\d{1,2}、(?=\S)")   # document-sharing sites number their page chunks `2、`
CHUNK_MIN_LINE = 100      # a chunk continues a line this long that stops mid-sentence
FLAT_LINE = 160           # a line this long is a flattened table or a paragraph
WRAP_SEGMENT = 10         # mean characters between spaces above which spaces are wrap artefacts
CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])")


@dataclass
class Repaired:
    text: str
    warnings: list[str]
    lines: set[int]      # 1-based lines whose content a repair changed (script conversion aside)


def repair_text(text: str) -> Repaired:
    """The repaired text, one warning per kind of repair naming the first lines touched, and those lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    simplified = to_simplified(text)   # decided per document: many traditional lines hold no hint
    warnings = ["繁体字已转为简体（全文）"] if simplified != text else []
    lines = simplified.split("\n")
    before = list(lines)
    for repair in REPAIRS:
        touched = []
        for i, line in enumerate(lines):
            fixed = repair.apply(line)
            if fixed != line:
                lines[i] = fixed
                touched.append(i + 1)
        if touched:
            warnings.append(f"{repair.name}（第{_line_list(touched)}行）")
    warnings += join_page_chunks(lines) + drop_wrap_spaces(lines)
    masked = [i + 1 for i, line in enumerate(lines) if MASKS.search(line)]
    if masked:
        warnings.append(f"原文有被遮盖的内容（如“**”、“20xx”、“点击查看”），按未知处理（第{_line_list(masked)}行）")
    changed = {i + 1 for i, (old, new) in enumerate(zip(before, lines)) if old != new}
    return Repaired("\n".join(lines), warnings, changed)


def join_page_chunks(lines: list[str]) -> list[str]:
    """A `2、…` chunk that continues a long line cut mid-row is joined back to it (its line left blank)."""
    joined, target = [], 0
    for i in range(1, len(lines)):
        prev = lines[target].rstrip()
        if PAGE_CHUNK.match(lines[i]) and len(prev) >= CHUNK_MIN_LINE and not prev.endswith(("。", "！", "？")):
            lines[target] = prev + PAGE_CHUNK.sub("", lines[i]).strip()
            lines[i] = ""
            joined.append(i + 1)
        elif lines[i].strip():
            target = i
    return [f"网页分页编号处的断行已接回上一行（第{_line_list(joined)}行）"] if joined else []


def drop_wrap_spaces(lines: list[str]) -> list[str]:
    """Spaces inside words of a long run-together line (`成 品粮`) are wrap artefacts, not cell breaks."""
    touched = []
    for i, line in enumerate(lines):
        segments = line.split()
        if len(line) >= FLAT_LINE and len(segments) > 1 and len(line) / len(segments) >= WRAP_SEGMENT:
            fixed = CJK_SPACE.sub("", line)
            if fixed != line:
                lines[i] = fixed
                touched.append(i + 1)
    return [f"长行中汉字间的断行空格已去掉（第{_line_list(touched)}行）"] if touched else []


def _line_list(numbers: list[int]) -> str:
    shown = "、".join(str(n) for n in numbers[:MAX_WARNED_LINES])
    return shown + ("等" if len(numbers) > MAX_WARNED_LINES else "")
