"""Align a row's non-empty cells to the form's columns when empty cells were lost."""
import re
from functools import lru_cache

from ingest.normalize import compact
from ingest.numbers import COMPARATORS, parse_measure, parse_score

REASON_WORDS = re.compile(r"原因|由于|因为|未|偏差|改进|措施|加强|提高|完善|导致|影响|下一步|将")
IMPOSSIBLE = None
DROP_PENALTY = -4.0       # leaving a cell out of the row costs more than any fit earns


def fit(text: str, slot: str, strict_reason: bool) -> float | None:
    """How well a cell's text suits a column; None when it cannot be there."""
    key = compact(text)
    if slot in ("weight", "score", "review"):
        return 2.0 if parse_score(key) is not None else IMPOSSIBLE
    if slot == "cmp":
        return 3.0 if key in COMPARATORS else IMPOSSIBLE
    if slot == "unit":
        return 1.5 if 0 < len(key) <= 4 and not re.search(r"\d", key) else IMPOSSIBLE
    if slot in ("target", "actual"):
        if parse_measure(key):
            return 1.5
        return 1.0 if len(key) <= 30 else 0.3
    if slot == "formula":
        return 1.0 if re.search(r"[/×*÷]|100%", key) or len(key) > 8 else 0.2
    if slot == "reason":
        if REASON_WORDS.search(key):
            return 1.0
        return IMPOSSIBLE if strict_reason else 0.4
    return IMPOSSIBLE


def align_row(texts: list[str], slots: list[str], strict_reason: bool) -> dict[str, str] | None:
    """The best monotone assignment of texts to slots, or None when nothing fits."""
    texts_t, slots_t = tuple(texts), tuple(slots)

    @lru_cache(maxsize=None)
    def best(i: int, j: int) -> tuple[float, tuple]:
        if i == len(texts_t):
            return 0.0, ()
        if j == len(slots_t):
            return DROP_PENALTY * (len(texts_t) - i), ()
        options = []
        score = fit(texts_t[i], slots_t[j], strict_reason)
        if score is not None:
            rest, pairs = best(i + 1, j + 1)
            options.append((score + rest, ((slots_t[j], texts_t[i]),) + pairs))
        options.append(best(i, j + 1))
        rest, pairs = best(i + 1, j)
        options.append((DROP_PENALTY + rest, pairs))
        return max(options, key=lambda o: o[0])

    total, pairs = best(0, 0)
    if not pairs and texts:
        return None
    out = dict(pairs)
    weight, score = parse_score(out.get("weight", "")), parse_score(out.get("score", ""))
    if weight is not None and score is not None and score > weight and strict_reason:
        return None
    return out
