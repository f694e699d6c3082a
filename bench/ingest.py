"""Extraction throughput and peak memory per input format, on a corpus built from the real reports.

The .txt reports in data/raw/seeds and in the labelled samples' raw/ folder (../shared/samples,
EVAL_SAMPLES_DIR) are used as they are and also
rewritten as .docx/.xlsx/.pdf (ingest.writers) and .html, then each format is timed through
ingest.extract.extract_file: one process, all cores, and peak memory in a fresh process.

    python -m bench.ingest [--repeat N]
"""
import argparse
import datetime as dt
import multiprocessing
import os
import re
import resource
import statistics
import tempfile
import time
import tracemalloc
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.common import machine, replace_section
from ingest.errors import IngestError
from ingest.extract import extract_file
from ingest.settings import samples_dir
from ingest.text_blocks import text_to_blocks
from ingest.writers import write_docx, write_html, write_pdf, write_xlsx

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "data" / "raw" / "seeds", samples_dir() / "raw")
FORMATS = ("txt", "docx", "xlsx", "pdf", "html")
TARGET_MS = 50.0
PARALLEL_TASKS = 200
RESULTS = ROOT / "bench" / "RESULTS.md"
START, END = "<!-- ingest:start -->", "<!-- ingest:end -->"


def source_files() -> list[Path]:
    """The real .txt reports the corpus is built from, sorted."""
    return sorted(p for folder in SOURCES for p in folder.glob("*.txt"))


WRITERS = {"docx": write_docx, "xlsx": write_xlsx, "pdf": write_pdf, "html": write_html}


def build_corpus(folder: Path) -> dict[str, list[Path]]:
    """Write every source report in every format under folder; paths by format."""
    corpus: dict[str, list[Path]] = {fmt: [] for fmt in FORMATS}
    for src in source_files():
        text = src.read_text(encoding="utf-8")
        stem = f"{src.parent.name}_{src.stem}"
        corpus["txt"].append(folder / f"{stem}.txt")
        corpus["txt"][-1].write_text(text, encoding="utf-8")
        blocks = text_to_blocks(text)
        for fmt, writer in WRITERS.items():
            writer(folder / f"{stem}.{fmt}", blocks)
            corpus[fmt].append(folder / f"{stem}.{fmt}")
    return corpus


def timed_extract(path: Path) -> tuple[float, bool]:
    """Milliseconds to extract one file, and whether it extracted without an IngestError."""
    start = time.perf_counter()
    try:
        extract_file(path)
        ok = True
    except IngestError:
        ok = False
    return (time.perf_counter() - start) * 1000, ok


def time_serial(paths: list[Path], repeat: int) -> dict:
    """Per-report ms over repeat passes in this process (after one warm-up pass)."""
    failed = sum(not timed_extract(p)[1] for p in paths)
    start = time.perf_counter()
    times = [timed_extract(p)[0] for _ in range(repeat) for p in paths]
    wall = time.perf_counter() - start
    return {"reports_s": len(times) / wall, "mean_ms": statistics.fmean(times),
            "median_ms": statistics.median(times), "p95_ms": percentile(times, 95), "failed": failed}


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, round(pct / 100 * len(ordered)) - 1)]


def time_parallel(paths: list[Path], workers: int) -> float:
    """Reports/s with a warmed-up pool of workers over ~PARALLEL_TASKS repeated files."""
    tasks = [paths[i % len(paths)] for i in range(max(PARALLEL_TASKS, len(paths)))]
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(timed_extract, paths * workers))
        start = time.perf_counter()
        list(pool.map(timed_extract, tasks, chunksize=4))
        return len(tasks) / (time.perf_counter() - start)


def vm_hwm_mib() -> float:
    """Peak resident set of this process image (VmHWM; unlike ru_maxrss it is not inherited)."""
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"^VmHWM:\s*(\d+) kB", status, re.M).group(1)) / 1024


def maxrss_mib() -> float:
    """resource ru_maxrss of this process in MiB (Linux reports KiB; survives fork and exec)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_memory(paths: list[Path]) -> tuple[float, float, float]:
    """(VmHWM after imports, largest tracemalloc peak for one report, VmHWM after all) in MiB."""
    baseline = vm_hwm_mib()
    timed_extract(paths[0])
    tracemalloc.start()
    peak = 0
    for path in paths:
        tracemalloc.reset_peak()
        timed_extract(path)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
    return baseline, peak / 2**20, vm_hwm_mib()


def memory_in_fresh_process(paths: list[Path]) -> tuple[float, float, float]:
    """measure_memory in a newly spawned interpreter, so formats do not share a high-water mark."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(measure_memory, paths).result()


