"""Planting of the arithmetic, totals and narrative rules (A1, A2, A4, A6–A9, B2, B5, B6, B9)."""
import datetime as dt

from ingest.demo.content import settle_funds
from ingest.demo.indicators import set_ratio
from ingest.demo.numbers import exec_points, fmt, grade_of


def plant_a1(rng, r):
    """A stated execution rate that executed ÷ budget does not give."""
    f = r["funds"]
    shift = rng.uniform(2, 9)
    f["execution_rate"] = round(f["rate"] + shift if f["rate"] + shift <= 100 else f["rate"] - shift, 2)
    if f["rate"] < 98 and rng.random() < 0.4:
        f["execution_rate"] = 100.0
    return True


def plant_a7(rng, r):
    """More executed than budgeted."""
    f = r["funds"]
    f["executed"] = round(f["budget_full_year"] * rng.uniform(1.02, 1.12), 2)
    settle_funds(r)
    return True


def _lower_rate(rng, r) -> None:
    """Bring the execution rate below 100% when it is not."""
    f = r["funds"]
    if f["rate"] >= 99.5:
        f["executed"] = round(f["budget_full_year"] * rng.uniform(0.88, 0.99), 2)
        settle_funds(r)


def plant_b2(rng, r):
    """Full execution points with execution below 100%."""
    _lower_rate(rng, r)
    r["funds"]["exec_score"] = 10.0
    return True


def plant_a2(rng, r):
    """An execution score the rule does not give (marked down, not up to full)."""
    _lower_rate(rng, r)
    f = r["funds"]
    f["exec_score"] = max(round(exec_points(f["rate"]) - rng.uniform(0.6, 2.0), 1), 0.0)
    return True


def plant_a4(rng, r):
    """A total that is not the sum of the scores (grade kept in line with it)."""
    options = [d for d in (1, 2, 3, 5, -2, -3) if 0 <= r["self_score"] + d <= 100]
    r["self_score"] = round(r["self_score"] + rng.choice(options), 2)
    r["grade"] = grade_of(r["self_score"])
    return True


def plant_a6(rng, r):
    """A grade that is not the band of the total."""
    r["grade"] = {"优": "良", "良": "优", "中": "良", "差": "中"}[grade_of(r["self_score"])]
    return True


def plant_b5(rng, r):
    """A high total with problems admitted in the narrative."""
    if r["self_score"] < 95:
        return False
    r["narrative"]["problems_admitted"] = True
    return True


def plant_b6(rng, r):
    """Satisfaction of 95% or more and no survey size."""
    sat = [i for i in r["indicators"] if i["kind"] == "sat"]
    if not sat:
        return False
    if sat[0]["a"] < 95:
        set_ratio(rng, sat[0], 96.0 / sat[0]["t"] + rng.uniform(0, 0.03))
        sat[0]["score"], sat[0]["deviation_reason"] = float(sat[0]["weight"]), None
    r["narrative"]["survey"] = None
    return True


def plant_b9(rng, r):
    """Filed before the stated completion date, yet claiming completion."""
    filed = dt.date.fromisoformat(r["dates"]["filed"])
    r["dates"]["project_end"] = (filed + dt.timedelta(days=rng.randint(20, 120))).isoformat()
    return True


def plant_a8(rng, r):
    """The table filled in 元 under a 万元 heading; the narrative keeps 万元."""
    r["funds"]["table_factor"] = 10000
    return True


def plant_a9(rng, r):
    """The narrative repeats the total score or the amount spent with another value."""
    fig = r["figures"]
    if rng.random() < 0.5:
        fig["score"] = fmt(r["self_score"] + rng.choice([-4, -3, -2, 2, 3]))
    else:
        fig["executed"] = fmt(r["funds"]["executed"] * rng.uniform(0.85, 0.97))
    return True
