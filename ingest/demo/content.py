"""Draw one clean report: funds, indicators, totals, dates and narrative, all consistent."""
import datetime as dt
import math

from ingest.demo import vocab
from ingest.demo.indicators import QUANTITATIVE, draw_indicators, miss
from ingest.demo.numbers import exec_points, fmt, grade_of

SURVEY_ABOVE = 95.0


def draw_funds(rng) -> dict:
    """Budgets from a few 万元 to thousands, execution mostly 85–100%."""
    initial = round(math.exp(rng.uniform(math.log(3), math.log(3000))), 2 if rng.random() < 0.6 else 0)
    full = initial if rng.random() < 0.75 else round(initial * rng.uniform(0.8, 1.3), 2)
    draw = rng.random()
    rate = 100.0 if draw < 0.45 else rng.uniform(85, 99.9) if draw < 0.9 else rng.uniform(60, 85)
    return dict(budget_initial=initial, budget_full_year=full, executed=round(full * rate / 100, 2))


def settle_funds(report: dict) -> None:
    """Execution rate as stated and the execution score, from the printed amounts."""
    f = report["funds"]
    f["rate"] = f["executed"] / f["budget_full_year"] * 100
    f["execution_rate"] = round(f["rate"], 2)
    f["exec_weight"] = 10.0
    f["exec_score"] = exec_points(f["rate"])


def target_loss(rng, pattern: str, rate: float, exec_score: float) -> float:
    """Indicator points lost: tracks the execution shortfall, except in cities that game the score."""
    if pattern == "bunch":
        return max(exec_score + 90 - rng.uniform(90.2, 91.7), 0.0)
    if pattern == "flat":
        return max(exec_score + 90 - rng.uniform(91, 98), 0.0)
    if pattern == "inflate":
        return 0.0
    return min(max(rng.gauss(3.2 + 0.45 * (100 - rate), 1.0), 0.6), 30.0)


def spread_loss(rng, inds: list[dict], loss: float) -> None:
    """Miss one to three quantitative targets so that about `loss` points are lost."""
    if loss <= 0:
        return
    candidates = sorted((i for i in inds if i["kind"] in QUANTITATIVE), key=lambda i: -i["weight"])
    n = min(len(candidates), 1 + (loss > 4) + (loss > 9))
    for ind in rng.sample(candidates[: n + 2], n):
        ratio = max(1 - loss / n / ind["weight"], 0.5)
        miss(rng, ind, ratio)


def settle_totals(report: dict) -> None:
    """Self score = execution score + Σ indicator scores; grade from its band."""
    total = report["funds"]["exec_score"] + sum(i["score"] for i in report["indicators"])
    report["self_score"] = round(total, 2)
    report["grade"] = grade_of(report["self_score"])
    report["weight_total"] = 100.0


def draw_dates(rng, year: int) -> dict:
    """Project start and end within the year; filed in the first months of the next year."""
    start = dt.date(year, rng.randint(1, 5), rng.randint(1, 28))
    end = dt.date(year, rng.randint(9, 12), rng.randint(1, 28))
    filed = dt.date(year + 1, rng.randint(1, 4), rng.randint(1, 28))
    return dict(project_start=start.isoformat(), project_end=end.isoformat(), filed=filed.isoformat())


def sentence(rng, leads, cores, tails, stem: str, unit: str) -> str:
    """One sentence built from three pools."""
    return rng.choice(leads) + rng.choice(cores) + rng.choice(tails).format(stem=stem, unit=unit)


def draw_narrative(rng, stem: str, unit: str) -> dict:
    """Goals, admitted problems and measures in the unit's own words."""
    problems = "".join(sentence(rng, vocab.PROBLEM_LEADS, vocab.PROBLEM_CORES, vocab.PROBLEM_TAILS, stem, unit)
                       for _ in range(2))
    measures = "".join(sentence(rng, vocab.MEASURE_LEADS, vocab.MEASURE_CORES, vocab.MEASURE_TAILS, stem, unit)
                       for _ in range(3))
    goal = rng.choice(vocab.GOAL_TARGETS).format(stem=stem) + rng.choice(vocab.GOAL_EFFECTS)
    actual = f"已完成{stem}年度各项任务，" + rng.choice(vocab.GOAL_EFFECTS)
    return dict(goal_target=goal, goal_actual=actual, problems_text=problems, measures=measures,
                problems_admitted=True, survey=None, copied_from=None)


def finish_narrative(rng, report: dict) -> None:
    """Problems admitted only below 95; a survey sentence wherever satisfaction reaches 95%."""
    n = report["narrative"]
    n["problems_admitted"] = report["self_score"] < 95
    sat = [i for i in report["indicators"] if i["kind"] == "sat"]
    if sat and sat[0]["a"] >= SURVEY_ABOVE:
        copies = rng.choice([120, 150, 200, 300, 500])
        n["survey"] = f"通过问卷调查了解服务对象满意度，共发放问卷{copies}份，回收有效问卷{copies - rng.randint(0, 9)}份。"


def draw_report(rng, unit: dict, project: str, stem: str, year: int) -> dict:
    """A clean report: every figure adds up and no rule of the catalog applies."""
    funds = draw_funds(rng)
    report = dict(unit=unit, project_name=project, year=year, funds=funds, dates=draw_dates(rng, year),
                  narrative=draw_narrative(rng, stem, unit["name"]), planted=[])
    settle_funds(report)
    report["indicators"] = draw_indicators(rng, funds["budget_full_year"], stem)
    loss = target_loss(rng, unit["pattern"], funds["rate"], funds["exec_score"])
    spread_loss(rng, report["indicators"], loss)
    return report


def narrative_figures(report: dict) -> dict:
    """The figures the narrative repeats (changed only by planted A8/A9)."""
    f = report["funds"]
    return dict(budget=fmt(f["budget_full_year"]), executed=fmt(f["executed"]),
                rate=fmt(f["execution_rate"]), score=fmt(report["self_score"]))
