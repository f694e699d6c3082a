"""Load report files into DuckDB: one transaction per file, errors recorded, re-filings kept as history."""
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tqdm import tqdm

from ingest import db, marts
from ingest.errors import IngestError
from ingest.extract import walk
from ingest.model import SCALAR_FIELDS, Report
from ingest.parse import rendered_to_report
from ingest.readers import file_bytes, read_bytes

REPORT_COLUMNS = ["report_id", "sha256", "is_current", "superseded_by"] + [
    f for f in SCALAR_FIELDS] + ["n_indicators", "n_warnings", "loaded_at"]
INDICATOR_COLUMNS = ["level1", "level2", "name", "target", "actual", "weight", "score", "deviation_reason",
                     "target_cmp", "target_num", "target_unit", "actual_cmp", "actual_num", "actual_unit",
                     "name_repaired", "is_placeholder", "line", "loc"]
FUND_COLUMNS = ["row_label", "budget_initial", "budget_full_year", "executed", "execution_rate", "weight",
                "score", "raw", "line"]


@dataclass
class LoadSummary:
    loaded: int = 0
    skipped: int = 0
    failed: int = 0
    replaced: int = 0
    by_format: Counter = field(default_factory=Counter)
    errors: list[tuple[str, str]] = field(default_factory=list)

    def describe(self) -> str:
        """The closing summary in Chinese and English."""
        formats = "，".join(f"{k} {v}" for k, v in sorted(self.by_format.items())) or "无"
        lines = [f"载入 {self.loaded} 份，跳过（已存在）{self.skipped} 份，失败 {self.failed} 份，"
                 f"替换旧版 {self.replaced} 份；按格式：{formats}",
                 f"loaded {self.loaded}, skipped {self.skipped}, failed {self.failed}, replaced {self.replaced}"]
        lines += [f"  失败 {path}: {reason}" for path, reason in self.errors]
        return "\n".join(lines)


def report_id_of(sha256: str) -> str:
    """Stable id of a report: the first 16 hex digits of its file's hash."""
    return sha256[:16]


def load_paths(paths: list[Path], db_path: str | Path, is_synthetic: bool = False,
               progress: bool = True) -> LoadSummary:
    """Load every file under the paths; a failing file is recorded and the batch goes on."""
    con = db.connect(db_path)
    try:
        db.apply_schema(con)
        ensure_views(con)
        summary = LoadSummary()
        files = walk(paths)
        for path in tqdm(files, desc="载入报告", unit="份", disable=not progress):
            load_one(con, path, is_synthetic, summary)
        refresh(con)
        return summary
    finally:
        con.close()


def ensure_views(con) -> None:
    """Bring the views of queries/ up to date; build the materialised marts only where missing.

    Rebuilding the marts here and again after the batch would do the heavy work twice.
    """
    marts.drop_stale_views(con)
    marts.write_settings(con)
    built = con.execute("select count(*) from duckdb_tables() where table_name = 'report_metrics'").fetchone()[0]
    db.apply_views(con, skip=frozenset(marts.materialized_files()) if built else frozenset())


def refresh(con) -> None:
    """Rebuild the materialised marts after a batch (the plain views read live data)."""
    marts.refresh_marts(con)


def load_one(con, path: Path, is_synthetic: bool, summary: LoadSummary) -> None:
    """Read, parse and insert one file in its own transaction."""
    try:
        data = file_bytes(path)   # an oversized file is refused before it is read into memory
    except IngestError as err:
        record_error(con, path, None, err, summary)
        return
    except OSError as exc:
        record_error(con, path, None, IngestError("unreadable", f"无法读取文件：{exc.strerror}", str(exc)), summary)
        return
    sha = hashlib.sha256(data).hexdigest()
    if con.execute("select 1 from sources where sha256 = ?", [sha]).fetchone():
        summary.skipped += 1
        return
    try:
        rendered = read_bytes(data, path.name)
        report = rendered_to_report(rendered, str(path), sha)
    except IngestError as err:
        record_error(con, path, sha, err, summary)
        return
    except Exception as exc:  # a parser bug must not stop the batch; the file is listed with the reason
        err = IngestError("internal", f"解析时出现内部错误（{type(exc).__name__}）", repr(exc)[:200])
        record_error(con, path, sha, err, summary)
        return
    try:
        insert_report(con, path, len(data), report, rendered.text, is_synthetic, summary)
    except Exception as exc:  # rolled back already; the batch goes on and the file is listed
        err = IngestError("db_error", f"写入数据库失败，已回滚（{type(exc).__name__}）", repr(exc)[:200])
        record_error(con, path, sha, err, summary)


