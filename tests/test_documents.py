"""Documents shaped like real filings, each beside its hand-checked expected values."""
import json
from pathlib import Path

import pytest

from ingest.extract import extract_reports
from tests.expected_pairs import documents

FOLDER = Path(__file__).resolve().parent / "fixtures" / "documents"


def comparable(value):
    """Numbers compared to the hundredth; everything else as it is."""
    if isinstance(value, float):
        return pytest.approx(value, abs=0.005)
    return value


@pytest.mark.parametrize("document, expected", documents(FOLDER))
def test_document_extracts_as_expected(document, expected):
    wanted = json.loads(expected.read_text(encoding="utf-8"))["reports"]
    reports, _ = extract_reports(document)
    assert len(reports) == len(wanted)
    for report, want in zip(reports, wanted):
        got = report.to_json()
        scalars = {k: v for k, v in want.items() if k != "indicators"}
        assert {k: got[k] for k in scalars} == {k: comparable(v) for k, v in scalars.items()}
        got_indicators = [{k: ind[k] for k in row} for ind, row in zip(got["indicators"], want["indicators"])]
        assert len(got["indicators"]) == len(want["indicators"])
        assert got_indicators == [{k: comparable(v) for k, v in row.items()} for row in want["indicators"]]
