"""Plant the rules of the anomaly catalog into a clean report, each at a known rate."""
from ingest.demo import vocab
from ingest.demo.content import settle_totals
from ingest.demo.indicators import QUANTITATIVE, is_met, miss, set_ratio

# rule → share of reports it is planted into (C2, C3 and D rules are planted by the corpus)
RATES = {"A1": 0.04, "A2": 0.04, "A3": 0.03, "A4": 0.04, "A5": 0.03, "A6": 0.03, "A7": 0.03, "A8": 0.03,
         "A9": 0.04, "B1": 0.15, "B2": 0.05, "B3": 0.05, "B4": 0.05, "B5": 0.08, "B6": 0.05, "B7": 0.04,
         "B8": 0.05, "B9": 0.04, "C1": 0.04, "A10": 0.04, "A11": 0.04, "B10": 0.05, "B11": 0.04, "B12": 0.04,
         "B13": 0.04, "B14": 0.04, "B15": 0.04, "C4": 0.06, "C5": 0.04}
RATE_STAGE = ("B13", "B15")
INDICATOR_STAGE = ("C4", "B1", "B3", "B4", "B7", "B8", "B10", "B11", "B12", "C5", "C1", "A5", "A3")
FUNDS_STAGE = ("B14", "A1", "A7", "B2", "A2")
TOTALS_STAGE = ("A4", "A6")
TEXT_STAGE = ("B5", "B6", "B9", "A8", "A9", "A10", "A11")
KEEPS_TOTAL = ("A1", "A6", "A8", "A9", "B6", "B9", "C1", "A10", "A11", "B11", "B12", "B14", "C5")
# rules that would undo each other in one report are not planted together (the first drawn stays):
# C4 needs every target met; B13/B15 set the rate, which A1/A2/A7/B2 would move; B1 needs all full marks
EXCLUDES = {"C4": ("B1", "B3", "B7", "B8", "B10", "B12"), "B13": ("A1", "B2", "A2", "A7"),
            "B15": ("A1", "B2", "A2", "A7"), "B1": ("B10",), "B12": ("B8",)}


def plant_b1(rng, r):
    """Every indicator met at full marks."""
    for ind in r["indicators"]:
        if ind["score"] < ind["weight"]:
            if ind["kind"] in QUANTITATIVE:
                set_ratio(rng, ind, rng.uniform(1.0, 1.08))
            else:
                ind["actual"] = rng.choice(vocab.VAGUE_ACTUALS[:-1])
            ind["score"], ind["deviation_reason"] = float(ind["weight"]), None
    return True


def plant_b3(rng, r):
    """A higher-is-better target missed, yet scored full."""
    for ind in rng.sample(r["indicators"], len(r["indicators"])):
        if ind["kind"] in ("count", "pct") and ind["score"] >= ind["weight"] and ind["t"] >= 10:
            set_ratio(rng, ind, rng.uniform(0.7, 0.9))
            return not is_met(ind)
    return False


def plant_b4(rng, r):
    """Points lost with the deviation reason left blank."""
    lost = [i for i in r["indicators"] if i["score"] < i["weight"]]
    if not lost:
        cands = [i for i in r["indicators"] if i["kind"] in ("count", "pct", "time") and i["t"] >= 10]
        if not cands:
            return False
        lost = [rng.choice(cands)]
        miss(rng, lost[0], rng.uniform(0.7, 0.9))
    for ind in lost:
        ind["deviation_reason"] = None
    return True


def plant_b7(rng, r):
    """Most targets vague (大幅提高, 持续优化, 是 …), scored as claimed."""
    inds = [i for i in r["indicators"] if i["kind"] != "sat"]
    for ind in rng.sample(inds, min(len(inds), len(r["indicators"]) // 2 + 2)):
        ind.update(kind="vague", cmp=None, t=None, a=None, unit="", deviation_reason=None,
                   target=rng.choice(vocab.VAGUE_TARGETS), actual=rng.choice(vocab.VAGUE_ACTUALS))
        ind["score"] = float(ind["weight"])
    return True


def plant_b8(rng, r):
    """A target in hours or items answered by a percentage (≤0.5小时 vs 100%)."""
    cands = [i for i in r["indicators"] if i["kind"] in ("time", "count") and i["unit"] != "%"]
    if not cands:
        return False
    ind = rng.choice(cands)
    ind.update(actual="100%", a=None, kind="units_differ", score=float(ind["weight"]), deviation_reason=None)
    return True


def plant_c1(rng, r):
    """A template placeholder left as an indicator name."""
    rng.choice(r["indicators"])["name"] = rng.choice(vocab.PLACEHOLDER_NAMES)
    return True


def plant_a5(rng, r):
    """Weights that no longer add up to 100."""
    ind = rng.choice([i for i in r["indicators"] if i["weight"] >= 8])
    ind["weight"] -= rng.choice([2, 3, 5])
    ind["score"] = min(ind["score"], float(ind["weight"]))
    return True


def plant_a3(rng, r):
    """An indicator scored above its weight (when the total leaves room)."""
    room = 100 - (r["funds"]["exec_score"] + sum(i["score"] for i in r["indicators"]))
    full = [i for i in r["indicators"] if i["score"] >= i["weight"]]
    if room < 1 or not full:
        return False
    rng.choice(full)["score"] += min(float(rng.choice([1, 2, 3])), float(int(room)))
    return True


def plant_all(rng, r: dict, figures) -> None:
    """Draw which rules to plant, apply them stage by stage, and settle the totals in between."""
    from ingest.demo import plants_figures as pf
    from ingest.demo import plants_money as pm
    from ingest.demo import plants_scoring as ps
    from ingest.demo.content import finish_narrative
    from ingest.demo.variety import draw_parts

    wanted = compatible([rule for rule, rate in RATES.items() if rng.random() < rate])
    if r["unit"]["pattern"] != "normal":  # a gaming city keeps its score pattern; only text slips are added
        wanted = [w for w in wanted if w in KEEPS_TOTAL]
    funcs = globals() | vars(pf) | vars(pm) | vars(ps)
    for stage in (RATE_STAGE, INDICATOR_STAGE, FUNDS_STAGE):
        _apply(rng, r, [w for w in stage if w in wanted], funcs)
    settle_totals(r)
    _apply(rng, r, [w for w in TOTALS_STAGE if w in wanted], funcs)
    finish_narrative(rng, r)
    r["figures"] = figures(r)
    draw_parts(rng, r)
    _apply(rng, r, [w for w in TEXT_STAGE if w in wanted], funcs)


def compatible(wanted: list[str]) -> list[str]:
    """The drawn rules without those an earlier-drawn one excludes (catalog order decides)."""
    kept: list[str] = []
    for rule in wanted:
        if not any(rule in EXCLUDES.get(k, ()) or k in EXCLUDES.get(rule, ()) for k in kept):
            kept.append(rule)
    return kept


def _apply(rng, r: dict, rules: list[str], funcs: dict) -> None:
    """Run the planting functions; record the rules actually planted."""
    for rule in rules:
        if funcs[f"plant_{rule.lower()}"](rng, r):
            r["planted"].append(rule)
