"""Draw one clean report: funds, indicators, totals, dates and narrative, all consistent."""
import datetime as dt
import math

from ingest.demo import vocab
from ingest.demo.indicators import QUANTITATIVE, draw_indicators, miss
from ingest.demo.numbers import exec_points, fmt, grade_of
from ingest.demo.variety import vary_indicators

SURVEY_ABOVE = 95.0


def draw_funds(rng) -> dict:
    """Budgets from a few 万元 to thousands, execution mostly 85–100%."""
    initial = round(math.exp(rng.uniform(math.log(3), math.log(3000))), 2 if rng.random() < 0.6 else 0)
    full = initial if rng.random() < 0.75 else round(initial * rng.uniform(0.8, 1.3), 2)
    draw = rng.random()
    rate = 100.0 if draw < 0.45 else rng.uniform(85, 99.9) if draw < 0.9 else rng.uniform(75, 85)
    return dict(budget_initial=initial, budget_full_year=full, executed=round(full * rate / 100, 2),
                shares=draw_shares(rng))


def draw_shares(rng) -> tuple:
    """Shares of 当年财政拨款, 上年结转 and 其他资金 in every column: mostly all fiscal."""
    draw = rng.random()
    if draw < 0.6:
        return (1.0, 0.0, 0.0)
    carry = round(rng.uniform(0.1, 0.4), 2)
    other = round(rng.uniform(0.05, 0.2), 2) if draw > 0.85 else 0.0
    return (round(1 - carry - other, 2), carry, other)


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


def points_ratio(report: dict) -> float:
    """Σ indicator score ÷ Σ indicator weight (what B15 sets against the execution rate)."""
    inds = report["indicators"]
    return sum(i["score"] for i in inds) / sum(i["weight"] for i in inds)


def follow_money(rng, report: dict) -> None:
    """Miss more targets until the indicator points stay clearly below the execution rate × 1.05:
    a unit that spent 75% of the money rarely delivered 95% of the outputs (keeps B15 off clean reports)."""
    cap = report["funds"]["rate"] / 100 * 1.05 - 0.03
    candidates = sorted((i for i in report["indicators"] if i["kind"] in QUANTITATIVE), key=lambda i: -i["weight"])
    for ind, low in [(i, 0.45) for i in candidates] + [(i, 0.3) for i in candidates]:
        if points_ratio(report) <= cap:
            return
        miss(rng, ind, rng.uniform(low, low + 0.2))


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
                problems_admitted=True, survey=None, copied_from=None, exec_reason=None, adjust_reason=None,
                budget_parts=None, score_parts=None)


def finish_narrative(rng, report: dict) -> None:
    """Problems admitted only below 95; a survey sentence wherever satisfaction reaches 95%."""
    n = report["narrative"]
    n["problems_admitted"] = report["self_score"] < 95
    sat = [i for i in report["indicators"] if i["kind"] == "sat"]
    if sat and sat[0]["a"] >= SURVEY_ABOVE:
        copies = rng.choice([120, 150, 200, 300, 500])
        n["survey"] = f"通过问卷调查了解服务对象满意度，共发放问卷{copies}份，回收有效问卷{copies - rng.randint(0, 9)}份。"
    give_reasons(rng, report)


def give_reasons(rng, report: dict) -> None:
    """Why execution is low and why the budget changed, unless B13 or B14 was planted (their whole point)."""
    f, n, planted = report["funds"], report["narrative"], report["planted"]
    if min(f["rate"], f["execution_rate"]) < 92 and "B13" not in planted:
        n["exec_reason"] = f"预算执行率未达100%的主要原因是{rng.choice(vocab.EXEC_REASONS)}。"
    change = f["budget_full_year"] / f["budget_initial"] - 1 if f["budget_initial"] else 0.0
    if abs(change) > 0.005 and "B14" not in planted:
        reasons = vocab.ADJUST_UP_REASONS if change > 0 else vocab.ADJUST_DOWN_REASONS
        n["adjust_reason"] = f"全年预算较年初有所调整：{rng.choice(reasons)}。"
    if "B13" in planted:
        drop_causes(rng, report)


def drop_causes(rng, report: dict) -> None:
    """B13 means no cause anywhere: problems and deviation cells say what will be done, not why."""
    import re

    from ingest.rule_settings import values

    cause = re.compile(values()["cause_regex"])
    cores = [c for c in vocab.PROBLEM_CORES if not cause.search(c)]
    n = report["narrative"]
    n["problems_text"] = "".join(rng.choice(vocab.PROBLEM_LEADS) + rng.choice(cores) + "，需要在下一年度重点加以解决。"
                                 for _ in range(2))
    for ind in report["indicators"]:
        if ind["deviation_reason"] and cause.search(ind["deviation_reason"]):
            ind["deviation_reason"] = rng.choice(vocab.REMEDIES)


def draw_report(rng, unit: dict, project: str, stem: str, year: int) -> dict:
    """A clean report: every figure adds up and no rule of the catalog applies."""
    funds = draw_funds(rng)
    report = dict(unit=unit, project_name=project, year=year, funds=funds, dates=draw_dates(rng, year),
                  narrative=draw_narrative(rng, stem, unit["name"]), planted=[])
    settle_funds(report)
    report["indicators"] = draw_indicators(rng, funds["budget_full_year"], stem)
    loss = target_loss(rng, unit["pattern"], funds["rate"], funds["exec_score"])
    spread_loss(rng, report["indicators"], loss)
    if unit["pattern"] == "normal":
        vary_indicators(rng, report)
        follow_money(rng, report)
    return report


def narrative_figures(report: dict) -> dict:
    """The figures the narrative repeats (changed only by planted A8/A9)."""
    f = report["funds"]
    return dict(budget=fmt(f["budget_full_year"]), executed=fmt(f["executed"]),
                rate=fmt(f["execution_rate"]), score=fmt(report["self_score"]))
