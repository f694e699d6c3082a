"""Score extraction against hand labels (labels.jsonl): accuracy per field and overall."""
import json
import unicodedata
from collections import defaultdict
from pathlib import Path

from ingest.errors import IngestError
from ingest.extract import extract_reports
from ingest.settings import samples_dir

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


def sample_paths(labels: str | None = None, raw: str | None = None) -> tuple[Path, Path]:
    """The labels file and report folder: as given, else the samples folder beside the repository."""
    labels_path = Path(labels) if labels else samples_dir() / "labels.jsonl"
    raw_dir = Path(raw) if raw else labels_path.parent / "raw"
    if not labels_path.is_file():
        raise IngestError("no_samples", f"找不到标注文件 {labels_path}（样本放在仓库旁的 ../shared/samples，不随仓库分发）",
                          f"labels not found at {labels_path} (the samples live in ../shared/samples, outside the repository)")
    return labels_path, raw_dir


def labelled(label: dict) -> dict:
    """The scored fields of one label: not bookkeeping, not null."""
    return {k: v for k, v in label.items() if k not in SKIPPED_KEYS and v is not None}


def evaluate(labels_path: Path, raw_dir: Path) -> dict:
    """Per-field hits and totals, plus every miss; each file is scored on its best-matching report."""
    hits, totals, misses = defaultdict(int), defaultdict(int), []
    for line in labels_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        label = json.loads(line)
        expected = labelled(label)
        got = best_match(expected, _extract(raw_dir / label["file"]))
        for field, value in expected.items():
            totals[field] += 1
            if same(value, got.get(field)):
                hits[field] += 1
            else:
                misses.append((label["file"], field, value, got.get(field)))
    return {"hits": dict(hits), "totals": dict(totals), "misses": misses}


def best_match(expected: dict, reports: list[dict]) -> dict:
    """The report matching most labelled fields (the first among equals); {} when there is none."""
    matches = [sum(same(v, got.get(k)) for k, v in expected.items()) for got in reports]
    return reports[matches.index(max(matches))] if reports else {}


def _extract(path: Path) -> list[dict]:
    """Every report of a file as JSON; none when it cannot be read."""
    try:
        reports, _ = extract_reports(path)
    except IngestError:
        return []
    return [report.to_json() for report in reports]


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
