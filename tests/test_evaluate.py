"""Field accuracy on the real labelled samples, scored the way unseen reports are scored."""
from pathlib import Path

from ingest.evaluate import evaluate, same

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "raw" / "samples"
REQUIRED_ACCURACY = 0.95


def test_sample_accuracy_meets_the_bar():
    result = evaluate(SAMPLES / "labels.jsonl", SAMPLES / "raw")
    hits, total = sum(result["hits"].values()), sum(result["totals"].values())
    assert total == 143
    assert hits / total >= REQUIRED_ACCURACY, result["misses"]


def test_comparison_rules():
    assert same(99.65, 99.655) and not same(99.65, 99.67)
    assert same("楚雄彝族自治州", "楚雄彝族自治州 ") and same("（二期）", "(二期)")
    assert same(True, True) and not same(True, 1) and not same("x", None)
