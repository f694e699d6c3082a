"""Totals the prose breaks into parts: `共计239万元，其中上级资金179.25万元，本级59.75万元`.

Each sentence where an amount is followed directly by 其中 yields the total and the parts listed after
it, for rule A11 to add up. Only lists that can be added safely are kept: at least two parts, every
part one amount in the total's unit, no year-on-year changes or shares mixed in, and the sub-lists in
brackets (a part's own breakdown) left out.
"""
import re
from dataclasses import dataclass

UNIT = r"(?:万元|亿元|元|万|分|人次|人|名|户|个|hm²|hm|公顷|亩|km|公里|米|平方米|套|台|处|项)"
AMOUNT = re.compile(rf"(\d+(?:\.\d+)?)\s*({UNIT})(?![A-Za-z²])")
# an amount, then nothing but punctuation or an opening bracket, then 其中
TOTAL_THEN_PARTS = re.compile(rf"(\d+(?:\.\d+)?)\s*({UNIT})\s*[，,。:：]?\s*([（(])?\s*其中(?:包括|含)?\s*[:：]?")
BRACKETED = re.compile(r"[（(][^（）()]*[）)]")
SEPARATORS = re.compile(r"[，,；;、]")
NOT_A_PART = re.compile(r"同比|增加|减少|增长|下降|比上年|占|%|％|以上|以下|不少于|不低于|约")
BLANK_PART = re.compile(rf"{UNIT}\s*$")
WRAP_LINES = 2        # lines a wrapped sentence may run on
SAME_UNIT = {"万": "万元", "hm²": "hm", "公顷": "hm", "公里": "km"}


@dataclass
class PartSum:
    line: int
    total: float
    unit: str
    parts: list       # (label, amount)
    text: str

    @property
    def parts_sum(self) -> float:
        return round(sum(a for _, a in self.parts), 6)


def find_part_sums(lines: list[str]) -> list[PartSum]:
    """Every safely addable `total … 其中 parts` list of the text, with its 1-based line."""
    found = []
    for number, line in enumerate(lines, start=1):
        for match in TOTAL_THEN_PARTS.finditer(line):
            part_sum = _read_list(line, match, number, lines[number:number + WRAP_LINES])
            if part_sum:
                found.append(part_sum)
    return found


def _read_list(line: str, match: re.Match, number: int, following: list[str]) -> PartSum | None:
    """The parts after one 其中, up to the sentence's end (or the bracket it opened); a sentence the
    page wrapped (`…得分30分、满⏎意度指标得分10分。`) goes on in the next lines."""
    closer = r"[)）]" if match.group(3) else r"[。]"
    rest = line[match.end():]
    for more in following:
        if re.search(closer, rest):
            break
        rest += more
    end = re.search(closer, rest)
    listed = rest[:end.start()] if end else rest
    unit = SAME_UNIT.get(match.group(2), match.group(2))
    parts, used = [], 0
    for piece, piece_end in _pieces(listed):
        amounts = AMOUNT.findall(piece)
        if not amounts and re.search(r"\d", piece):
            return None                   # a number in a unit of its own (`32.49hmm`): not addable
        if not amounts and BLANK_PART.search(piece):
            continue                      # `其他万元`: a part left blank
        if not amounts:
            break                         # a clause without an amount: the list has ended
        if len(amounts) > 1 or NOT_A_PART.search(piece):
            return None
        value, part_unit = amounts[0]
        if SAME_UNIT.get(part_unit, part_unit) != unit:
            return None
        parts.append((piece[:piece.find(value)].strip(" ：:"), float(value)))
        used = piece_end
    if len(parts) < 2:
        return None
    text = (line[match.start():match.end()] + listed[:used]).strip()
    return PartSum(number, float(match.group(1)), unit, parts, text[:300])


def _pieces(listed: str):
    """The list's pieces between separators, brackets left out, each with where it ends in `listed`."""
    # a bracket's own breakdown is blanked out, keeping the offsets, before splitting at separators
    flat = BRACKETED.sub(lambda m: " " * len(m.group()), listed)
    start = 0
    for sep in list(SEPARATORS.finditer(flat)) + [None]:
        stop = sep.start() if sep else len(flat)
        yield flat[start:stop].strip(), stop
        start = stop + 1 if sep else stop
