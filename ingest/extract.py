"""One file (on disk or as bytes) → its normalized Reports."""
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import IngestError
from ingest.model import Report
from ingest.parse import rendered_to_reports
from ingest.readers import file_bytes, problems, read_bytes
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


@dataclass(eq=False)
class Unreadable:
    """A path the walk could not descend into or follow; the loader and `extract` list it with its reason."""

    path: Path
    error: IngestError

    def __str__(self) -> str:
        return str(self.path)


def walk(paths: list[str | os.PathLike]) -> list[Path | Unreadable]:
    """Files under the given paths (folders walked, sorted), skipping hidden and label files.

    Nothing else is dropped without a word: a folder that cannot be opened and a link that loops come
    back as Unreadable, and a named pipe or a broken link is listed for file_bytes to refuse by name.
    """
    out: list[Path | Unreadable] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(_walk_folder(p, frozenset()), key=lambda item: Path(str(item))))
        else:
            out.append(p)
    return out


def _walk_folder(folder: Path, above: frozenset) -> list[Path | Unreadable]:
    """Everything under one folder; `above` holds the folders on the way down, to catch link loops."""
    try:
        info = folder.stat()
        entries = list(os.scandir(folder))
    except OSError as exc:
        return [Unreadable(folder, problems.unreadable_folder(str(folder), exc))]
    here = (info.st_dev, info.st_ino)
    if here in above:
        return [Unreadable(folder, problems.symlink_loop(str(folder)))]
    out: list[Path | Unreadable] = []
    for entry in entries:
        path = Path(entry.path)
        try:
            is_folder = entry.is_dir()
        except OSError:          # a link to itself: is_dir follows it until the system gives up
            out.append(Unreadable(path, problems.symlink_loop(str(path))))
            continue
        if is_folder:
            out.extend(_walk_folder(path, above | {here}))
        elif _is_candidate(path):
            out.append(path)
    return out


def _is_candidate(path: Path) -> bool:
    """A file that may hold a report (README, labels and truth files are not)."""
    if path.name.startswith(".") or path.suffix.lower() in (".jsonl", ".json", ".duckdb", ".wal"):
        return False
    return path.name.lower() not in ("readme.md",)
