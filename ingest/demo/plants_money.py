"""Planting of the money rules added to the catalog: A10, A11, B13, B14, B15."""
from ingest.demo.content import follow_money, points_ratio, settle_funds
from ingest.demo.indicators import QUANTITATIVE, set_ratio
from ingest.demo.variety import budget_parts


def plant_a10(rng, r):
    """Fund rows that do not add up: one 其中 cell off by 5–20% of its column (most), the total row's
    money cells left blank or 0 while 财政拨款 carries the money, or the 年初 total alone printed as 0."""
    f, draw = r["funds"], rng.random()
    if draw < 0.25 and f["shares"] == (1.0, 0.0, 0.0):
        shown = rng.choice([None, 0.0])
        f["blank_total"] = [(col, shown) for col in range(3)]
        return True
    if draw < 0.35 and "B14" not in r["planted"]:
        f["blank_total"] = [(0, 0.0)]
        return True
    share = rng.uniform(0.05, 0.2) * rng.choice([1, -1])
    rows = [i + 1 for i, s in enumerate(f["shares"]) if s > abs(share) + 0.05] if share < 0 else [1, 2, 3]
    f["slip"] = (rng.choice(rows), rng.randrange(3), round(share, 3))
    return True


def plant_a11(rng, r):
    """A component listed in the narrative changed, so the parts no longer make the total beside them."""
    n = r["narrative"]
    if n["score_parts"] and rng.random() < 0.4:
        part = rng.choice(n["score_parts"][1:])
        part[1] = round(part[1] + rng.choice([-5, -3, -2, 2, 3, 5]), 2)
        return part[1] >= 0
    n["budget_parts"] = n["budget_parts"] or budget_parts(rng, r, always=True)
    part = rng.choice(n["budget_parts"])
    part[1] = round(part[1] * rng.choice([rng.uniform(0.7, 0.92), rng.uniform(1.08, 1.3)]), 2)
    return True


def plant_b13(rng, r):
    """Execution at 65–88% and no word on why (the narrative's reason is left out by give_reasons)."""
    f = r["funds"]
    f["executed"] = round(f["budget_full_year"] * rng.uniform(0.65, 0.88), 2)
    settle_funds(r)
    if r["unit"]["pattern"] == "normal":
        follow_money(rng, r)
    return True


def plant_b14(rng, r):
    """全年预算 30–80% above or 28–45% below 年初预算, with no reason given."""
    f = r["funds"]
    k = rng.uniform(1.3, 1.8) if rng.random() < 0.6 else rng.uniform(0.55, 0.72)
    f["budget_initial"] = round(f["budget_full_year"] / k, 2)
    return True


def plant_b15(rng, r):
    """Execution at 62–85% while the indicators keep (nearly) full points."""
    f = r["funds"]
    f["executed"] = round(f["budget_full_year"] * rng.uniform(0.62, 0.85), 2)
    settle_funds(r)
    for ind in r["indicators"]:
        if ind["score"] < ind["weight"] and ind["kind"] in QUANTITATIVE:
            set_ratio(rng, ind, rng.uniform(1.0, 1.08))
            ind["score"], ind["deviation_reason"] = float(ind["weight"]), None
    return points_ratio(r) > f["rate"] / 100 * 1.05 + 0.03
