"""The three real seeds extract to hand-checked values, in every format we can write them in."""
import json
from pathlib import Path

import pytest

from ingest.extract import extract_file
from ingest.text_blocks import text_to_blocks
from ingest.writers import write_docx, write_pdf, write_xlsx

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.expected.json"))
SEEDS = ROOT / "data" / "raw" / "seeds"
SCALARS = ["kind", "project_name", "implementing_unit", "supervising_department", "province", "city",
           "county", "adcode", "year", "budget_initial", "budget_full_year", "executed", "execution_rate",
           "exec_weight", "exec_score", "self_score", "grade", "weight_total", "filed_date",
           "project_end_date", "n_indicators", "all_indicators_full_marks"]
INDICATOR_KEYS = ["level1", "level2", "name", "target", "actual", "weight", "score", "deviation_reason",
                  "name_repaired"]
WRITERS = {"docx": write_docx, "xlsx": write_xlsx, "pdf": write_pdf}


def extracted(path: Path) -> dict:
    report, _ = extract_file(path)
    out = report.to_json()
    out["indicators"] = [{k: i[k] for k in INDICATOR_KEYS} for i in out["indicators"] if not i["is_placeholder"]]
    return out


@pytest.fixture(params=FIXTURES, ids=lambda p: p.name.split(".")[0])
def seed(request):
    expected = json.loads(request.param.read_text(encoding="utf-8"))
    return SEEDS / expected["source"], expected


def test_seed_matches_golden(seed):
    path, expected = seed
    got = extracted(path)
    assert {k: got[k] for k in SCALARS} == {k: expected[k] for k in SCALARS}
    assert got["indicators"] == expected["indicators"]


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_seed_written_as_office_file_extracts_the_same(seed, fmt, tmp_path):
    path, expected = seed
    target = tmp_path / f"{path.stem}.{fmt}"
    WRITERS[fmt](target, text_to_blocks(path.read_text(encoding="utf-8")))
    got = extracted(target)
    assert got["format"] == fmt
    assert {k: got[k] for k in SCALARS} == {k: expected[k] for k in SCALARS}
    assert got["indicators"] == expected["indicators"]


def test_domain_facts_of_the_seeds():
    """The figures DOMAIN.md §4 states, asserted directly (read off the documents by hand)."""
    shaoguan, ningbo, yiyang = (extracted(p) for p in sorted(SEEDS.glob("*.txt")))
    assert (shaoguan["budget_full_year"], shaoguan["executed"], shaoguan["self_score"]) == (200, 200, 96)
    assert shaoguan["n_indicators"] == 15 and shaoguan["grade"] == "优"
    assert all(i["target"] == "100%" and i["actual"].startswith("100%") for i in shaoguan["indicators"])
    assert (shaoguan["filed_date"], shaoguan["project_end_date"]) == ("2020-02-24", "2020-04-15")
    assert (ningbo["budget_initial"], ningbo["budget_full_year"], ningbo["executed"]) == (110, 110, 109.62)
    assert (ningbo["execution_rate"], ningbo["exec_score"], ningbo["self_score"]) == (99.65, 10, 98)
    lost = [i for i in ningbo["indicators"] if i["score"] < i["weight"]]
    assert len(lost) == 2 and all(i["deviation_reason"] is None for i in lost)
    assert any(i["target"] == "≤0.5小时" and i["actual"] == "100%" for i in ningbo["indicators"])
    assert (yiyang["budget_initial"], yiyang["budget_full_year"], yiyang["executed"]) == (89.8, 89.8, 89.8)
    assert yiyang["self_score"] == 100 and yiyang["all_indicators_full_marks"] is True
    assert all(i["name_repaired"] for i in yiyang["indicators"])
    savings = sorted(p["value"] for p in extract_file(sorted(SEEDS.glob("*.txt"))[2])[0].to_json()["provenance"]
                     if p["field"] == "savings")
    assert savings == [200.0, 600.0]
