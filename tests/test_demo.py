"""The demo generator: same seed same bytes, every format parses back to its truth, planted rules fire."""
import json

import duckdb
import pytest

from ingest.demo.corpus import FORMATS, generate
from ingest.extract import extract_file
from ingest.loader import load_paths

KEY_FIELDS = ["project_name", "implementing_unit", "supervising_department", "province", "city", "county",
              "year", "budget_initial", "budget_full_year", "executed", "execution_rate", "exec_score",
              "self_score", "grade", "filed_date", "project_end_date", "n_indicators"]
PEER_RULES = {"D1", "D2", "D3"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Forty reports, the five formats in turn."""
    out = tmp_path_factory.mktemp("demo")
    records = generate(out, 40, seed=11, formats=list(FORMATS))
    return out, records


def test_same_seed_same_bytes(tmp_path):
    """Two runs with one seed write identical files; another seed does not."""
    files = {}
    for run, seed in (("a", 5), ("b", 5), ("c", 6)):
        generate(tmp_path / run, 10, seed=seed, formats=list(FORMATS))
        files[run] = {p.name: p.read_bytes() for p in sorted((tmp_path / run).iterdir())}
    assert files["a"] == files["b"]
    assert files["a"] != files["c"]
    assert {name.rsplit(".", 1)[1] for name in files["a"]} == {"docx", "xlsx", "pdf", "txt", "jsonl"}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_format_parses_back_to_truth(corpus, fmt):
    """The first file of each format extracts to its true key fields."""
    out, records = corpus
    rec = next(r for r in records if r["format"] == fmt)
    got = extract_file(out / rec["file"])[0].to_json()
    wrong = {k: (rec["fields"][k], got[k]) for k in KEY_FIELDS if got[k] != rec["fields"][k]}
    assert not wrong, f"{rec['file']}: {wrong}"


def test_truth_lines(corpus):
    """truth.jsonl has one record per file with fields, rules and what was planted."""
    out, records = corpus
    lines = [json.loads(ln) for ln in (out / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [ln["file"] for ln in lines] == [r["file"] for r in records]
    assert all((out / ln["file"]).exists() and set(ln["planted"]) <= set(ln["rules"]) | {"C2", "C3"} for ln in lines)
    assert sum(bool(ln["planted"]) for ln in lines) >= 10


def test_small_corpus_loads_and_planted_rules_fire(corpus, tmp_path):
    """Loaded as synthetic, the rules truth expects fire (peer rules need a bigger corpus)."""
    out, records = corpus
    db_path = tmp_path / "demo.duckdb"
    summary = load_paths([out], db_path, is_synthetic=True, progress=False)
    assert summary.loaded == len(records) and summary.failed == 0
    con = duckdb.connect(str(db_path), read_only=True)
    assert con.execute("select bool_and(is_synthetic) from sources").fetchone()[0]
    fired = set(con.execute("select s.file_name, f.rule_id from flags f join reports r using (report_id) "
                            "join sources s using (sha256)").fetchall())
    con.close()
    wanted = {(r["file"], rule) for r in records for rule in r["rules"] if rule not in PEER_RULES}
    assert len(wanted) >= 30
    assert len(wanted & fired) / len(wanted) >= 0.95, sorted(wanted - fired)


def test_default_build_reports_each_step(tmp_path):
    """The default build tells a progress bar about the real reports and every demo batch."""
    from ingest.default_db import BATCHES, build_default

    steps = []
    build_default(tmp_path / "d.duckdb", reports=24, progress=False, demo_dir=tmp_path / "demo",
                  on_step=lambda done, total, text: steps.append((done, total)))
    assert steps[0] == (1, 1 + BATCHES) and steps[-1] == (1 + BATCHES, 1 + BATCHES)
    assert [d for d, _ in steps] == list(range(1, 2 + BATCHES))


NEW_RULES = ["A10", "A11", "B10", "B11", "B12", "B13", "B14", "B15", "C4", "C5"]


@pytest.fixture(scope="module")
def drawn():
    """Six hundred reports drawn in memory (no files)."""
    from ingest.demo.corpus import build_reports

    return build_reports(600, seed=3)


def test_new_rules_are_planted_and_true(drawn):
    """Each rule the catalog added is planted, and what was planted is what truth expects."""
    planted = {p for r in drawn for p in r["planted"]}
    assert set(NEW_RULES) <= planted
    undone = [(i, p) for i, r in enumerate(drawn) for p in r["planted"] if p not in r["rules"] + ["C2", "C3"]]
    assert len(undone) <= len(drawn) * 0.02, undone


def test_clean_reports_stay_clear_of_new_rules(drawn):
    """A report with nothing planted, from a city that does not game its scores, breaks none of the added
    rules: low execution and changed budgets are explained, points follow the money."""
    clean = [r for r in drawn if not r["planted"] and r["unit"]["pattern"] == "normal"]
    assert len(clean) >= 100
    assert not [(r["project_name"], set(r["rules"]) & set(NEW_RULES)) for r in clean if set(r["rules"]) & set(NEW_RULES)]


def test_clean_reports_come_close(drawn):
    """Precision is measured too: clean reports include low execution with a reason, changed budgets with
    a reason, split fund sources, listed components that add up, 基本完成 within its band."""
    clean = [r for r in drawn if not r["planted"]]
    assert sum(bool(r["narrative"]["exec_reason"]) for r in clean) >= 20
    assert sum(bool(r["narrative"]["adjust_reason"]) for r in clean) >= 20
    assert sum(r["funds"]["shares"] != (1.0, 0.0, 0.0) for r in clean) >= 50
    assert sum(bool(r["narrative"]["budget_parts"] or r["narrative"]["score_parts"]) for r in clean) >= 50