def record_error(con, path: Path, sha: str | None, err: IngestError, summary: LoadSummary) -> None:
    """Remember a failed file with its bilingual reason."""
    con.execute("insert into ingest_errors values (?, ?, ?, ?, ?, ?, ?)",
                [sha, str(path), path.suffix.lower().lstrip("."), err.code, err.zh, err.en, datetime.now()])
    summary.failed += 1
    summary.errors.append((str(path), err.zh))


def insert_report(con, path: Path, size: int, report: Report, text: str, is_synthetic: bool,
                  summary: LoadSummary) -> None:
    """All rows of one report, or none of them."""
    rid = report_id_of(report.sha256)
    now = datetime.now()
    con.execute("begin transaction")
    try:
        previous = supersede_previous(con, report, rid)
        con.execute("insert into sources values (?, ?, ?, ?, ?, ?, 'loaded', ?, ?, ?)",
                    [report.sha256, str(path), path.name, report.format, size, now, is_synthetic, report.layout, text])
        insert_children(con, rid, report, now)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    summary.loaded += 1
    summary.replaced += previous
    summary.by_format[report.format] += 1


def supersede_previous(con, report: Report, rid: str) -> int:
    """Mark the current report of the same unit, project and year as history; returns how many."""
    key = [report.get("implementing_unit"), report.get("project_name"), report.get("year")]
    if any(k is None for k in key):
        return 0
    rows = con.execute("select report_id, sha256 from reports where is_current and implementing_unit = ? "
                       "and project_name = ? and year = ?", key).fetchall()
    for old_id, old_sha in rows:
        con.execute("update reports set is_current = false, superseded_by = ? where report_id = ?", [rid, old_id])
        con.execute("update sources set status = 'superseded' where sha256 = ?", [old_sha])
    return len(rows)


def insert_children(con, rid: str, report: Report, now: datetime) -> None:
    """The report row and its funds, indicators, narratives, provenance and warnings."""
    counted = report.counted_indicators()
    values = [rid, report.sha256, True, None] + [report.get(f) for f in SCALAR_FIELDS] + [
        len(counted), len(report.warnings), now]
    con.execute(f"insert into reports ({', '.join(REPORT_COLUMNS)}) values ({', '.join('?' * len(values))})", values)
    rows = [[rid, n] + [getattr(f, c) for c in FUND_COLUMNS] for n, f in enumerate(report.funds)]
    _many(con, "funds", ["report_id", "row_no"] + FUND_COLUMNS, rows)
    rows = [[rid, n] + [getattr(i, c) for c in INDICATOR_COLUMNS] for n, i in enumerate(report.indicators)]
    _many(con, "indicators", ["report_id", "seq"] + INDICATOR_COLUMNS, rows)
    rows = [[rid, name, text, line] for name, (text, line) in report.narratives.items()]
    _many(con, "narratives", ["report_id", "section", "text", "line"], rows)
    rows = [[rid, p.field, p.origin, str(p.value), p.raw, p.line, p.loc] for p in report.provenance]
    _many(con, "provenance", ["report_id", "field", "origin", "value", "raw", "line", "loc"], rows)
    _many(con, "warnings", ["report_id", "message"], [[rid, w] for w in report.warnings])


def _many(con, table: str, columns: list[str], rows: list[list]) -> None:
    if rows:
        con.executemany(f"insert into {table} ({', '.join(columns)}) values ({', '.join('?' * len(columns))})", rows)
