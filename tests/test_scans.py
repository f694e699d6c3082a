"""Scanned and photographed forms read like their text versions (tests/fixtures/scans, made by its build.py).

OCR costs about two seconds a page, so each document is read once and shared by the tests below.
"""
import json
import re
from functools import cache
from pathlib import Path

import pytest

from bench.accuracy import best_score
from ingest.errors import IngestError
from ingest.extract import extract_reports
from tests.expected_pairs import documents

FOLDER = Path(__file__).resolve().parent / "fixtures" / "scans"
BLANK = FOLDER / "scan_blank.pdf"
# Share of expected values a document must read as its text version does, by how it was made.
MIN_ACCURACY = {"scan": 0.95, "photo": 0.90}
FORMAT_OF = {".pdf": "pdf_scan", ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".tif": "tiff", ".bmp": "bmp"}


@cache
def read(document: Path) -> list[dict]:
    """The JSON of every report read from a document (read once per session)."""
    reports, _ = extract_reports(document)
    return [report.to_json() for report in reports]


@pytest.mark.parametrize("document, expected", documents(FOLDER))
def test_scan_reads_like_its_text_version(document, expected):
    score = best_score(json.loads(expected.read_text(encoding="utf-8")), read(document))
    print(f"{document.name}: {score.right}/{score.total} = {score.accuracy:.3f}", *score.misses, sep="\n  ")
    assert score.accuracy >= MIN_ACCURACY[document.name.split("_")[0]], score.misses


@pytest.mark.parametrize("document, expected", documents(FOLDER))
def test_format_names_the_source(document, expected):
    assert {report["format"] for report in read(document)} == {FORMAT_OF[document.suffix]}


@pytest.mark.parametrize("document, expected", documents(FOLDER))
def test_ocr_confidence_reaches_provenance(document, expected):
    provenance = [p for report in read(document) for p in report["provenance"]]
    assert any(p["confidence"] < 1.0 or p["origin"] == "grid" for p in provenance)


def test_blank_scan_is_refused_with_a_clear_reason():
    with pytest.raises(IngestError) as refused:
        extract_reports(BLANK)
    assert "文字" in refused.value.zh
    assert refused.value.en.isascii() and re.search(r"[A-Za-z]{3,} [A-Za-z]{3,}", refused.value.en)
