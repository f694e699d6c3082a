"""Time every dashboard page with AppTest on 100,000 generated reports (python -m bench.dashboard)."""
import argparse
import os
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.common import machine, replace_section
from bench.queries import generate
from ingest import db
from ingest.marts import refresh_marts

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
START, END = "<!-- dashboard:start -->", "<!-- dashboard:end -->"
FIRST_TARGET, CACHED_TARGET = 2.0, 0.5
PROVINCE = "省07"


def change_overview(at):
    at.selectbox(key="f_year").set_value("2022")


def change_cities(at):
    at.selectbox(key="city_sort").set_value("平均虚高")


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


def build(path: str, n: int) -> float:
    """A database of n generated reports with its marts; returns seconds."""
    t = time.perf_counter()
    con = db.connect(path)
    db.apply_schema(con)
    db.apply_views(con)
    generate(con, n)
    refresh_marts(con, text_similarity=False)
    con.close()
    return time.perf_counter() - t


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


def run(n: int, path: str, build_db: bool) -> str:
    build_s = build(path, n) if build_db else 0.0
    os.environ["EVAL_DB"] = path
    rows = []
    for scope, query in (("全部数据", {}), (f"省份 {PROVINCE}", {"province": PROVINCE})):
        for page, heading, change in PAGES:
            rows.append((scope, heading, time_page(page, heading, change, query)))
    return markdown(n, build_s, rows)


def markdown(n: int, build_s: float, rows: list) -> str:
    ok = lambda s, target: "yes" if s <= target else "NO"  # noqa: E731
    lines = [START, "## Dashboard: every page with AppTest (`python -m bench.dashboard`)", "",
             f"Date: {date.today()}. Machine: {machine()}.", "",
             f"Data: {n:,} generated reports (bench.queries.generate, text similarity off"
             + (f"; built with marts in {build_s:.1f} s). " if build_s else "; built beforehand). ")
             + "The read-only connection stays open between pages, as on a running server. "
             "Each page in a fresh AppTest session: *first* = first render with every st.cache_data cleared; "
             "*rerun* = the same page again; *changed* = one widget changed to a new value (new queries); "
             "*cached* = a widget interaction whose queries are all cached. AppTest runs the script in-process "
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
    parser.add_argument("--no-write", action="store_true", help="do not update bench/RESULTS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        section = run(args.reports, args.db or str(Path(tmp) / "dash.duckdb"), build_db=args.db is None)
    print(section)
    if not args.no_write:
        replace_section(START, END, section)


if __name__ == "__main__":
    main()
