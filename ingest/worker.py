"""Parse files in a worker process with a memory and a time limit, so a hostile file can only fail itself.

The loader (`python -m ingest load`, the import page, the first-run build) and `extract` hand each
file's bytes to a worker: a process of its own with RLIMIT_AS at parse_memory_mb, watched for
parse_timeout_s. Running out of memory, a crash in a library or a timeout becomes a bilingual
refusal for that file; the batch and the dashboard's server go on. A worker serves file after file
(starting one costs about a second) and is replaced when one of its files ended it.
"""
import atexit
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from multiprocessing.connection import Connection

from ingest import settings
from ingest.errors import IngestError
from ingest.extract import bytes_to_reports
from ingest.model import Report
from ingest.readers import Rendered, problems
from ingest.readers.base import page_progress
from ingest.settings import whole

Parsed = tuple[list[Report], Rendered]
MAX_IDLE_WORKERS = 2      # kept ready for the next file (two import-page users at once, or a batch)
KILL_GRACE_S = 5
STARTUP_TIMEOUT_S = 120   # a fresh interpreter importing the readers; seconds on a busy machine


def parse_here(data: bytes, name: str) -> Parsed:
    """Every report of one file, in this process; any failure is an IngestError with a bilingual reason."""
    try:
        reports, rendered = bytes_to_reports(data, name)
    except IngestError:
        raise
    except MemoryError:
        raise problems.out_of_memory() from None
    except Exception as exc:  # a parser bug must not stop a batch; the file is listed with the reason
        raise IngestError("internal", f"解析时出现内部错误（{type(exc).__name__}）", repr(exc)[:200]) from exc
    for report in reports:
        cap_provenance(report)
    return reports, rendered


def cap_provenance(report: Report) -> None:
    """Keep at most max_provenance_rows rows of provenance, those of the values kept first, with a warning."""
    limit = whole(settings.MAX_PROVENANCE_ROWS)
    if len(report.provenance) <= limit:
        return
    chosen = {id(p) for p in map(report.chosen, report.values) if p is not None}
    kept = [p for p in report.provenance if id(p) in chosen]
    kept += [p for p in report.provenance if id(p) not in chosen][:max(limit - len(kept), 0)]
    report.warnings.append(f"原文出处共 {len(report.provenance):,} 条，超过上限 {limit:,} 条"
                           f"（设置 max_provenance_rows），只记录前 {len(kept):,} 条")
    report.provenance = kept


class Worker:
    """One worker process (`python -m ingest.worker`) and the two pipes to it.

    A fresh interpreter rather than a fork: the dashboard's server runs threads, and a child started
    from a module path does not re-import whatever script started the parent.
    """

    def __init__(self):
        from_parent, to_child = os.pipe()     # (read end, write end)
        from_child, to_parent = os.pipe()
        self.memory = memory_limit_bytes()
        command = [sys.executable, "-m", "ingest.worker", str(from_parent), str(to_parent), str(self.memory)]
        # Its own process group, so that a timeout also ends the OCR pool it may have started.
        self.process = subprocess.Popen(command, pass_fds=(from_parent, to_parent), process_group=0,
                                        cwd=settings.REPO_ROOT, stdin=subprocess.DEVNULL)
        os.close(from_parent)
        os.close(to_parent)
        self.send_end = Connection(to_child, readable=False)
        self.recv_end = Connection(from_child, writable=False)
        self.ready = False

    def parse(self, data: bytes, name: str, timeout: float) -> Parsed:
        """Send one file, relay page progress, and return its reports or raise its refusal."""
        try:
            self._wait_ready()
            self.send_end.send((data, name))
            return self._answer(time.monotonic() + timeout, timeout)
        except (EOFError, OSError):
            raise self._died() from None

    def _wait_ready(self) -> None:
        """Wait once for the worker's imports, so that parse_timeout_s measures parsing alone."""
        if not self.ready:
            if not self.recv_end.poll(STARTUP_TIMEOUT_S):
                raise EOFError("the worker did not start")
            self.ready = self.recv_end.recv() == ("ready",)

    def _answer(self, deadline: float, timeout: float) -> Parsed:
        tell = page_progress.get()
        while self.recv_end.poll(max(deadline - time.monotonic(), 0)):
            kind, *payload = self.recv_end.recv()
            if kind == "progress":
                if tell is not None:
                    tell(*payload)
            elif kind == "ok":
                return payload[0]
            else:
                if payload[0] == "out_of_memory":
                    self.stop()    # the worker ends itself after a MemoryError; never hand it another file
                raise IngestError(*payload)
        self.stop()
        raise problems.timed_out(timeout)

    def _died(self) -> IngestError:
        """The refusal for a worker that ended while reading a file."""
        code = self.process.wait(KILL_GRACE_S)
        self.stop()
        if code < 0:
            return problems.worker_died(signal.Signals(-code).name, killed=code == -signal.SIGKILL)
        return problems.worker_died(f"exit code {code}", killed=False)

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        """End the worker and any children it started (its process group), and close the pipes."""
        for end in (self.send_end, self.recv_end):
            end.close()
        if self.alive():
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self.process.kill()
        self.process.wait(KILL_GRACE_S)


def memory_limit_bytes() -> int:
    """parse_memory_mb in bytes, never above the limit this process already runs under."""
    wanted = int(settings.PARSE_MEMORY_MB.number() * 1024 * 1024)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    return wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)


def serve(recv_end: Connection, send_end: Connection, memory_bytes: int) -> None:
    """The worker's loop: parse each file sent until the pipe closes; a MemoryError ends the worker."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, hard))
    page_progress.set(lambda done, pages: send_end.send(("progress", done, pages)))
    send_end.send(("ready",))
    while True:
        try:
            data, name = recv_end.recv()
        except (EOFError, OSError):
            return
        try:
            send_end.send(("ok", parse_here(data, name)))
        except IngestError as err:
            send_end.send(("error", *_codes(err)))
            if err.code == "out_of_memory":
                return   # whatever failed to allocate may have left the process half-done
        except MemoryError:   # the reports did not fit through the pipe
            send_end.send(("error", *_codes(problems.out_of_memory())))
            return


def _codes(err: IngestError) -> tuple[str, str, str]:
    return err.code, err.zh, err.en


_idle: list[Worker] = []
_idle_lock = threading.Lock()


@contextmanager
def _worker():
    """An idle worker or a new one; returned to the idle ones afterwards if it still runs."""
    with _idle_lock:
        worker = _idle.pop() if _idle else None
    if worker is not None and not (worker.alive() and worker.memory == memory_limit_bytes()):
        worker.stop()      # ended by its last file's MemoryError, or the limit has been changed since
        worker = None
    worker = worker or Worker()
    try:
        yield worker
    finally:
        with _idle_lock:
            keep = worker.alive() and len(_idle) < MAX_IDLE_WORKERS
            if keep:
                _idle.append(worker)
        if not keep:
            worker.stop()


def parse_isolated(data: bytes, name: str) -> Parsed:
    """Every report of one file, parsed in a worker process within the memory and time limits."""
    if settings.PARSE_IN_WORKER.value() == "0":
        return parse_here(data, name)
    with _worker() as worker:
        return worker.parse(data, name, settings.PARSE_TIMEOUT_S.number())


@atexit.register
def stop_idle_workers() -> None:
    """Workers wait for files forever; end them so that this process can exit."""
    with _idle_lock:
        while _idle:
            _idle.pop().stop()


if __name__ == "__main__":
    read_fd, write_fd, memory = map(int, sys.argv[1:4])
    serve(Connection(read_fd, writable=False), Connection(write_fd, readable=False), memory)
