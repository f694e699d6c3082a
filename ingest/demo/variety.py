"""Clean reports that come close to the newer rules without breaking them, so precision is measured too:
partial achievement scored inside its band (B10), far above target with a reason (B11), and the budget
and score components listed in the narrative, adding up (A11)."""
from ingest.demo import vocab
from ingest.demo.indicators import set_ratio

PARTIAL_IN_BAND = 0.08
FAR_ABOVE_WITH_REASON = 0.06
BUDGET_PARTS = 0.35
SCORE_PARTS = 0.3
LEVELS = (("产出指标", "产出指标得分"), ("效益指标", "效益指标得分"), ("满意度指标", "满意度指标得分"))


def partial_in_band(rng, report: dict) -> None:
    """A qualitative indicator 基本完成 scored at 62–78% of its weight, with the reason given."""
    vague = [i for i in report["indicators"] if i["kind"] == "vague"]
    if not vague or rng.random() >= PARTIAL_IN_BAND:
        return
    ind = rng.choice(vague)
    ind["actual"] = rng.choice(vocab.PARTIAL_ACTUALS)
    ind["score"] = round(ind["weight"] * rng.uniform(0.62, 0.78), 1)
    ind["deviation_reason"] = rng.choice(vocab.PARTIAL_REASONS)


def far_above_with_reason(rng, report: dict) -> None:
    """A count target exceeded by 35–80%, the cause written in the deviation cell."""
    counts = [i for i in report["indicators"] if i["kind"] == "count" and i["score"] >= i["weight"]]
    if not counts or rng.random() >= FAR_ABOVE_WITH_REASON:
        return
    ind = rng.choice(counts)
    set_ratio(rng, ind, rng.uniform(1.35, 1.8))
    ind["deviation_reason"] = rng.choice(vocab.FAR_ABOVE_REASONS)


def vary_indicators(rng, report: dict) -> None:
    """The clean near-misses of B10 and B11."""
    partial_in_band(rng, report)
    far_above_with_reason(rng, report)


def split_parts(rng, total: float, n: int) -> list[float]:
    """n positive parts rounded to 0.01 that add up to total exactly."""
    weights = [rng.uniform(1, 3) for _ in range(n)]
    parts = [round(total * w / sum(weights), 2) for w in weights[1:]]
    return [round(total - sum(parts), 2), *parts]


def budget_parts(rng, report: dict, always: bool = False) -> list | None:
    """The budget by level of government (中央/省/市/县), adding up to the narrative's budget."""
    if not always and rng.random() >= BUDGET_PARTS:
        return None
    labels = sorted(rng.sample(vocab.BUDGET_PART_LABELS, rng.randint(2, 3)), key=vocab.BUDGET_PART_LABELS.index)
    return [[label, value, "万元"] for label, value in zip(labels, split_parts(rng, float(report["figures"]["budget"]), len(labels)))]


def score_parts(report: dict) -> list:
    """The self score by part: execution points and each 一级指标's scores, as the table gives them."""
    parts = [["预算执行得分", report["funds"]["exec_score"], "分"]]
    for level, label in LEVELS:
        scores = [i["score"] for i in report["indicators"] if i["level1"] == level]
        if scores:
            parts.append([label, round(sum(scores), 2), "分"])
    return parts


def draw_parts(rng, report: dict) -> None:
    """Components listed beside the budget and the score in some narratives."""
    n = report["narrative"]
    n["budget_parts"] = budget_parts(rng, report)
    n["score_parts"] = score_parts(report) if rng.random() < SCORE_PARTS else None
