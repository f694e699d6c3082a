"""Load report files into DuckDB: one transaction per file, errors recorded, re-filings kept as history.

Every loading path — `python -m ingest load`, the dashboard's import page and the first-run build —
goes through `load_files`, so they skip, supersede, record errors and upgrade the database alike.
"""
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Union

from tqdm import tqdm

from ingest import db, incremental, marts, sql_catalog, write_lock
from ingest.errors import IngestError
from ingest.extract import Unreadable, sha256_of, walk
from ingest.model import SCALAR_FIELDS, Report
from ingest.readers import Rendered, file_bytes
from ingest.readers.base import page_progress
from ingest.worker import parse_isolated

REPORT_COLUMNS = ["report_id", "sha256", "is_current", "superseded_by"] + [
    f for f in SCALAR_FIELDS] + ["n_indicators", "n_warnings", "loaded_at", "part", "completeness"]
INDICATOR_COLUMNS = ["level1", "level2", "name", "target", "actual", "weight", "score", "deviation_reason",
                     "target_cmp", "target_num", "target_unit", "actual_cmp", "actual_num", "actual_unit",
                     "name_repaired", "is_placeholder", "line", "loc", "confidence"]
FUND_COLUMNS = ["row_label", "budget_initial", "budget_full_year", "executed", "execution_rate", "weight",
                "score", "raw", "line"]
PROVENANCE_COLUMNS = ["field", "origin", "value", "raw", "line", "loc", "confidence"]

Source = Union[Path, tuple[str, bytes], Unreadable]   # a file on disk, an upload's name and bytes, or a path
                                                      # the walk could not follow (listed with its reason)
Progress = Callable[[int, int, str], None]       # (steps done, steps in all, what was done)


@dataclass
class FileResult:
    """What became of one file."""

    name: str
    status: str                                  # loaded | skipped | failed
    format: str | None = None
    report_ids: list[str] = field(default_factory=list)
    replaced: int = 0                            # earlier filings this file superseded
    reason: str | None = None                    # Chinese reason of a failure


@dataclass
class LoadSummary:
    """Per-file results of one batch, with the counts the CLI and the import page print."""

    results: list[FileResult] = field(default_factory=list)
    refresh: incremental.Refresh | None = None   # how the marts were brought up to date after the batch

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    loaded = property(lambda self: self.count("loaded"))
    skipped = property(lambda self: self.count("skipped"))
    failed = property(lambda self: self.count("failed"))
    reports = property(lambda self: sum(len(r.report_ids) for r in self.results))
    replaced = property(lambda self: sum(r.replaced for r in self.results))
    by_format = property(lambda self: Counter(r.format for r in self.results if r.status == "loaded"))
    errors = property(lambda self: [(r.name, r.reason) for r in self.results if r.status == "failed"])

    def headline(self) -> str:
        """One Chinese sentence: files loaded (reports), skipped, failed, re-filings replaced."""
        return (f"载入 {self.loaded} 个文件（{self.reports} 份报告），跳过（已存在）{self.skipped} 个，"
                f"失败 {self.failed} 个，替换旧版 {self.replaced} 份")

    def describe(self) -> str:
        """The closing summary in Chinese and English."""
        formats = "，".join(f"{k} {v}" for k, v in sorted(self.by_format.items())) or "无"
        lines = [f"{self.headline()}；按格式：{formats}",
                 f"loaded {self.loaded} files ({self.reports} reports), skipped {self.skipped}, "
                 f"failed {self.failed}, replaced {self.replaced}"]
        lines += [f"  失败 {name}: {reason}" for name, reason in self.errors]
        return "\n".join(lines)


def report_id_of(sha256: str, part: int = 0) -> str:
    """Stable id of a report: 16 hex digits of its file's hash, then -2, -3 … for later reports of the file."""
    return sha256[:16] if part == 0 else f"{sha256[:16]}-{part + 1}"


def load_paths(paths: list[Path], db_path: str | Path, is_synthetic: bool = False,
               progress: bool | Progress = True) -> LoadSummary:
    """Load every file under the paths (folders walked)."""
    return load_files(walk(paths), db_path, is_synthetic, progress)


