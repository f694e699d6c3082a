"""Field accuracy on the real labelled samples (in ../shared/samples), scored the way unseen reports are scored."""
import json
from pathlib import Path

import pytest

from ingest import evaluate as evaluation
from ingest.errors import IngestError
from ingest.evaluate import evaluate, format_result, labelled, sample_paths, same
from ingest.text_blocks import text_to_blocks
from ingest.writers import write_docx, write_pdf, write_xlsx

REQUIRED_ACCURACY = 0.95
FIRST_SAMPLES = 13          # 001–035: the samples the README's accuracy figure is measured on
FIRST_SAMPLES_VALUES = 143
WRITERS = {"docx": write_docx, "xlsx": write_xlsx, "pdf": write_pdf}


def labels_of(samples: Path) -> list[dict]:
    return [json.loads(line) for line in (samples / "labels.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


def first_samples(samples: Path) -> list[dict]:
    """The labels of the first 13 samples (file numbers below 100; 101–149 were added later)."""
    return [label for label in labels_of(samples) if int(Path(label["file"]).stem) < 100]


def write_labels(folder: Path, labels: list[dict]) -> Path:
    path = folder / "labels.jsonl"
    path.write_text("\n".join(json.dumps(label, ensure_ascii=False) for label in labels), encoding="utf-8")
    return path


def accuracy(result: dict) -> float:
    return sum(result["hits"].values()) / sum(result["totals"].values())


def test_first_samples_meet_the_bar(samples, tmp_path):
    labels = first_samples(samples)
    result = evaluate(write_labels(tmp_path, labels), samples / "raw")
    assert len(labels) == FIRST_SAMPLES and sum(result["totals"].values()) == FIRST_SAMPLES_VALUES
    assert accuracy(result) >= REQUIRED_ACCURACY, result["misses"]


def test_every_labelled_value_is_scored(samples):
    """All samples: a file that cannot be read still counts each of its labelled values as missed."""
    result = evaluate(samples / "labels.jsonl", samples / "raw")
    assert sum(result["totals"].values()) == sum(len(labelled(label)) for label in labels_of(samples))
    assert format_result(result, verbose=False).splitlines()[-1].startswith("overall")


def test_comparison_rules():
    assert same(99.65, 99.655) and not same(99.65, 99.67)
    assert same("楚雄彝族自治州", "楚雄彝族自治州 ") and same("（二期）", "(二期)")
    assert same(True, True) and not same(True, 1) and not same("x", None)


@pytest.mark.parametrize("reports,chosen", [
    ([{"year": 2021, "city": "宁波市"}, {"year": 2022, "city": "宁波市"}], 1),   # most labelled fields right
    ([{"year": 2022}, {"city": "宁波市"}], 0),                                   # a tie: the first report
    ([], None),                                                                  # nothing read
])
def test_a_file_is_scored_on_its_best_matching_report(reports, chosen):
    got = evaluation.best_match({"year": 2022, "city": "宁波市"}, reports)
    assert got == ({} if chosen is None else reports[chosen])


def test_missing_samples_are_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("EVAL_SAMPLES_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(IngestError, match="shared/samples"):
        sample_paths()


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_samples_rewritten_as_office_files_keep_the_accuracy(fmt, samples, tmp_path):
    """The same labelled reports, written as real Word, Excel and PDF files, score as well."""
    (tmp_path / "raw").mkdir()
    labels = first_samples(samples)
    for label in labels:
        text = (samples / "raw" / label["file"]).read_text(encoding="utf-8")
        label["file"] = f"{label['file']}.{fmt}"
        WRITERS[fmt](tmp_path / "raw" / label["file"], text_to_blocks(text))
    result = evaluate(write_labels(tmp_path, labels), tmp_path / "raw")
    assert accuracy(result) >= REQUIRED_ACCURACY, result["misses"]
