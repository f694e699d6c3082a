"""Refresh time with one report of 100,000 provenance rows in the database (issue: rules that scale with
the document, not its square). `python -m bench.big_report [--rows N] [--no-write]`."""
import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

import duckdb

from bench.common import machine, publish
from ingest.loader import load_paths
from ingest.marts import refresh_marts

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "raw" / "seeds"
START, END = "<!-- big-report:start -->", "<!-- big-report:end -->"
FIELDS = ["budget_full_year", "executed", "execution_rate", "self_score", "exec_score", "savings"]


def add_big_report(db: Path, rows: int, seed: int = 7) -> str:
    """Give the Ningbo seed `rows` provenance rows: many figures, many repeats, as a long report would."""
    rng = random.Random(seed)
    con = duckdb.connect(str(db))
    try:
        rid = con.execute("select report_id from reports where executed = 109.62").fetchone()[0]
        data = [(rid, rng.choice(FIELDS), "narrative", str(round(rng.uniform(1, 5000), rng.choice([0, 2]))),
                 f"全年预算数{n}万元", 1000 + n, f"正文第{1000 + n}行", 1.0) for n in range(rows)]
        con.executemany("insert into provenance (report_id, field, origin, value, raw, line, loc, confidence) "
                        "values (?, ?, ?, ?, ?, ?, ?, ?)", data)
    finally:
        con.close()
    return rid


def measure(rows: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-big-") as tmp:
        db = Path(tmp) / "big.duckdb"
        load_paths([SEEDS], db, progress=False)
        con = duckdb.connect(str(db))
        started = time.perf_counter()
        refresh_marts(con)
        baseline = time.perf_counter() - started
        con.close()
        add_big_report(db, rows)
        con = duckdb.connect(str(db))
        try:
            started = time.perf_counter()
            refresh_marts(con)
            seconds = time.perf_counter() - started
            n = con.execute("select count(*) from provenance").fetchone()[0]
            flags = con.execute("select count(*) from flags").fetchone()[0]
        finally:
            con.close()
    return dict(rows=rows, provenance=n, baseline=baseline, seconds=seconds, flags=flags)


def uncapped(rows: int) -> dict:
    """The same measure with the candidate cap lifted: what the pairwise rules cost before it."""
    import os
    old = os.environ.get("EVAL_MAX_FIGURE_CANDIDATES")
    os.environ["EVAL_MAX_FIGURE_CANDIDATES"] = "1000000000"
    try:
        return measure(rows)
    finally:
        if old is None:
            del os.environ["EVAL_MAX_FIGURE_CANDIDATES"]
        else:
            os.environ["EVAL_MAX_FIGURE_CANDIDATES"] = old


def section(r: dict) -> str:
    return "\n".join([
        START, "## Refresh with one very long report", "",
        f"Measured {dt.date.today():%Y-%m-%d} on {machine()} (`python -m bench.big_report --rows {r['rows']}`).", "",
        "| database | provenance rows | `refresh_marts` |", "|---|---|---|",
        f"| the three seeds | — | {r['baseline']:.2f} s |",
        f"| the seeds, one of them with {r['rows']:,} provenance rows | {r['provenance']:,} | {r['seconds']:.2f} s |",
        f"| the same with {r['compare_rows']:,} rows and the cap lifted (pairs of every value) | "
        f"{r['uncapped']['provenance']:,} | {r['uncapped']['seconds']:.2f} s |", "",
        "Pairwise rules (A8, A9) compare each distinct value of a field once, at most `max_figure_candidates` (30) per "
        "report and field (`int_figure_candidates`), so their work does not grow with the square of the document.",
        END])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.big_report")
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--compare-rows", type=int, default=20_000, help="rows for the run without the cap")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    result = measure(args.rows)
    result.update(compare_rows=args.compare_rows, uncapped=uncapped(args.compare_rows))
    text = section(result)
    publish(START, END, text, not args.no_write)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
