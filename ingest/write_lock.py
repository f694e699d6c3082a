"""One writer at a time per database file, across processes, and waiting instead of failing on a lock.

DuckDB lets one process write a file while no other process has it open. The CLI loader, a second
loader and the dashboard's imports and reviews therefore take an advisory lock file beside the database
(`<db>.lock`) for the whole of their write, and open the database itself with retries while a reader
holds it for a moment.
"""
import fcntl
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb

from ingest.errors import IngestError
from ingest.settings import OPEN_WAIT, WRITE_WAIT

PAUSE = 0.2


class DatabaseBusy(IngestError):
    """The database stayed locked by another process for longer than the wait allowed."""


def is_lock_error(exc: Exception) -> bool:
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


@contextmanager
def writer(db_path, on_wait=None, wait: float | None = None):
    """Hold the database's writer lock; `on_wait(message)` is told once if another writer holds it."""
    if str(db_path) == ":memory:":
        yield
        return
    lock_path = Path(f"{db_path}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, on_wait, WRITE_WAIT.number() if wait is None else wait)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _acquire(fd: int, on_wait, wait: float) -> None:
    deadline, told = time.monotonic() + wait, False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if not told and on_wait:
                on_wait("另一个载入或导入任务正在写入该数据库，等待其完成… / another load is writing; waiting")
                told = True
            if time.monotonic() >= deadline:
                raise DatabaseBusy("db_busy", f"等待{wait:g}秒后数据库仍被另一个写入任务占用，请稍后重试",
                                   f"the database was still being written by another load after {wait:g} s")
            time.sleep(PAUSE)


def open_for_write(db_path, on_wait=None, wait: float | None = None) -> duckdb.DuckDBPyConnection:
    """A read-write connection, retrying while a reader (the dashboard) has the file open for a moment."""
    wait = OPEN_WAIT.number() if wait is None else wait
    deadline, told = time.monotonic() + wait, False
    while True:
        try:
            if str(db_path) != ":memory:":
                Path(db_path).parent.mkdir(parents=True, exist_ok=True)
            return duckdb.connect(str(db_path))
        except duckdb.IOException as exc:
            if not is_lock_error(exc):
                raise
            if not told and on_wait:
                on_wait("数据库正被看板读取，稍候重试… / the dashboard is reading the database; retrying")
                told = True
            if time.monotonic() >= deadline:
                raise DatabaseBusy("db_busy", f"等待{wait:g}秒后仍无法写入数据库（正被其他进程打开），请稍后重试",
                                   f"could not open the database for writing within {wait:g} s (held by another process)") from exc
            time.sleep(PAUSE)


def clean_leftovers(db_path) -> list[str]:
    """Remove the work copies of imports that were interrupted (call while holding the writer lock:
    a live import holds it, so any copy found then is left over)."""
    if str(db_path) == ":memory:":
        return []
    removed = []
    for work in Path(db_path).parent.glob(".import-*"):
        shutil.rmtree(work, ignore_errors=True)
        removed.append(work.name)
    return removed
