"""The whole benchmark suite: `python -m bench [--quick]`, rewriting bench/RESULTS.md.

Runs, in order: extraction throughput per format, the default database build, mart latency at
10k / 100k / 1M generated reports with the pandas baseline, detection precision/recall on a
generated corpus, flags on real reports against hand-judged ones (../shared/samples/flags.jsonl), and
OCR of scanned pages (speed, memory, accuracy); then writes a summary table
(with peak memory) at the top of RESULTS.md.
Each part also keeps its own detailed section further down.
"""
import argparse
import resource
import tempfile
import time
from datetime import date
from pathlib import Path

from bench import detection, ingest, ocr, queries, real_flags
from bench.common import machine, replace_section
from ingest.default_db import build_default

START, END = "<!-- summary:start -->", "<!-- summary:end -->"
SCALES = (10_000, 100_000, 1_000_000)
QUICK_SCALES = (10_000,)


def peak_rss_mib() -> float:
    """Peak resident memory of this process and its finished children, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def run_ingest(repeat: int) -> list[str]:
    """Extraction per format; its section is rewritten, summary rows returned."""
    rows = ingest.run(repeat)
    ingest.write_results(rows)
    return [f"| extraction, {r['format']} | median {r['median_ms']:.1f} ms/report, {r['reports_s']:.0f} reports/s "
            f"(one process) | typical ≤ 50 ms: {'yes' if r['median_ms'] <= 50 else 'NO'} |" for r in rows]


def run_build() -> list[str]:
    """Time the default database build (real reports + 600 demo reports) into a scratch file."""
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        build_default(Path(tmp) / "evaluations.duckdb", progress=False)
        seconds = time.perf_counter() - t
    return [f"| default database build | {seconds:.0f} s | ≤ 120 s: {'yes' if seconds <= 120 else 'NO'} |"]


def run_scales(scales: tuple[int, ...]) -> list[str]:
    """Slowest mart for one province and year, and the pandas ratio, at each size."""
    rows, last = [], None
    for n in scales:
        with tempfile.TemporaryDirectory() as tmp:
            last = queries.measure(n, str(Path(tmp) / "bench.duckdb"))
        slowest = max(last["timings"].items(), key=lambda kv: kv[1][0])
        ratio = last["pandas_s"] / last["compared"] if last["compared"] else float("inf")
        rows.append(f"| reading marts at {n:,} reports | slowest {slowest[0]} {slowest[1][0]:.3f} s (reading "
                    f"materialized marts vs pandas computing: {ratio:.1f}×, not like for like; see bench.compare) | "
                    f"≤ 1 s: {'yes' if slowest[1][0] <= 1 else 'NO'} |")
    replace_section(queries.START, queries.END, queries.markdown(**last))
    return rows


def run_detection(reports: int) -> list[str]:
    """Precision and recall per rule on a generated corpus; its section is rewritten."""
    args = argparse.Namespace(reports=reports, seed=7, out=str(Path(tempfile.mkdtemp()) / "detection"),
                              no_write=False, score_only=False)
    text = detection.run(args)
    replace_section(detection.START, detection.END, text)
    return [f"| detection on {reports:,} generated reports | see the detection section | "
            "precision and recall per rule |"]


def run_real_flags() -> list[str]:
    """Must-fire recall and wrong fires on the hand-judged real reports; its section is rewritten."""
    if not real_flags.flags_file().is_file():
        return [f"| flags on real reports | not measured: no {real_flags.flags_file()} | "
                f"recall ≥ {real_flags.AIM_RECALL:.2f}, ≤ {real_flags.AIM_WRONG} must-not-fire fired |"]
    result = real_flags.run()
    replace_section(real_flags.START, real_flags.END, real_flags.section(result))
    o = result["overall"]
    return [f"| flags on {result['files']} hand-judged real reports | recall {real_flags.pct(o['recall'])} "
            f"({o['found']}/{o['must_fire']}), {o['wrong']} must-not-fire fired | recall ≥ "
            f"{real_flags.AIM_RECALL:.2f} and ≤ {real_flags.AIM_WRONG} must-not-fire fired: "
            f"{'yes' if result['meets_aim'] else 'NO'} |"]


def run_ocr() -> list[str]:
    """Scanned pages: seconds per page, memory and field accuracy; its section is rewritten."""
    result = ocr.run()
    replace_section(ocr.START, ocr.END, ocr.section(result))
    return ocr.summary_rows(result)


def summary(rows: list[str]) -> str:
    """The summary section at the top of RESULTS.md."""
    return "\n".join([START, "## Summary (`python -m bench`)", "",
                      f"Date: {date.today().isoformat()}. Machine: {machine()}. "
                      f"Peak memory of the suite: {peak_rss_mib():.0f} MiB (RSS).", "",
                      "| measure | result | target |", "|---|---|---|", *rows, END])


def main(argv: list[str] | None = None) -> int:
    """Run every benchmark and rewrite RESULTS.md."""
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="10k reports only and a 300-report detection corpus")
    args = ap.parse_args(argv)
    rows = run_ingest(2 if args.quick else 5) + run_build()
    rows += run_scales(QUICK_SCALES if args.quick else SCALES)
    rows += run_detection(300 if args.quick else 2000)
    rows += run_real_flags()
    rows += run_ocr()
    text = summary(rows)
    replace_section(START, END, text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