def burn(n: int) -> int:
    """Pure-Python CPU work for the pool scaling check."""
    return sum(i * i for i in range(n))


def pool_speedup(workers: int, n: int = 2_000_000) -> float:
    """Speed-up of the pool over one process on pure CPU work (what 'all cores' can give here)."""
    start = time.perf_counter()
    for _ in range(2 * workers):
        burn(n)
    serial = time.perf_counter() - start
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(burn, [1] * workers))
        start = time.perf_counter()
        list(pool.map(burn, [n] * (2 * workers)))
        return serial / (time.perf_counter() - start)


def run(repeat: int) -> list[dict]:
    """Build the corpus and measure every format; one dict per format."""
    workers = os.cpu_count() or 1
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        corpus = build_corpus(Path(tmp))
        for fmt in FORMATS:
            paths = corpus[fmt]
            row = {"format": fmt, "files": len(paths), "repeat": repeat, "workers": workers,
                   "kib_mean": statistics.fmean(p.stat().st_size for p in paths) / 1024}
            row.update(time_serial(paths, repeat))
            row["reports_s_all"] = time_parallel(paths, workers)
            row["maxrss_mib"] = maxrss_mib()
            row["hwm_base_mib"], row["tracemalloc_mib"], row["hwm_mib"] = memory_in_fresh_process(paths)
            row["meets_target"] = row["median_ms"] <= TARGET_MS
            rows.append(row)
    speedup = pool_speedup(workers)
    for row in rows:
        row["pool_speedup"] = speedup
    return rows


def table(rows: list[dict]) -> str:
    """Markdown table of the results."""
    workers = rows[0]["workers"] if rows else 1
    head = ("| format | files | KiB/file | failed | reports/s (1 proc) | reports/s "
            f"({workers} procs) | mean ms | median ms | p95 ms | tracemalloc peak MiB | "
            f"fresh-process peak RSS MiB (at start) | bench ru_maxrss MiB | target median ≤ {TARGET_MS:g} ms |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        lines.append(f"| {r['format']} | {r['files']} | {r['kib_mean']:.1f} | {r['failed']} | "
                     f"{r['reports_s']:.1f} | {r['reports_s_all']:.1f} | {r['mean_ms']:.1f} | "
                     f"{r['median_ms']:.1f} | {r['p95_ms']:.1f} | {r['tracemalloc_mib']:.1f} | "
                     f"{r['hwm_mib']:.0f} ({r['hwm_base_mib']:.0f}) | {r['maxrss_mib']:.0f} | {'yes' if r['meets_target'] else 'NO'} |")
    return "\n".join(lines)


def section(rows: list[dict]) -> str:
    """The ingest section of RESULTS.md, markers included."""
    repeat = rows[0]["repeat"] if rows else 0
    return "\n".join([
        START, "## Ingest: extraction throughput and memory (`python -m bench.ingest`)", "",
        f"Date: {dt.date.today().isoformat()}. Machine: {machine()}.", "",
        f"Corpus: the {rows[0]['files'] if rows else 0} real .txt reports in `data/raw/seeds` and "
        "`../shared/samples/raw`, plus .docx/.xlsx/.pdf (ingest.writers) and .html versions of each. "
        f"Serial figures: {repeat} timed passes after one warm-up pass; all-core figure: "
        f"{PARALLEL_TASKS} tasks on a warmed-up ProcessPoolExecutor; on pure-Python CPU work that pool "
        f"ran {rows[0]['pool_speedup'] if rows else 0:.2f}x faster than one process at measurement time. Memory: largest tracemalloc peak "
        "for one report and peak RSS (VmHWM), in a freshly spawned process per format; bench ru_maxrss is "
        "the benchmark process's high-water mark after timing that format (cumulative, formats in row order). "
        f"Target: a typical (median) report extracts in ≤ {TARGET_MS:g} ms.", "",
        table(rows), END])


def write_results(rows: list[dict]) -> None:
    """Replace (or append) the ingest section of bench/RESULTS.md, leaving the rest alone."""
    replace_section(START, END, section(rows))


def main(argv: list[str] | None = None) -> None:
    """CLI: run, print the table and rewrite the ingest section of RESULTS.md."""
    parser = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed passes over each format (default 5)")
    args = parser.parse_args(argv)
    rows = run(max(1, args.repeat))
    print(machine())
    print(f"pool speed-up on pure CPU work: {rows[0]['pool_speedup']:.2f}x")
    print(table(rows))
    write_results(rows)
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