def load_files(sources: list[Source], db_path: str | Path, is_synthetic: bool = False,
               progress: bool | Progress = True) -> LoadSummary:
    """The one loading path: upgrade the database, load each file in its own transaction, refresh the marts.

    `progress` is True for a terminal bar, False for none, or a function told of each step. One writer at
    a time holds the database (a second loader waits); the file is reopened every few seconds so the
    dashboard can read between files.
    """
    summary, tell = LoadSummary(), reporter(progress, len(sources) + 1)
    waiting = waiting_teller(progress, tell, len(sources) + 1)
    with write_lock.writer(db_path, on_wait=waiting), Session(db_path, waiting) as session:
        write_lock.clean_leftovers(db_path)
        db.apply_schema(session.con)
        ensure_views(session.con)
        set_batch_state(session.con, "running")
        for n, source in enumerate(sources):
            pages = page_progress.set(page_teller(tell, n, len(sources) + 1, source_name(source)))
            try:
                summary.results.append(load_one(session.fresh(), source, is_synthetic))
            finally:
                page_progress.reset(pages)
            tell(n + 1, len(sources) + 1, f"已处理 {summary.results[-1].name}")
        summary.refresh = refresh(session.con)
        set_batch_state(session.con, "done")
        tell(len(sources) + 1, len(sources) + 1, "已刷新汇总表")
        session.con.execute("checkpoint")
    return summary


def set_batch_state(con, value: str) -> None:
    """`running` from the first file to the refreshed marts, then `done`."""
    con.execute("insert or replace into ingest_state values ('batch', ?, ?)", [value, datetime.now()])


def finish_interrupted_batch(db_path) -> bool:
    """Refresh the marts of a batch that was killed before its refresh; True when one was finished."""
    if str(db_path) == ":memory:" or not Path(db_path).exists():
        return False
    with write_lock.writer(db_path, wait=0), Session(db_path, None) as session:
        write_lock.clean_leftovers(db_path)
        db.apply_schema(session.con)
        missing = missing_from_catalog(session.con)
        if missing:
            # a database built by an older version lacks views or marts this code reads, and the pages would
            # fail on them: every view is recreated, and the missing marts are built from the data as it is
            built = frozenset(f.path for f in sql_catalog.build_order()
                              if f.materialized == "table" and f.name not in missing)
            db.apply_views(session.con, skip=built)
        state = session.con.execute("select value from ingest_state where name = 'batch'").fetchone()
        if not state or state[0] != "running":
            return False
        ensure_views(session.con)
        refresh(session.con)
        set_batch_state(session.con, "done")
        return True


class Session:
    """A read-write connection for a batch, closed and reopened between files every few seconds."""

    REOPEN_AFTER = 2.0    # seconds a batch may hold the file before letting readers in

    def __init__(self, db_path, on_wait):
        self.db_path, self.on_wait = db_path, on_wait
        self.con, self.opened = None, 0.0

    def __enter__(self):
        self._open()
        return self

    def __exit__(self, *exc):
        if self.con is not None:
            self.con.close()
            self.con = None

    def _open(self) -> None:
        self.con = write_lock.open_for_write(self.db_path, on_wait=self.on_wait)
        self.opened = time.monotonic()

    def fresh(self):
        """The connection, reopened if it has been held long enough for a reader to be waiting."""
        if str(self.db_path) != ":memory:" and time.monotonic() - self.opened > self.REOPEN_AFTER:
            self.con.close()
            self._open()
        return self.con


def waiting_teller(progress: bool | Progress, tell: Progress, steps: int):
    """Tell the user why the batch has not started yet: on the progress line, or printed above the bar."""
    def on_wait(message: str) -> None:
        if callable(progress):
            tell(0, steps, message)
        elif progress:
            tqdm.write(message)
    return on_wait


def page_teller(tell: Progress, step: int, steps: int, name: str):
    """Progress within one file read by OCR: the step advances page by page."""
    def on_page(done: int, pages: int) -> None:
        tell(step + done / (pages + 1), steps, f"正在识别 {name}：第 {done}/{pages} 页")
    return on_page


