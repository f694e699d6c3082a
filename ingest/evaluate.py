"""Score extraction against hand labels (labels.jsonl): accuracy per field and overall."""
import json
import unicodedata
from collections import defaultdict
from pathlib import Path

from ingest.errors import IngestError
from ingest.extract import extract_file

SKIPPED_KEYS = {"file", "source_url", "notes"}
NUMBER_TOLERANCE = 0.01


def same(expected, got) -> bool:
    """Equality after the labelling conventions: numbers within 0.01, names NFKC-folded."""
    if isinstance(expected, bool) or isinstance(got, bool):
        return expected is got
    if isinstance(expected, (int, float)):
        return isinstance(got, (int, float)) and abs(expected - got) <= NUMBER_TOLERANCE
    return fold(str(expected)) == fold(str(got)) if got is not None else False


def fold(text: str) -> str:
    """NFKC and no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def evaluate(labels_path: Path, raw_dir: Path) -> dict:
    """Per-field hits and totals, plus every miss."""
    hits, totals, misses = defaultdict(int), defaultdict(int), []
    for line in labels_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        label = json.loads(line)
        got = _extract(raw_dir / label["file"])
        for field, expected in label.items():
            if field in SKIPPED_KEYS or expected is None:
                continue
            totals[field] += 1
            if same(expected, got.get(field)):
                hits[field] += 1
            else:
                misses.append((label["file"], field, expected, got.get(field)))
    return {"hits": dict(hits), "totals": dict(totals), "misses": misses}


def _extract(path: Path) -> dict:
    try:
        report, _ = extract_file(path)
    except IngestError:
        return {}
    return report.to_json()


def format_result(result: dict, verbose: bool) -> str:
    """A table of accuracy per field, the overall figure, and misses when asked."""
    lines = [f"{'field':<28}{'right':>7}{'of':>5}{'accuracy':>10}"]
    for field in sorted(result["totals"], key=lambda f: -result["totals"][f]):
        hit, total = result["hits"].get(field, 0), result["totals"][field]
        lines.append(f"{field:<28}{hit:>7}{total:>5}{hit / total:>10.1%}")
    hit, total = sum(result["hits"].values()), sum(result["totals"].values())
    lines.append(f"{'overall':<28}{hit:>7}{total:>5}{(hit / total if total else 0):>10.1%}")
    if verbose:
        lines += [f"  miss {f} {k}: expected {e!r} got {g!r}" for f, k, e, g in result["misses"]]
    return "\n".join(lines)
