"""One file (on disk or as bytes) → its normalized Reports."""
import hashlib
import os
from pathlib import Path

from ingest.model import Report
from ingest.parse import rendered_to_reports
from ingest.readers import file_bytes, read_bytes
from ingest.readers.base import Rendered


def extract_reports(path: str | os.PathLike) -> tuple[list[Report], Rendered]:
    """Read, render and parse one file into its reports; raises IngestError with a bilingual reason."""
    return bytes_to_reports(file_bytes(path), str(path))


def bytes_to_reports(data: bytes, name: str) -> tuple[list[Report], Rendered]:
    """Render and parse a file's bytes; `name` gives the extension and each report's `file`."""
    rendered = read_bytes(data, name)
    return rendered_to_reports(rendered, name, sha256_of(data)), rendered


def sha256_of(data: bytes) -> str:
    """The content hash that identifies a file."""
    return hashlib.sha256(data).hexdigest()


def extract_file(path: str | os.PathLike) -> tuple[Report, Rendered]:
    """The first (usually only) report of a file, with the rendered document."""
    reports, rendered = extract_reports(path)
    return reports[0], rendered


def walk(paths: list[str | os.PathLike]) -> list[Path]:
    """Files under the given paths (folders walked, sorted), skipping hidden and label files."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and _is_candidate(f)))
        else:
            out.append(p)
    return out


def _is_candidate(path: Path) -> bool:
    """A file that may hold a report (README, labels and truth files are not)."""
    if path.name.startswith(".") or path.suffix.lower() in (".jsonl", ".json", ".duckdb", ".wal"):
        return False
    return path.name.lower() not in ("readme.md",)
