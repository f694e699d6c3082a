"""Truth for the rules the catalog added (A10, A11, B10–B15, C4, C5), from a report's printed values."""
import re

from ingest.demo import vocab
from ingest.demo.expect import measure, setting
from ingest.demo.render import fund_amounts, headline_amounts

FAR_ABOVE = 1.3          # B11: actual ≥ 130% of the target
LOW_EXECUTION = 90.0     # B13
BUDGET_CHANGE = 0.2      # B14
POINTS_OVER_MONEY = 1.05  # B15
PARTIAL_BAND, NOT_DONE_BAND = 0.8, 0.6  # B10
FUND_FLOW_OUTPUT = re.compile(r"资金支付率|预算执行率|资金到位率")


def fund_rows_flags(r: dict) -> set[str]:
    """A10: in some column the 其中 rows do not make the total, or the total is blank/0 while they carry money."""
    total, *subs = fund_amounts(r)
    for col in range(3):
        parts = [row[col] or 0.0 for row in subs]
        if not total[col] and any(parts):
            return {"A10"}
        if total[col] and any(parts) and abs(sum(parts) - total[col]) > 0.011:
            return {"A10"}
    return set()


def parts_flags(r: dict) -> set[str]:
    """A11: components listed beside the budget or the score that do not add up to it."""
    n, fig = r["narrative"], r["figures"]
    for parts, total in ((n.get("budget_parts"), fig["budget"]), (n.get("score_parts"), fig["score"])):
        if parts and abs(sum(p[1] for p in parts) - float(total)) > 0.011:
            return {"A11"}
    return set()


def rate_of(r: dict) -> float:
    """Execution rate from the printed amounts."""
    f = r["funds"]
    return f["executed"] / f["budget_full_year"] * 100


def money_reason_flags(r: dict) -> set[str]:
    """B13 (execution below 90%, no reason) and B14 (全年 vs 年初 beyond 20%, no reason)."""
    out, n = set(), r["narrative"]
    if rate_of(r) < LOW_EXECUTION and not n.get("exec_reason"):
        out.add("B13")
    initial, full, _ = headline_amounts(r)
    if initial and abs(full / initial - 1) > BUDGET_CHANGE and not n.get("adjust_reason"):
        out.add("B14")
    return out


def points_flags(r: dict) -> set[str]:
    """B15: Σ indicator score ÷ Σ indicator weight above the execution rate × 1.05."""
    inds = r["indicators"]
    ratio = sum(i["score"] for i in inds) / sum(i["weight"] for i in inds)
    rate = rate_of(r)
    return {"B15"} if rate < 100 and ratio > rate / 100 * POINTS_OVER_MONEY else set()


def achievement_word(actual: str) -> str | None:
    """'partial', 'none' or None for a qualitative actual."""
    if any(w in actual for w in vocab.NOT_DONE_ACTUALS):
        return "none"
    return "partial" if any(w in actual for w in vocab.PARTIAL_ACTUALS) else None


def band_flags(ind: dict) -> set[str]:
    """B10: 基本完成 … above 80% of the weight, 未完成 … above 60%."""
    word, tol = achievement_word(ind["actual"]), setting("score_tolerance")
    cap = {"partial": PARTIAL_BAND, "none": NOT_DONE_BAND}.get(word)
    return {"B10"} if cap is not None and ind["score"] > ind["weight"] * cap + tol else set()


def full(ind: dict) -> bool:
    return ind["score"] >= ind["weight"] - setting("score_tolerance")


def far_above_flags(ind: dict) -> set[str]:
    """B11: a higher-is-better numeric actual ≥ 130% of its target, no reason given."""
    t_cmp, t, t_unit = measure(ind["target"])
    _, a, a_unit = measure(ind["actual"])
    if t and a is not None and t_cmp in (None, "≥") and t_unit == a_unit and a >= FAR_ABOVE * t:
        return set() if ind["deviation_reason"] else {"B11"}
    return set()


def empty_actual_flags(ind: dict) -> set[str]:
    """B12: numeric target, the actual blank, a dash, 完成/是 or the target echoed, scored full."""
    t_cmp, t, _ = measure(ind["target"])
    actual = (ind["actual"] or "").strip()
    echoed = actual == ind["target"] and t_cmp is not None
    if t is not None and full(ind) and (actual in vocab.EMPTY_ACTUALS or echoed):
        return {"B12"}
    return set()


def misplaced_flags(ind: dict) -> set[str]:
    """C5: a cost amount with ≥, fund flow as an output, economic benefit inside 产出."""
    t_cmp, _, unit = measure(ind["target"])
    cost = "成本" in ind["level2"] + ind["name"] and t_cmp == "≥" and unit in ("元", "万元")
    output = "产出" in ind["level1"]
    if cost or (output and (FUND_FLOW_OUTPUT.search(ind["name"]) or "经济效益" in ind["level2"])):
        return {"C5"}
    return set()


def met_as_printed(ind: dict) -> bool:
    """The printed actual reaches the printed target; a qualitative actual is met unless it admits otherwise."""
    t_cmp, t, t_unit = measure(ind["target"])
    _, a, a_unit = measure(ind["actual"])
    if t is None:
        return achievement_word(ind["actual"]) is None
    if a is None or (t_unit and a_unit and t_unit != a_unit):
        return False
    return a <= t if t_cmp == "≤" else a == t if t_cmp == "=" else a >= t


def docked_flags(r: dict) -> set[str]:
    """C4: every target met, yet points docked with no reason."""
    inds = r["indicators"]
    docked = [i for i in inds if not full(i) and not i["deviation_reason"]]
    return {"C4"} if docked and all(met_as_printed(i) for i in inds) else set()


def added_rules(r: dict) -> set[str]:
    """Every added rule the report's printed values break."""
    out = fund_rows_flags(r) | parts_flags(r) | money_reason_flags(r) | points_flags(r) | docked_flags(r)
    for ind in r["indicators"]:
        out |= band_flags(ind) | far_above_flags(ind) | empty_actual_flags(ind) | misplaced_flags(ind)
    return out
