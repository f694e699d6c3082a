"""Numbers printed with no separator between cells (`202010100.00%10`), split by arithmetic."""
import itertools
import re

TOKEN = re.compile(r"^(0|[1-9]\d*)(\.\d+)?$")
RATE_TOLERANCE = 0.6      # percentage points between the stated rate and executed / budget
MAX_WEIGHT = 30           # a budget-execution weight above this is not a weight


def splits(digits: str, parts: int) -> list[list[str]]:
    """Every way to cut a digit string into `parts` well-formed numbers."""
    if parts == 1:
        return [[digits]] if TOKEN.match(digits) else []
    out = []
    for cuts in itertools.combinations(range(1, len(digits)), parts - 1):
        bounds = (0, *cuts, len(digits))
        pieces = [digits[a:b] for a, b in zip(bounds, bounds[1:])]
        if all(TOKEN.match(p) for p in pieces):
            out.append(pieces)
    return out


def split_fund_run(text: str, roles: list[str]) -> list[str] | None:
    """Split a run-together fund row into one text per role, or None when no split is consistent."""
    if "rate" not in roles or text.count("%") != 1:
        return None
    before, after = text.split("%")
    r = roles.index("rate")
    for pieces in splits(before, r + 1):
        values = dict(zip(roles[: r + 1], (float(p) for p in pieces)))
        tail = splits(after, len(roles) - r - 1) if after else [[]]
        for rest in tail:
            values.update(zip(roles[r + 1 :], (float(p) for p in rest)))
            if consistent(values):
                return pieces[:-1] + [pieces[-1] + "%"] + rest
    return None


def consistent(values: dict[str, float]) -> bool:
    """Arithmetic a real fund row satisfies."""
    rate = values.get("rate", 0)
    weight = values.get("weight")
    if rate > 200 or (weight is not None and not 1 <= weight <= MAX_WEIGHT):
        return False
    if weight is not None and values.get("score", 0) > weight:
        return False
    budget = values.get("budget_full_year") or values.get("budget_initial")
    executed = values.get("executed")
    if budget and executed is not None:
        return abs(executed / budget * 100 - rate) <= RATE_TOLERANCE
    return True


CMP = "≥≤≧≦=><"
VALUE = rf"[{CMP}]?\d+(?:\.\d+)?(?:%|[\u4e00-\u9fff]{{1,3}})?"
NAME = rf"(?P<name>\d*[^\d{CMP}…]+?(?:\d+[^\d{CMP}…]+?)*?)"
SCORE_NUM = r"\d{1,2}(?:\.\d{1,2})?"
# A row's final score is not the head of a longer number nor a figure with a unit (`6.47亿元`);
# a year may follow it (`9.342021年底…`: score 9.34, then the reason).
LAST_SCORE = SCORE_NUM + r"(?![%年月日天个次亿万元]|\.\d|\d(?!\d{3}年))"
NO_ACTUAL = r"无|—|-|/"
NUM = r"\d+(?:\.\d+)?"
# Target and actual side by side: with the same unit (`100%100%`, `0起0起`), a missing actual
# (`100%无`), the same bare number twice (`00`), or the same words twice (`高高`). A bare
# number pair is only split into equal halves: `500` is never 50 | 0.
PAIR = (rf"(?:(?P<target>[{CMP}]?{NUM}(?P<u>%|[\u4e00-\u9fff]{{1,3}}))(?P<actual>[{CMP}]?{NUM}(?P=u)|{NO_ACTUAL})"
        rf"|(?P<bare>[{CMP}]?{NUM})(?P=bare)"
        rf"|(?P<dec_t>\d+\.\d{{1,2}})(?P<dec_a>\d+\.\d{{1,2}})"
        rf"|(?P<same>(?=[^\u4e00-\u9fff]{{0,11}}[\u4e00-\u9fff])[\u4e00-\u9fff\d.%{CMP}]{{1,12}})(?P=same))")
# Indicator rows printed with no separator: `安装坡面水标尺10≥266米≥266米10` (weight before target)
# or `系统验收合格率≥99.5%100%1010` (weight after actual).
RUN_ROW = {
    "weight_first": re.compile(rf"{NAME}(?P<weight>{SCORE_NUM}){PAIR}(?P<score>{LAST_SCORE})"),
    "weight_last": re.compile(rf"{NAME}{PAIR}(?P<weight>{SCORE_NUM})(?P<score>{LAST_SCORE})"),
    # Forms without 分值/得分 columns (Hunan 专项资金绩效目标自评表): name, target, actual.
    "no_scores": re.compile(rf"{NAME}{PAIR}"),
    # Forms with a 得分 but no 分值 column: name, target, actual, score.
    "score_only": re.compile(rf"{NAME}{PAIR}(?P<score>{LAST_SCORE})"),
}
MIN_COVERAGE = 0.9
MIN_CUT_NAME = 4
MIN_CUT, MAX_CUT = 2, 8   # characters of the cut actual that repeat the start of the target
REASON_TAIL = re.compile(r"[^\d≥≤≧≦=<>%]{2,60}")   # a short text with no figures   # share of the text the rows must explain before we trust the split


def split_indicator_run(text: str, slots: list[str], at_end: bool = False) -> list[dict[str, str]] | None:
    """Indicator rows found in a run-together text, or None when the text is not such a run.

    `at_end`: the text closes the document, so a last row cut inside its actual value
    (`…提供医疗服务服务范围扩大服务范`) is kept with its name and target.
    """
    order = run_order(slots)
    if order is None:
        return None
    rows, covered, end = [], 0, 0
    for match in RUN_ROW[order].finditer(text):
        values = match.groupdict()
        if values.get("weight") and float(values["score"]) > float(values["weight"]):
            return None
        same = values["same"] or values["bare"]
        rows.append({"name": values["name"], "target": values["target"] or values["dec_t"] or same,
                     "actual": values["actual"] or values["dec_a"] or same,
                     **{k: values[k] for k in ("weight", "score") if values.get(k)}})
        covered, end = covered + match.end() - match.start(), match.end()
    # Rows must explain the text up to the last of them; a reason or a footnote may follow.
    if not rows or covered < MIN_COVERAGE * len(text[:end]):
        return None
    tail = text[end:].strip("，,。.;；、 ")
    cut = cut_row(tail) if at_end else None
    if cut:
        rows.append(cut)
    elif REASON_TAIL.fullmatch(tail) and "reason" in slots:
        rows[-1]["reason"] = tail   # words after the last row's values: its deviation reason
    return rows


def cut_row(tail: str) -> dict[str, str] | None:
    """A last row cut inside its actual: name, target words, then the start of them again
    (`…提供医疗服务` `服务范围扩大` `服务范`)."""
    if re.search(r"[\d≥≤≧≦=<>%]", tail):
        return None
    # The shortest cut that repeats the start of the longest target: `持续服务` + `持续`.
    for cut in range(MIN_CUT, MAX_CUT + 1):
        actual = tail[-cut:]
        for size in range(MAX_CUT, cut, -1):
            target = tail[-cut - size: -cut]
            name = tail[: -cut - size]
            if len(target) == size and target.startswith(actual) and len(name) >= MIN_CUT_NAME:
                return {"name": name, "target": target, "cut": "1"}
    return None


def run_order(slots: list[str]) -> str | None:
    """Which run-together row shape the table's columns call for, if any."""
    if "target" not in slots:
        return None
    if "weight" not in slots:
        if "actual" not in slots:
            return None
        return "score_only" if "score" in slots else "no_scores"
    return "weight_first" if slots.index("weight") < slots.index("target") else "weight_last"
