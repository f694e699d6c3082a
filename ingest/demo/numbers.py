"""Number formatting as forms print it, and the official bands."""


def fmt(value: float, places: int = 2) -> str:
    """A number without trailing zeros: 96.0 → 96, 109.620 → 109.62."""
    text = f"{round(value, places):.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def grade_of(score: float) -> str:
    """优 ≥ 90, 良 80–<90, 中 60–<80, 差 < 60."""
    return "优" if score >= 90 else "良" if score >= 80 else "中" if score >= 60 else "差"


def exec_points(rate: float, weight: float = 10.0) -> float:
    """min(rate, 100%) × weight, to two decimals."""
    return round(min(rate, 100.0) / 100.0 * weight, 2)


def split_weight(rng, total: int, parts: int) -> list[int]:
    """Integer weights of at least 5 that add up to total."""
    weights = [5] * parts
    for _ in range(total - 5 * parts):
        weights[rng.randrange(parts)] += 1
    return weights
