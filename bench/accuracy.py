"""Field accuracy of a read document against the values its text version extracts.

Shared by the scan tests (tests/test_scans.py), their fixture build (tests/fixtures/scans/build.py)
and the OCR benchmark (bench/ocr.py). Expected values are a dict {"fields": {...}, "indicators": [...]}:
the scalar fields the text version reads as non-null, and each indicator's name, target, actual,
weight and score.
"""
import unicodedata
from dataclasses import dataclass, field

FIELDS = ("project_name", "implementing_unit", "supervising_department", "year", "budget_initial",
          "budget_full_year", "executed", "execution_rate", "exec_weight", "exec_score", "self_score",
          "grade", "n_indicators", "all_indicators_full_marks")
INDICATOR_KEYS = ("name", "target", "actual", "weight", "score")
# An indicator counts as read right when these agree (targets and actuals are free text, checked by name).
INDICATOR_MATCH = ("name", "weight", "score")
NUMBER_TOLERANCE = 0.01


@dataclass
class Score:
    """How many expected values a report got right, and what it read instead for the others."""

    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0


def expected_values(report: dict) -> dict:
    """The expected-values dict of a report's JSON (Report.to_json()) as the text version reads it."""
    fields = {name: report[name] for name in FIELDS if report.get(name) is not None}
    indicators = [{k: ind.get(k) for k in INDICATOR_KEYS} for ind in report["indicators"]]
    return {"fields": fields, "indicators": indicators}


def fold(value):
    """Strings NFKC-normalized without whitespace; numbers as floats; anything else as it is."""
    if isinstance(value, str):
        return "".join(unicodedata.normalize("NFKC", value).split())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return value


def same(want, got) -> bool:
    """Equal after folding, numbers within NUMBER_TOLERANCE."""
    want, got = fold(want), fold(got)
    if isinstance(want, float) and isinstance(got, float):
        return abs(want - got) <= NUMBER_TOLERANCE
    return type(want) is type(got) and want == got


def total_of(expected: dict) -> int:
    """How many values an expected-values dict holds."""
    return len(expected["fields"]) + len(expected["indicators"])


def score_report(expected: dict, report: dict) -> Score:
    """Expected fields and indicators compared with one report's JSON."""
    score = Score(total=total_of(expected))
    for name, want in expected["fields"].items():
        if same(want, report.get(name)):
            score.right += 1
        else:
            score.misses.append(f"{name}: got {report.get(name)!r}, expected {want!r}")
    unused = list(report["indicators"])
    for want in expected["indicators"]:
        hit = next((got for got in unused if all(same(want[k], got.get(k)) for k in INDICATOR_MATCH)), None)
        if hit is None:
            score.misses.append(f"indicator {describe(want)}: not read; rows read: {closest(want, unused)}")
        else:
            score.right += 1
            unused.remove(hit)
    return score


def describe(indicator: dict) -> str:
    """An indicator as (name, weight, score)."""
    return repr(tuple(indicator.get(k) for k in INDICATOR_MATCH))


def closest(want: dict, rows: list[dict]) -> str:
    """The read rows most like an expected indicator (same weight and score, or same name), for a miss."""
    near = [r for r in rows if same(want["name"], r.get("name"))
            or (same(want["weight"], r.get("weight")) and same(want["score"], r.get("score")))]
    return ", ".join(describe(r) for r in near[:2]) or "none alike"


def best_score(expected: dict, reports: list[dict]) -> Score:
    """The score of the report of a file that matches best (first among equals)."""
    scores = [score_report(expected, report) for report in reports]
    return max(scores, key=lambda s: s.right) if scores else Score(total=total_of(expected), misses=["no report read"])