def reporter(progress: bool | Progress, total: int) -> Progress:
    """The caller's progress function, or a tqdm bar (silent when progress is False)."""
    if callable(progress):
        return progress
    bar = tqdm(total=total, desc="载入报告", unit="步", disable=not progress)

    def tell(done: int, steps: int, text: str) -> None:
        bar.update(done - bar.n)
        if done >= steps:
            bar.close()
    return tell


def missing_from_catalog(con) -> set[str]:
    """The views and marts of queries/ that the database does not have."""
    have = {n for n, in con.execute("select view_name from duckdb_views() where not internal "
                                    "union all select table_name from duckdb_tables()").fetchall()}
    return {f.name for f in sql_catalog.build_order() if f.materialized != "macro"} - have


def ensure_views(con) -> None:
    """Bring the views of queries/ up to date; build the materialised marts only where missing.

    Rebuilding the marts here and again after the batch would do the heavy work twice.
    """
    marts.drop_stale_views(con)
    marts.write_settings(con)
    built = con.execute("select count(*) from duckdb_tables() where table_name = 'report_metrics'").fetchone()[0]
    if built and marts.stored_version(con) == marts.version():
        return   # the views were created from these very files when the marts were last brought up to date
    db.apply_views(con, skip=frozenset(marts.materialized_files()) if built else frozenset())


def refresh(con) -> incremental.Refresh:
    """Bring the materialised marts up to date after a batch (the plain views read live data): only what the
    batch touched when that is sound, else everything (ingest.incremental)."""
    return incremental.refresh(con)


def source_name(source: Source) -> str:
    """The path (or upload name) recorded for a file."""
    return str(source) if isinstance(source, (Path, Unreadable)) else source[0]


def source_bytes(source: Source) -> bytes:
    """A file's bytes; an oversized file on disk is refused before it is read into memory.

    A path the walk could not follow, a named pipe or an unreadable file is refused with its reason.
    """
    if isinstance(source, Unreadable):
        raise source.error
    return file_bytes(source) if isinstance(source, Path) else source[1]


def parse_bytes(data: bytes, name: str) -> tuple[list[Report], Rendered]:
    """Every report of one file, parsed in a worker process within the memory and time limits.

    Any failure, a parser bug or a file that exhausts the worker included, is an IngestError with a
    bilingual reason; the batch (or the dashboard's server) goes on.
    """
    return parse_isolated(data, name)


def load_one(con, source: Source, is_synthetic: bool = False) -> FileResult:
    """Read, parse and insert one file in its own transaction; a failure is recorded, never raised."""
    name, sha = source_name(source), None
    try:
        data = source_bytes(source)
        sha = sha256_of(data)
        if con.execute("select 1 from sources where sha256 = ?", [sha]).fetchone():
            return FileResult(name, "skipped")
        reports, rendered = parse_bytes(data, name)
    except IngestError as err:
        return record_error(con, name, sha, err)
    try:
        ids, replaced = insert_file(con, name, len(data), reports, rendered.text, is_synthetic)
    except Exception as exc:  # rolled back already; the batch goes on and the file is listed
        err = IngestError("db_error", f"写入数据库失败，已回滚（{type(exc).__name__}）", repr(exc)[:200])
        return record_error(con, name, sha, err)
    return FileResult(name, "loaded", reports[0].format, ids, replaced)


def record_error(con, name: str, sha: str | None, err: IngestError) -> FileResult:
    """Remember a failed file with its bilingual reason."""
    con.execute("insert into ingest_errors values (?, ?, ?, ?, ?, ?, ?)",
                [sha, name, Path(name).suffix.lower().lstrip("."), err.code, err.zh, err.en, datetime.now()])
    return FileResult(name, "failed", reason=err.zh)


def insert_file(con, name: str, size: int, reports: list[Report], text: str,
                is_synthetic: bool) -> tuple[list[str], int]:
    """The source row and every report of one file, or none of them; returns the ids and re-filings replaced."""
    first, now = reports[0], datetime.now()
    ids = [report_id_of(first.sha256, n) for n in range(len(reports))]
    con.execute("begin transaction")
    try:
        con.execute("insert into sources values (?, ?, ?, ?, ?, ?, 'loaded', ?, ?, ?)",
                    [first.sha256, name, Path(name).name, first.format, size, now, is_synthetic, first.layout, text])
        for report, rid in zip(reports, ids):
            insert_children(con, rid, report, now)
        keys = {refiling_key(r) for r in reports} - {None}
        replaced = sum(settle_refilings(con, key) for key in keys)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return ids, replaced


