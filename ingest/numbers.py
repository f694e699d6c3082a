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


def parse_measure(text: str | None) -> Measure | None:
    """Split `≥99.5%`, `≤0.5小时`, `3台`, `不超过20万元` into comparator, number and unit."""
    if not text:
        return None
    key = compact(text).rstrip("。.；;")
    match = MEASURE.match(key)
    if not match:
        return None
    cmp = match.group("cmp") or match.group("post")
    unit = (match.group("unit") or "").strip()
    return Measure(COMPARATORS.get(cmp) if cmp else None, float(match.group("num").replace(",", "")), unit)
