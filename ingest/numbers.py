"""Numbers as printed in the forms: amounts, percentages, scores, and measured values."""
import re
from dataclasses import dataclass

from ingest.normalize import compact

NUMBER = r"[-+]?\d+(?:,\d{3})*(?:\.\d+)?"
# Comparators as printed, to the canonical ASCII form stored in the model.
COMPARATORS = {
    "≥": ">=", "≧": ">=", ">=": ">=", "不低于": ">=", "不少于": ">=", "大于等于": ">=", "以上": ">=",
    "≤": "<=", "≦": "<=", "<=": "<=", "不高于": "<=", "不超过": "<=", "不多于": "<=", "小于等于": "<=",
    "以内": "<=", "以下": "<=", "=": "=", "═": "=", "＝": "=", "==": "=", ">": ">", "＞": ">", "大于": ">",
    "<": "<", "＜": "<", "小于": "<",
}
_CMP_ALT = "|".join(re.escape(c) for c in sorted(COMPARATORS, key=len, reverse=True))
MEASURE = re.compile(rf"^(?P<cmp>{_CMP_ALT})?(?P<num>{NUMBER})(?P<unit>[^\d]{{0,8}}?)(?P<post>以上|以内|以下)?$")
# `控制在5%以内`, `达到95%以上`, `正向100%`: a word before, a word after, or both.
PREFIXED = re.compile(rf"^(?P<cmp>控制在|控制|达到|至少|不小于|大于或等于|小于或等于|高于|超过|低于|正向|反向)"
                      rf"(?P<num>{NUMBER})(?P<unit>[^\d]{{0,6}}?)(?P<post>及以上|及以下|以上|以内|之内|以下|内)?$")
PLAIN_NUMBER = re.compile(rf"^{NUMBER}$")
PERCENT = re.compile(rf"^({NUMBER})%$")
SCORE = re.compile(rf"^({NUMBER})分?$")
DASHES = {"—", "-", "/", "——", "–", "\\", "无", "－", "_", "—-"}


def to_float(text: str) -> float | None:
    """A plain number (thousands separators allowed), else None."""
    key = compact(text)
    if not PLAIN_NUMBER.match(key):
        return None
    return float(key.replace(",", ""))


def parse_percent(text: str) -> float | None:
    """`99.65%` or a bare ratio written for a rate; returns percent."""
    key = compact(text)
    match = PERCENT.match(key)
    if match:
        return float(match.group(1).replace(",", ""))
    return None


def parse_score(text: str) -> float | None:
    """A score or weight such as `10`, `9.5`, `10分`, within 0..100."""
    match = SCORE.match(compact(text))
    if not match:
        return None
    value = float(match.group(1).replace(",", ""))
    return value if 0 <= value <= 100 else None


def is_dash(text: str) -> bool:
    """True for the dashes and slashes forms print in an empty cell."""
    return compact(text) in DASHES


@dataclass
class Measure:
    cmp: str | None
    num: float
    unit: str
    kind: str = "number"          # number | range | deadline | duration
    upper: float | None = None    # the top of a range (`90%-95%`)


# Comparators written around the figure rather than before it.
PREFIXES = {"控制在": "<=", "控制": "<=", "达到": ">=", "至少": ">=", "不小于": ">=", "大于或等于": ">=",
            "小于或等于": "<=", "高于": ">", "超过": ">", "低于": "<", "正向": ">=", "反向": "<="}
POSTFIXES = {"以上": ">=", "及以上": ">=", "以内": "<=", "之内": "<=", "以下": "<=", "及以下": "<=", "内": "<="}
_PREFIX_ALT = "|".join(re.escape(c) for c in sorted({**COMPARATORS, **PREFIXES}, key=len, reverse=True))
_POST_ALT = "|".join(re.escape(c) for c in sorted(POSTFIXES, key=len, reverse=True))
# Same quantity written two ways: the unit stored is the first.
UNIT_SYNONYMS = {"％": "%", "百分比": "%", "百分点": "%"}
RANGE = re.compile(rf"^(?P<cmp>{_PREFIX_ALT})?(?P<lo>{NUMBER})(?P<u1>%|[^\d\-~～至到—]{{0,4}}?)"
                   rf"(?:-|~|～|至|到|—|－)(?P<hi>{NUMBER})(?P<unit>[^\d]{{0,6}}?)(?P<post>{_POST_ALT})?$")
# Deadlines: `9月前`, `2021年9月底前`, `12月31日前`, `年底前`; read as a month (day / 100) at most.
DEADLINE = re.compile(r"^(?:(?:\d{4}|当)年(?:度)?)?(?P<month>\d{1,2})月(?:(?P<day>\d{1,2})日|(?P<end>底|末|份))?"
                      r"(?:前|之前|以前|前完成|底前|末前)(?:完成|结束|办结)?$")
YEAR_END = re.compile(r"^(?:(?:\d{4}|本|当)年(?:度)?)?(?:年底|年末|年内|年度内|12月底|年底之?前|年末之?前)(?:前|以前|之前)?"
                      r"(?:完成|结束|办结)?$")
