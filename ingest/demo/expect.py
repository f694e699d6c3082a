"""The rules a report should fire, computed from its true values by the catalog's definitions."""
import re

from ingest.demo.numbers import exec_points, grade_of

MEASURE = re.compile(r"^(≥|≤|=)?(\d+(?:\.\d+)?)(.*)$")
PLACEHOLDER = re.compile(r"XX|xx|××|……")


def setting(name: str) -> float:
    """A numeric rule setting in force (defaults of ingest.rule_settings, or EVAL_* overrides)."""
    from ingest.rule_settings import values

    return float(values()[name])


def vague_words() -> list[str]:
    """The vague-target word list of B7."""
    from ingest.rule_settings import values

    return [w for w in values()["vague_words"].split(",") if w]


def measure(text: str):
    """(comparator, number, unit) of a printed target or actual, or Nones."""
    m = MEASURE.match(text or "")
    return (m.group(1), float(m.group(2)), m.group(3) or None) if m else (None, None, None)


def indicator_flags(ind: dict) -> set[str]:
    """Indicator-level rules: A3, B3, B4, B8, C1."""
    out, tol = set(), setting("score_tolerance")
    t_cmp, t, t_unit = measure(ind["target"])
    _, a, a_unit = measure(ind["actual"])
    full = ind["score"] >= ind["weight"] - tol
    if ind["score"] > ind["weight"] + tol:
        out.add("A3")
    if ind["score"] < ind["weight"] - tol and not ind["deviation_reason"]:
        out.add("B4")
    if t_unit and a_unit and t_unit != a_unit:
        out.add("B8")
    elif t is not None and a is not None and full:
        met = a <= t if t_cmp == "≤" else a == t if t_cmp == "=" else a >= t
        out |= set() if met else {"B3"}
    if PLACEHOLDER.search(ind["name"]):
        out.add("C1")
    return out


def equals_target(ind: dict) -> bool:
    """Actual exactly its target, or 100%."""
    (_, t, _), (_, a, _) = measure(ind["target"]), measure(ind["actual"])
    return (t is not None and t == a) or ind["actual"] == ind["target"] or ind["actual"].startswith("100%")


def vague_text(text: str) -> bool:
    """A numberless text made of vague words (a one-character word must be the whole text)."""
    return measure(text)[1] is None and any(text == w or (len(w) > 1 and w in text) for w in vague_words())


def is_vague(ind: dict) -> bool:
    """A vague target or actual, or an actual that echoes a comparator (`≥90%`), as B7 counts them."""
    return vague_text(ind["target"]) or vague_text(ind["actual"] or "") or measure(ind["actual"])[0] is not None


def money_flags(r: dict) -> set[str]:
    """A1, A2, A7 and B2 from the printed amounts, rate and execution score."""
    f, out, tol, rate_tol = r["funds"], set(), setting("score_tolerance"), setting("rate_tolerance")
    rate = round(f["executed"] / f["budget_full_year"] * 100, 4)
    if abs(f["execution_rate"] - rate) > rate_tol:
        out.add("A1")
    if abs(f["exec_score"] - exec_points(rate)) > tol:
        out.add("A2")
    if f["executed"] > f["budget_full_year"] + 1e-6:
        out.add("A7")
    if f["exec_score"] >= f["exec_weight"] - tol and rate < 100 - rate_tol:
        out.add("B2")
    return out


def total_flags(r: dict) -> set[str]:
    """A4, A5, A6, B1, B5, B7."""
    inds, out, s, tol = r["indicators"], set(), r["self_score"], setting("score_tolerance")
    if abs(r["funds"]["exec_score"] + sum(i["score"] for i in inds) - s) > tol:
        out.add("A4")
    if abs(r["funds"]["exec_weight"] + sum(i["weight"] for i in inds) - setting("weight_total")) > tol:
        out.add("A5")
    if r["grade"] != grade_of(s):
        out.add("A6")
    if all(i["score"] >= i["weight"] - tol for i in inds) or all(equals_target(i) for i in inds):
        out.add("B1")
    if s >= 100 - tol or (s >= setting("high_total") and r["narrative"]["problems_admitted"]):
        out.add("B5")
    if sum(is_vague(i) for i in inds) / len(inds) > setting("vague_share"):
        out.add("B7")
    return out


def text_flags(r: dict) -> set[str]:
    """A8, A9, B6, B9 from the narrative and the dates."""
    out, fig = set(), r["figures"]
    if r["funds"].get("table_factor", 1) != 1:
        out.add("A8")
    table = {"score": r["self_score"], "executed": r["funds"]["executed"]}
    if any(abs(float(fig[k]) - v) > setting("score_tolerance") for k, v in table.items()):
        out.add("A9")
    sats = [measure(i["actual"]) for i in r["indicators"] if "满意" in i["level1"] + i["level2"] + i["name"]]
    if max((a for _, a, u in sats if a is not None and u == "%"), default=0) >= setting("satisfaction_high") and not r["narrative"]["survey"]:
        out.add("B6")
    if r["dates"]["filed"] < r["dates"]["project_end"]:
        out.add("B9")
    return out


def expected_rules(r: dict) -> set[str]:
    """Every report-level rule (A–C, but C2/C3) the report's true values break."""
    from ingest.demo.expect_more import added_rules

    out = money_flags(r) | total_flags(r) | text_flags(r) | added_rules(r)
    for ind in r["indicators"]:
        out |= indicator_flags(ind)
    return out
