"""The SQL files of queries/: their header declarations and the order their dependencies impose.

Every view file starts with comment lines; `-- key: value` lines among them declare what the file is
(`materialized: table|view`, and for rules their registry entry). The build order is not the folder's
name order but a topological order of the names each file reads, folder order breaking ties.
"""
import heapq
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"
VIEW_FOLDERS = ("staging", "intermediate", "rules", "marts")
HEADER_LINE = re.compile(r"^--\s*([a-z_]+):\s*(.*?)\s*$")
CREATES = re.compile(r"^\s*create\s+or\s+replace\s+(table|view|macro)\s+(\w+)", re.IGNORECASE | re.MULTILINE)
IDENTIFIER = re.compile(r"\b[a-z_][a-z0-9_]*\b")


class SqlFileError(ValueError):
    """A file of queries/ whose header does not say what the file creates."""


@dataclass(frozen=True)
class SqlFile:
    path: Path
    folder: str
    header: dict
    materialized: str          # 'table', 'view' or 'macro', as declared
    reads: frozenset = field(default_factory=frozenset)

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")


def read_header(text: str) -> dict:
    """The `-- key: value` declarations of the leading comment block."""
    header = {}
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        match = HEADER_LINE.match(line)
        if match:
            header[match.group(1)] = match.group(2)
    return header


def parse_file(path: Path, folder: str) -> SqlFile:
    """Read one file's header and check it against the statement it holds."""
    text = path.read_text(encoding="utf-8")
    header = read_header(text)
    declared = header.get("materialized", "").split(" ")[0]
    created = CREATES.search(text)
    if declared not in ("table", "view", "macro"):
        raise SqlFileError(f"{path.name}: 文件头缺少 `-- materialized: table|view|macro` 声明")
    if not created or created.group(1).lower() != declared or created.group(2) != path.stem:
        raise SqlFileError(f"{path.name}: 文件头声明为 {declared}，但语句创建的不是同名的 {declared}")
    body = re.sub(r"--[^\n]*", " ", text[created.end():])
    return SqlFile(path, folder, header, declared, frozenset(IDENTIFIER.findall(body.lower())))


@cache
def _files(mtimes: tuple) -> tuple:
    return tuple(parse_file(path, folder) for folder in VIEW_FOLDERS
                 for path in sorted((QUERIES_DIR / folder).glob("*.sql")))


def view_files() -> tuple:
    """Every file of the view folders, parsed (cached until a file changes)."""
    paths = [p for folder in VIEW_FOLDERS for p in sorted((QUERIES_DIR / folder).glob("*.sql"))]
    return _files(tuple((str(p), p.stat().st_mtime_ns) for p in paths))


def dependencies(files: tuple) -> dict:
    """Name → names of other files it reads; `depends: rules` reads every file of that folder."""
    names = {f.name for f in files}
    by_folder = {}
    for f in files:
        by_folder.setdefault(f.folder, set()).add(f.name)
    deps = {}
    for f in files:
        declared = {d.strip() for d in f.header.get("depends", "").split(",") if d.strip()}
        extra = set().union(*(by_folder.get(d, {d}) for d in declared)) if declared else set()
        deps[f.name] = ((f.reads & names) | (extra & names)) - {f.name}
    return deps


def build_order(files: tuple | None = None) -> list:
    """Files in dependency order; among files ready together, folder order then name order."""
    files = files if files is not None else view_files()
    deps = dependencies(files)
    rank = {f.name: (VIEW_FOLDERS.index(f.folder), f.name) for f in files}
    by_name = {f.name: f for f in files}
    waiting = {n: set(d) for n, d in deps.items()}
    ready = [rank[n] for n, d in waiting.items() if not d]
    heapq.heapify(ready)
    order = []
    while ready:
        _, name = heapq.heappop(ready)
        order.append(by_name[name])
        for other, d in waiting.items():
            if name in d:
                d.discard(name)
                if not d:
                    heapq.heappush(ready, rank[other])
    if len(order) != len(files):
        stuck = sorted(n for n, d in waiting.items() if d)
        raise SqlFileError(f"SQL 文件之间存在循环依赖：{', '.join(stuck)}")
    return order
