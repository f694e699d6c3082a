"""Number formatting as forms print it, and the official bands."""
from decimal import ROUND_HALF_UP, Decimal


def fmt(value: float, places: int = 2) -> str:
    """A number without trailing zeros: 96.0 → 96, 109.620 → 109.62."""
    text = f"{round(value, places):.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def grade_of(score: float) -> str:
    """优 ≥ 90, 良 80–<90, 中 60–<80, 差 < 60."""
    return "优" if score >= 90 else "良" if score >= 80 else "中" if score >= 60 else "差"


def exec_points(rate: float, weight: float = 10.0) -> float:
    """min(rate, 100%) × weight, rounded half up to two decimals as people (and SQL) round."""
    points = Decimal(repr(min(rate, 100.0) / 100.0 * weight))
    return float(points.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def split_weight(rng, total: int, parts: int) -> list[int]:
    """Integer weights of at least 5 that add up to total."""
    weights = [5] * parts
    for _ in range(total - 5 * parts):
        weights[rng.randrange(parts)] += 1
    return weights