DATE = re.compile(r"^(?:\d{4}年)?(?P<month>\d{1,2})月(?:(?P<day>\d{1,2})日|(?P<end>底|末|份))?(?:前|已)?(?:完成|结束|办结)?$")
# Durations: `10个工作日内`, `3天以内`, `≤2小时` stay numbers; these only get their unit cleaned.
DURATION_UNITS = {"个工作日": "工作日", "工作日": "工作日", "个自然日": "天", "自然日": "天", "天": "天", "日": "天",
                  "小时": "小时", "个小时": "小时", "分钟": "分钟", "周": "周", "个月": "个月", "年": "年"}
_DURATION_ALT = "|".join(re.escape(u) for u in sorted(DURATION_UNITS, key=len, reverse=True))
DURATION = re.compile(rf"^(?P<cmp>{_PREFIX_ALT})?(?P<num>{NUMBER})(?P<unit>{_DURATION_ALT})(?P<post>{_POST_ALT})?(?:完成|办结|响应)?$")
# Chinese numerals before a measure word (`三个`, `十二项`, `两次`) read as digits.
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_TENS = {"十": 10, "百": 100, "千": 1000}
QUANTIFIERS = ("个", "项", "次", "台", "套", "人", "名", "家", "所", "期", "场", "批", "件", "处", "座", "条", "篇",
               "本", "份", "户", "村", "天", "日", "周", "月", "年", "小时", "类", "种", "张", "辆", "部", "间", "栋",
               "支", "块", "宗", "轮", "季度", "万", "个工作日", "工作日", "个月", "个小时", "分钟")
# only a whole measure (`不少于三个`, `十二项以上`), so that `一次性`, `一般` stay words
CN_NUMBER = re.compile(rf"^(?P<pre>{_PREFIX_ALT})?(?P<cn>[零〇一二两三四五六七八九十百千]+)"
                       rf"(?P<rest>(?:{'|'.join(sorted(QUANTIFIERS, key=len, reverse=True))})(?:{_POST_ALT})?)$")


def cn_to_int(text: str) -> int | None:
    """`十二` → 12, `三` → 3, `一百零五` → 105; None when it is not a numeral."""
    total, digit = 0, None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_TENS:
            total += (1 if digit is None else digit) * CN_TENS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def with_digits(key: str) -> str:
    """Chinese numerals before a measure word written in digits (`不少于三个` → `不少于3个`)."""
    match = CN_NUMBER.match(key)
    value = cn_to_int(match.group("cn")) if match else None
    if value is None:
        return key
    return f"{match.group('pre') or ''}{value}{match.group('rest')}"


def _unit(text: str | None) -> str:
    unit = (text or "").strip()
    return UNIT_SYNONYMS.get(unit, unit)


def _month_day(month: str, day: str | None, end: str | None) -> float | None:
    m = int(month)
    if not 1 <= m <= 12:
        return None
    d = int(day) if day else (31 if end in ("底", "末") else 0)
    return round(m + min(d, 31) / 100, 2)


def parse_measure(text: str | None) -> Measure | None:
    """Split `≥99.5%`, `≤0.5小时`, `3台`, `不超过20万元` into comparator, number and unit.

    Also read as reviewers do: `95%以上`, `控制在5%以内`, `90%-95%` (a range: at least its low end),
    `三个` (Chinese numerals), `9月前` / `年底前` (deadlines: a month, lower is better, unit 月) and
    `10个工作日内` (durations: lower is better).
    """
    if not text:
        return None
    key = with_digits(compact(text).rstrip("。.；;"))
    if YEAR_END.match(key):
        return Measure("<=", 12.31, "月", "deadline")
    match = DEADLINE.match(key)
    if match:
        num = _month_day(match.group("month"), match.group("day"), match.group("end"))
        return Measure("<=", num, "月", "deadline") if num is not None else None
    match = DURATION.match(key)
    if match:
        cmp = match.group("cmp") or match.group("post")
        cmp = COMPARATORS.get(cmp) or PREFIXES.get(cmp) or POSTFIXES.get(cmp) if cmp else None
        return Measure(cmp, float(match.group("num").replace(",", "")), DURATION_UNITS[match.group("unit")], "duration")
    match = MEASURE.match(key)
    if match:
        cmp = match.group("cmp") or match.group("post")
        return Measure(COMPARATORS.get(cmp) if cmp else None, float(match.group("num").replace(",", "")),
                       _unit(match.group("unit")))
    match = PREFIXED.match(key)
    if match:
        pre, post = match.group("cmp"), match.group("post")
        cmp = PREFIXES.get(pre) if pre else None
        cmp = POSTFIXES.get(post) if post and cmp in (None, "<=") and pre != "正向" else cmp
        return Measure(cmp, float(match.group("num").replace(",", "")), _unit(match.group("unit")))
    match = RANGE.match(key)
    if match:
        lo, hi = float(match.group("lo").replace(",", "")), float(match.group("hi").replace(",", ""))
        unit = _unit(match.group("unit") or match.group("u1"))
        if lo < hi and (not match.group("u1") or _unit(match.group("u1")) == unit):
            return Measure(">=", lo, unit, "range", hi)
        return None
    match = DATE.match(key)
    if match:
        num = _month_day(match.group("month"), match.group("day"), match.group("end"))
        return Measure(None, num, "月", "date") if num is not None else None
    return None