def refiling_key(report: Report) -> tuple | None:
    """Unit, project and year: a later report with the same key is a re-filing of the same evaluation."""
    key = (report.get("implementing_unit"), report.get("project_name"), report.get("year"))
    return None if any(k is None for k in key) else key


REFILINGS_SQL = """
    select r.report_id, r.sha256, r.is_current,
           -- the latest filing wins whatever the order of loading: filing date, then load time
           max(coalesce(r.filed_date, date '1900-01-01')) over per_file as filed,
           max(r.loaded_at) over per_file as loaded
    from reports as r
    where r.implementing_unit = ? and r.project_name = ? and r.year = ?
    window per_file as (partition by r.sha256)
    order by filed desc, loaded desc, r.sha256 desc
"""


def settle_refilings(con, key: tuple) -> int:
    """Keep current only the reports of the latest-filed file for this key; returns how many stopped being current."""
    rows = con.execute(REFILINGS_SQL, list(key)).fetchall()
    if len({sha for _, sha, *_ in rows}) < 2:
        return 0
    latest_sha = rows[0][1]
    winner = next(rid for rid, sha, *_ in rows if sha == latest_sha)
    replaced = 0
    for rid, sha, is_current, *_ in rows:
        keep = sha == latest_sha
        if is_current and not keep:
            replaced += 1
        con.execute("update reports set is_current = ?, superseded_by = ? where report_id = ?",
                    [keep, None if keep else winner, rid])
    for sha in {sha for _, sha, *_ in rows}:
        # a file is superseded once none of its reports is current (a file may hold several)
        con.execute("update sources set status = case when exists (select 1 from reports where sha256 = ? and is_current) "
                    "then 'loaded' else 'superseded' end where sha256 = ?", [sha, sha])
    return replaced


def insert_children(con, rid: str, report: Report, now: datetime) -> None:
    """The report row and its funds, indicators, narratives, provenance and warnings."""
    counted = report.counted_indicators()
    values = [rid, report.sha256, True, None] + [report.get(f) for f in SCALAR_FIELDS] + [
        len(counted), len(report.warnings), now, report.part,
        json.dumps(report.completeness, ensure_ascii=False, default=str)]
    con.execute(f"insert into reports ({', '.join(REPORT_COLUMNS)}) values ({', '.join('?' * len(values))})", values)
    rows = [[rid, n] + [getattr(f, c) for c in FUND_COLUMNS] for n, f in enumerate(report.funds)]
    _many(con, "funds", ["report_id", "row_no"] + FUND_COLUMNS, rows)
    rows = [[rid, n] + [getattr(i, c) for c in INDICATOR_COLUMNS] for n, i in enumerate(report.indicators)]
    _many(con, "indicators", ["report_id", "seq"] + INDICATOR_COLUMNS, rows)
    rows = [[rid, name, text, line] for name, (text, line) in report.narratives.items()]
    _many(con, "narratives", ["report_id", "section", "text", "line"], rows)
    rows = [[rid] + [str(p.value) if c == "value" else getattr(p, c) for c in PROVENANCE_COLUMNS]
            for p in report.provenance]
    _many(con, "provenance", ["report_id"] + PROVENANCE_COLUMNS, rows)
    _many(con, "warnings", ["report_id", "message"], [[rid, w] for w in report.warnings])
    rows = [[rid, n, s.line, s.total, s.unit, s.parts_sum, json.dumps(s.parts, ensure_ascii=False), s.text]
            for n, s in enumerate(report.part_sums)]
    _many(con, "part_sums", ["report_id", "seq", "line", "total", "unit", "parts_sum", "parts", "text"], rows)


def _many(con, table: str, columns: list[str], rows: list[list]) -> None:
    if rows:
        con.executemany(f"insert into {table} ({', '.join(columns)}) values ({', '.join('?' * len(columns))})", rows)
