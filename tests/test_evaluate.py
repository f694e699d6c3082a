"""Field accuracy on the real labelled samples, scored the way unseen reports are scored."""
import json
from pathlib import Path

import pytest

from ingest.evaluate import evaluate, same
from ingest.text_blocks import text_to_blocks
from ingest.writers import write_docx, write_pdf, write_xlsx

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "raw" / "samples"
REQUIRED_ACCURACY = 0.95
WRITERS = {"docx": write_docx, "xlsx": write_xlsx, "pdf": write_pdf}


def test_sample_accuracy_meets_the_bar():
    result = evaluate(SAMPLES / "labels.jsonl", SAMPLES / "raw")
    hits, total = sum(result["hits"].values()), sum(result["totals"].values())
    assert total == 143
    assert hits / total >= REQUIRED_ACCURACY, result["misses"]


def test_comparison_rules():
    assert same(99.65, 99.655) and not same(99.65, 99.67)
    assert same("楚雄彝族自治州", "楚雄彝族自治州 ") and same("（二期）", "(二期)")
    assert same(True, True) and not same(True, 1) and not same("x", None)


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_samples_rewritten_as_office_files_keep_the_accuracy(fmt, tmp_path):
    """The same labelled reports, written as real Word, Excel and PDF files, score as well."""
    (tmp_path / "raw").mkdir()
    labels = []
    for line in (SAMPLES / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        text = (SAMPLES / "raw" / label["file"]).read_text(encoding="utf-8")
        label["file"] = f"{label['file']}.{fmt}"
        WRITERS[fmt](tmp_path / "raw" / label["file"], text_to_blocks(text))
        labels.append(json.dumps(label, ensure_ascii=False))
    (tmp_path / "labels.jsonl").write_text("\n".join(labels), encoding="utf-8")
    result = evaluate(tmp_path / "labels.jsonl", tmp_path / "raw")
    hits, total = sum(result["hits"].values()), sum(result["totals"].values())
    assert hits / total >= REQUIRED_ACCURACY, result["misses"]
