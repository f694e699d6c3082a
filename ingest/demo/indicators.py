"""Performance indicators: targets, actuals, weights and scores that follow the official rules."""
from ingest.demo import vocab
from ingest.demo.numbers import fmt

COUNT_TARGETS = [5, 10, 12, 20, 30, 50, 80, 100, 200, 500, 1000, 3000]
LOWER = ("time", "cost")
QUANTITATIVE = ("count", "pct", "time", "cost", "cost_up", "sat")


def draw_target(rng, kind: str, unit: str, budget: float) -> tuple[str | None, float | None]:
    """Comparator and number of a target of one kind."""
    if kind == "count":
        return rng.choice(["≥", "≥", ""]), float(rng.choice(COUNT_TARGETS))
    if kind == "pct":
        return "≥", float(rng.choice([90, 95, 98, 100]))
    if kind == "sat":
        return "≥", float(rng.choice([85, 90, 90, 95]))
    if kind == "time":
        return "≤", float(rng.choice([2, 4, 8, 24] if unit == "小时" else [5, 10, 15, 20]))
    if kind == "cost":
        return "≤", round(budget * rng.uniform(0.2, 1.0), 2)
    if kind == "cost_up":
        return "≥", float(rng.choice([10, 20, 50, 100, 300]))
    return None, None


def new_indicator(rng, level1: str, template: tuple, budget: float, stem: str) -> dict:
    """One indicator, met at full marks (the clean state)."""
    level2, name, kind, unit = template
    cmp, num = draw_target(rng, kind, unit, budget)
    ind = dict(level1=level1, level2=level2, name=name.format(stem=stem), kind=kind, unit=unit,
               cmp=cmp, t=num, weight=0, score=0.0, deviation_reason=None)
    if kind == "vague":
        ind["target"], ind["actual"] = rng.choice(vocab.VAGUE_TARGETS[:-1]), rng.choice(vocab.VAGUE_ACTUALS[:-1])
    else:
        set_ratio(rng, ind, rng.uniform(1.0, 1.12))
    return ind


def actual_for(ind: dict, ratio: float) -> float:
    """The actual value giving ratio = actual/target (higher) or target/actual (lower)."""
    t, kind = ind["t"], ind["kind"]
    if kind in LOWER:
        return round(t / ratio, 2 if kind == "cost" else 1)
    if kind in ("pct", "sat"):
        return round(min(t * ratio, 100.0), 1)
    return float(round(t * ratio)) if kind == "count" else round(t * ratio, 2)


def set_ratio(rng, ind: dict, ratio: float) -> float:
    """Set the actual for a ratio, print target and actual; return the ratio the printed numbers give."""
    ind["a"] = a = actual_for(ind, ratio)
    ind["target"] = f"{ind['cmp'] or ''}{fmt(ind['t'])}{ind['unit']}"
    ind["actual"] = f"{fmt(a)}{ind['unit']}"
    if ind["kind"] in LOWER:
        return ind["t"] / a if a > 0 else 1.0
    return a / ind["t"] if ind["t"] else 1.0


def is_met(ind: dict) -> bool:
    """True when the printed actual reaches the printed target."""
    if ind["kind"] not in QUANTITATIVE or ind.get("a") is None:
        return True
    return ind["a"] <= ind["t"] if ind["kind"] in LOWER else ind["a"] >= ind["t"]


def miss(rng, ind: dict, ratio: float) -> None:
    """Miss the target by a ratio; score pro rata with a deviation reason."""
    got = min(set_ratio(rng, ind, ratio), 0.999)
    ind["score"] = float(round(ind["weight"] * got)) if rng.random() < 0.5 else round(ind["weight"] * got, 1)
    ind["deviation_reason"] = rng.choice(DEVIATIONS)


DEVIATIONS = ["受采购流程影响，部分任务延后完成，已督促加快进度", "部分设备到货延迟，下一步加强合同履约管理",
              "受天气等客观因素影响，进度滞后，将调整实施计划", "基层配合不到位，已建立定期调度机制",
              "前期测算偏乐观，下年度将合理设置目标值"]


def draw_indicators(rng, budget: float, stem: str) -> list[dict]:
    """产出 4–6, 效益 2–3 and usually one 满意度 indicator, weighted 50/30/10 (or 50/40)."""
    from ingest.demo.numbers import split_weight

    has_sat = rng.random() < 0.9
    outputs = rng.sample(vocab.OUTPUT_INDICATORS, rng.randint(4, 6))
    effects = rng.sample(vocab.EFFECT_INDICATORS, rng.randint(2, 3))
    inds = [new_indicator(rng, "产出指标", t, budget, stem) for t in outputs]
    inds += [new_indicator(rng, "效益指标", t, budget, stem) for t in effects]
    weights = split_weight(rng, 50, len(outputs)) + split_weight(rng, 30 if has_sat else 40, len(effects))
    if has_sat:
        sat = (vocab.SAT_LEVEL2, rng.choice(vocab.SAT_NAMES), "sat", "%")
        inds.append(new_indicator(rng, "满意度指标", sat, budget, stem))
        weights.append(10)
    for ind, w in zip(inds, weights):
        ind["weight"], ind["score"] = w, float(w)
    return inds
