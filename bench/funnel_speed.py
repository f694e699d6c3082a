"""The funnel marts at scale: one province-year of peer_funnel_points at 1M reports (python -m bench.funnel_speed).

Generates the rows with bench.queries' machinery (1M reports, 15M indicators), refreshes the marts (text
similarity off), and times ingest.funnel.refresh_funnel alone and the dashboard's funnel query for one
province and year (best of 3). Aim: the query answers in ≤ 1 s. Writes its part of bench/RESULTS.md.
"""
import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from bench.common import machine, replace_section
from bench.queries import PROVINCE, YEAR, generate, time_query
from ingest import db, funnel
from ingest.marts import refresh_marts

START, END = "<!-- funnel_speed:start -->", "<!-- funnel_speed:end -->"
QUERY = ("select * from peer_funnel_points where province = $p and year = $y and level = 'city' "
         "order by measure, region_name")


def measure(n: int, path: str) -> dict:
    con = db.connect(path)
    db.apply_schema(con)
    db.apply_views(con)
    gen_s = generate(con, n)
    t = time.perf_counter()
    refresh_marts(con, text_similarity=False)
    refresh_s = time.perf_counter() - t
    t = time.perf_counter()
    rows = funnel.refresh_funnel(con)
    funnel_s = time.perf_counter() - t
    query_s, query_rows = time_query(con, QUERY)
    units = con.execute("select count(distinct (level, province, year, region_name)) from peer_funnel").fetchone()[0]
    con.close()
    return dict(n=n, gen_s=gen_s, refresh_s=refresh_s, funnel_s=funnel_s, rows=rows, units=units,
                query_s=query_s, query_rows=query_rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.funnel_speed")
    ap.add_argument("--reports", type=int, default=1_000_000)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        m = measure(args.reports, str(Path(tmp) / "funnel.duckdb"))
    text = "\n".join([
        START, "## Funnel marts at scale (`python -m bench.funnel_speed`)", "",
        f"Date: {dt.date.today().isoformat()}. Machine: {machine()}.", "",
        f"{m['n']:,} generated reports (bench.queries.generate; {m['units']:,} city and county units in "
        f"{m['rows']:,} funnel rows), generated in {m['gen_s']:.0f} s; the whole `refresh_marts` took "
        f"{m['refresh_s']:.1f} s, of which `ingest.funnel.refresh_funnel` alone {m['funnel_s']:.1f} s "
        "(it runs once per refresh, after the A/B/C flags it counts).", "",
        "| query | rows | best of 3 | ≤ 1 s |", "|---|---|---|---|",
        f"| peer_funnel_points, {PROVINCE} {YEAR}, cities | {m['query_rows']} | {m['query_s'] * 1000:.1f} ms | "
        f"{'yes' if m['query_s'] <= 1 else 'NO'} |", END])
    print(text)
    if not args.no_write:
        replace_section(START, END, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
