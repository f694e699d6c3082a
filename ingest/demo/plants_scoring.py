"""Planting of the scoring rules added to the catalog: B10, B11, B12, C4, C5."""
from ingest.demo import vocab
from ingest.demo.indicators import QUANTITATIVE, is_met, new_indicator, set_ratio

NUMERIC = ("count", "pct", "time", "cost")


def full_and_met(r: dict, kinds: tuple) -> list[dict]:
    """Indicators of these kinds at full marks with the target met, not yet used by another plant."""
    return [i for i in r["indicators"] if i["kind"] in kinds and i["score"] >= i["weight"] and is_met(i)
            and not i.get("planted")]


def mark(ind: dict) -> dict:
    """Note that a plant uses this indicator, so a later plant leaves it alone."""
    ind["planted"] = True
    return ind


def make_qualitative(rng, ind: dict) -> None:
    """Turn an indicator into a qualitative one (numberless target)."""
    ind.update(kind="vague", cmp=None, t=None, a=None, unit="", target=rng.choice(vocab.VAGUE_TARGETS[:-1]))


def plant_b10(rng, r):
    """A qualitative actual that admits partial achievement scored above 80% of its weight,
    or one not achieved scored above 60% (a reason is written when points are docked, so B4 stays off)."""
    pool = [i for i in r["indicators"] if i["kind"] == "vague"]
    if not pool:
        pool = [rng.choice([i for i in r["indicators"] if i["level1"] == "效益指标"])]
        make_qualitative(rng, pool[0])
    ind = mark(rng.choice(pool))
    partial = rng.random() < 0.7
    ind["actual"] = rng.choice(vocab.PARTIAL_ACTUALS if partial else vocab.NOT_DONE_ACTUALS)
    share = 1.0 if rng.random() < 0.5 else rng.uniform(0.88, 0.97) if partial else rng.uniform(0.7, 0.95)
    ind["score"] = float(ind["weight"]) if share == 1.0 else round(ind["weight"] * share, 1)
    ind["deviation_reason"] = None if share == 1.0 else rng.choice(vocab.PARTIAL_REASONS)
    return True


def plant_b11(rng, r):
    """A count target exceeded by 35–150%, full marks and the deviation cell empty."""
    pool = full_and_met(r, ("count", "cost_up"))
    if not pool:
        return False
    ind = mark(rng.choice(pool))
    got = set_ratio(rng, ind, rng.uniform(1.35, 2.5))
    ind["deviation_reason"] = None
    return got >= 1.3


def plant_b12(rng, r):
    """The actual left blank, a dash, a bare 完成/是, or the target echoed (`≥90%`), yet full marks."""
    pool = full_and_met(r, NUMERIC)
    if not pool:
        return False
    ind = mark(rng.choice(pool))
    echo = ind["cmp"] in ("≥", "≤") and rng.random() < 0.4
    ind.update(actual=ind["target"] if echo else rng.choice(vocab.EMPTY_ACTUALS), a=None, deviation_reason=None)
    return True


def plant_c4(rng, r):
    """Every target met, yet one indicator docked 1–3 points with no reason."""
    for ind in r["indicators"]:
        if ind["kind"] in QUANTITATIVE and (ind["score"] < ind["weight"] or not is_met(ind)):
            set_ratio(rng, ind, rng.uniform(1.0, 1.08))
        if ind["kind"] == "vague" and ind["score"] < ind["weight"]:
            ind["actual"] = rng.choice(vocab.VAGUE_ACTUALS[:-1])
        if ind["score"] < ind["weight"]:
            ind["score"], ind["deviation_reason"] = float(ind["weight"]), None
    pool = [i for i in full_and_met(r, NUMERIC) if i["weight"] >= 4]
    if not pool:
        return False
    ind = mark(rng.choice(pool))
    ind["score"] = float(ind["weight"] - rng.choice([1, 2, 3])) if rng.random() < 0.6 else round(ind["weight"] * rng.uniform(0.8, 0.95), 1)
    return True


def misplace_cost(rng, r) -> bool:
    """A cost target written with ≥ (the actual equal to it, met either way it is read)."""
    costs = [i for i in r["indicators"] if i["kind"] == "cost" and not i.get("planted")]
    if not costs:
        return False
    ind = mark(rng.choice(costs))
    ind.update(cmp="≥")
    set_ratio(rng, ind, 1.0)
    ind["score"], ind["deviation_reason"] = float(ind["weight"]), None
    return True


def misplace_output(rng, r) -> bool:
    """资金支付率/预算执行率/资金到位率 or an 经济效益 indicator put among the outputs, in place of one."""
    outputs = [i for i in r["indicators"] if i["level1"] == "产出指标" and i["kind"] != "cost" and not i.get("planted")]
    if not outputs:
        return False
    old = rng.choice(outputs)
    stem = r["project_name"]
    new = new_indicator(rng, "产出指标", rng.choice(vocab.MISPLACED_OUTPUTS), r["funds"]["budget_full_year"], stem)
    mark(new).update(weight=old["weight"], score=float(old["weight"]))
    r["indicators"].remove(old)
    last = max(k for k, i in enumerate(r["indicators"]) if i["level1"] == "产出指标")
    r["indicators"].insert(last + 1, new)
    return True


def plant_c5(rng, r):
    """An indicator that does not fit its place."""
    return misplace_cost(rng, r) if rng.random() < 0.3 else misplace_output(rng, r)
