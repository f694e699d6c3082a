"""The funnel marts at scale: one province-year of peer_funnel_points at 1M reports (python -m bench.funnel_speed).

Generates the rows with bench.queries' machinery (1M reports, 15M indicators), refreshes the marts (text
similarity off), and times the peer funnel's recomputation alone (ingest.marts.compute_peers and write_peers) and the dashboard's funnel query for one
province and year (best of 3). Aim: the query answers in ≤ 1 s. Writes its part of bench/RESULTS.md.
"""
import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from bench.common import machine, publish
from bench.queries import PROVINCE, YEAR, generated_database, time_query
from ingest import marts

START, END = "<!-- funnel_speed:start -->", "<!-- funnel_speed:end -->"
QUERY = ("select * from peer_funnel_points where province = $p and year = $y and level = 'city' "
         "order by measure, region_name")


def measure(n: int, path: str) -> dict:
    con, gen_s, refresh_s = generated_database(n, path)
    t = time.perf_counter()
    rows = marts.write_peers(con, *marts.compute_peers(con))
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
        f"{m['refresh_s']:.1f} s, of which the peer funnel (`ingest.marts.compute_peers` + `write_peers`) alone {m['funnel_s']:.1f} s "
        "(it runs once per refresh, after the A/B/C flags it counts).", "",
        "| query | rows | best of 3 | ≤ 1 s |", "|---|---|---|---|",
        f"| peer_funnel_points, {PROVINCE} {YEAR}, cities | {m['query_rows']} | {m['query_s'] * 1000:.1f} ms | "
        f"{'yes' if m['query_s'] <= 1 else 'NO'} |", END])
    publish(START, END, text, not args.no_write)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
