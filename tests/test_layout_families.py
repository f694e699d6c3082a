"""The same report in every layout family extracts to the same values; odd layouts with golden files."""
import json
import re
from pathlib import Path

import pytest

from ingest.parse import rendered_to_report
from ingest.readers.base import Rendered
from ingest.text_blocks import text_to_blocks

ROOT = Path(__file__).resolve().parent.parent
SEEDS = {p.name[:3]: p for p in (ROOT / "data" / "raw" / "seeds").glob("*.txt")}
LAYOUTS = sorted((ROOT / "tests" / "fixtures" / "layouts").glob("*.txt"))
FIELDS = ["project_name", "implementing_unit", "year", "budget_initial", "budget_full_year", "executed",
          "execution_rate", "exec_weight", "exec_score", "self_score", "grade", "weight_total",
          "n_indicators", "all_indicators_full_marks"]


def parse_text(text: str) -> dict:
    return rendered_to_report(Rendered("text", text), "x", "").to_json()


def table_rows(text: str, joiner) -> list[str]:
    """The seed's paragraphs, and each table row rendered by `joiner`."""
    lines = []
    for block in text_to_blocks(text):
        lines += [block] if isinstance(block, str) else [joiner(row) for row in block]
    return lines


VARIANTS = {
    "tabs_removed": lambda t: t.replace("\t", ""),
    "tabs_and_blank_lines_removed": lambda t: re.sub(r"\n\s*\n", "\n", t.replace("\t", "")),
    "rows_with_spaces": lambda t: "\n".join(table_rows(t, lambda r: " ".join(c.replace("\n", "") for c in r if c.strip()))),
    "pipe_rows": lambda t: "\n".join(table_rows(t, lambda r: "| " + " | ".join(c.replace("\n", " ") for c in r) + " |")),
    "windows_line_ends": lambda t: t.replace("\n", "\r\n"),
}


@pytest.mark.parametrize("seed", ["001", "002"])
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_seed_in_other_layout_family(seed, variant):
    text = SEEDS[seed].read_text(encoding="utf-8")
    expected, got = parse_text(text), parse_text(VARIANTS[variant](text))
    assert {f: got[f] for f in FIELDS} == {f: expected[f] for f in FIELDS}


@pytest.mark.parametrize("seed", ["001", "002"])
def test_seed_flattened_to_one_line_keeps_its_figures(seed):
    text = SEEDS[seed].read_text(encoding="utf-8")
    one_line = " ".join(table_rows(text, lambda r: " ".join(c.replace("\n", "") for c in r if c.strip())))
    expected, got = parse_text(text), parse_text(one_line)
    numbers = [f for f in FIELDS if f not in ("project_name",)]
    assert {f: got[f] for f in numbers} == {f: expected[f] for f in numbers}


@pytest.mark.parametrize("path", LAYOUTS, ids=lambda p: p.stem)
def test_layout_fixture_matches_golden(path):
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    got = parse_text(path.read_text(encoding="utf-8"))
    assert {k: got[k] for k in expected} == expected
