"""Like for like, at 10k / 100k / 1M generated reports in one run (python -m bench.compare).

For each size: generate the reports (bench.queries.generate; the province 省03 renamed to a real province, city
and county so that a generated demo report lands among 5,000 others), build the marts in full, then time
1. importing one report file (ingest.loader.load_paths, the CLI and dashboard path) until its flags and the
   marts are updated (incremental refresh), and check the marts counted it;
2. the same computation from the base tables, for one province-year: the review score and over-claim of
   every report, the city rollup and the score bins, and flags — in DuckDB (the SQL of queries/, run over the
   province-year's base rows) and in pandas (bench.pandas_port, on whole base-table frames in memory, their
   loading timed apart); the ported rules in both, and the whole catalog in DuckDB alone; each engine in a
   fresh process for its peak memory, the figures checked equal;
3. reading the materialized marts for that province-year (bench.queries.MART_QUERIES): reading, not computing.
polars is not installed here, so it is not measured.
"""
import argparse
import json
import multiprocessing
import os
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from bench import pandas_port
from bench.common import machine, publish
from bench.queries import MART_QUERIES, PROVINCE, YEAR, generate, time_query
from ingest import db, incremental, rule_registry, sql_catalog
from ingest.loader import ensure_views, load_paths

START, END = "<!-- compare:start -->", "<!-- compare:end -->"
SCALES = (10_000, 100_000, 1_000_000)
RENAMED = "省03"      # the generated province that takes the demo report's names
BENCH = "bench_scratch"
OUTPUTS = ("int_metrics_per_report", "flags", "region_rollup", "score_distribution")
REPORT_COLUMNS = ("report_id, province, city, county, year, budget_initial, budget_full_year, executed, execution_rate, "
                  "exec_weight, exec_score, self_score, grade, weight_total, is_current")
INDICATOR_COLUMNS = ("report_id, seq, level1, level2, name, target, actual, weight, score, deviation_reason, "
                     "target_cmp, target_num, target_unit, actual_cmp, actual_num, actual_unit")


def demo_report(folder: Path) -> tuple[Path, dict]:
    """One generated report file (text) and its true fields."""
    from ingest.demo.corpus import generate as generate_files

    record = generate_files(folder, 1, seed=5, formats=["tab"])[0]
    return folder / record["file"], record["fields"]


def build(n: int, path: Path, fields: dict) -> dict:
    """Generate n reports, give province 省03 the demo report's names, build every mart; return seconds."""
    for old in (path, Path(f"{path}.wal")):
        old.unlink(missing_ok=True)
    con = db.connect(path)
    db.apply_schema(con)
    ensure_views(con)
    gen_s = generate(con, n)
    city, county = f"{RENAMED}市0", f"{RENAMED}市0县0"
    con.execute(f"""update reports set
        city = case when city = '{city}' then $city else replace(city, '{RENAMED}', $province) end,
        county = case when county = '{county}' then $county
                      else replace(replace(county, '{city}', $city), '{RENAMED}', $province) end,
        province = $province where province = '{RENAMED}'""",
                {"province": fields["province"], "city": fields["city"], "county": fields["county"] or "市本级"})
    started = time.perf_counter()
    incremental.refresh(con, full=True)
    refresh_s = time.perf_counter() - started
    con.execute("checkpoint")
    con.close()
    return {"gen_s": gen_s, "full_refresh_s": refresh_s}


def rss_mib() -> float:
    """Resident memory of this process now, in MiB."""
    return status_mib("VmRSS:")


def peak_mib() -> float:
    """Peak resident memory of this process (VmHWM: unlike ru_maxrss, not carried over from the parent)."""
    return status_mib("VmHWM:")


def reset_peak() -> None:
    """Start a new peak-memory count (Linux: writing 5 to clear_refs resets VmHWM to the current RSS)."""
    Path("/proc/self/clear_refs").write_text("5")


def status_mib(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1]) / 1024
    return float("nan")


def scoped_duckdb(con, rules: list[str] | None) -> dict:
    """The SQL of queries/ over the base rows of one province-year copied into a scratch catalog."""
    with incremental.scratch(con, BENCH) as home:
        con.execute(f"use {BENCH}")
        db.create_tables(con)
        src = f"{incremental.quoted(home)}.main"
        ids = f"(select report_id from {BENCH}.main.reports)"
        con.execute(f"insert into reports select * from {src}.reports where province = $p and year = $y and is_current",
                    {"p": PROVINCE, "y": YEAR})
        for name, cols in incremental.columns_of(con, BENCH).items():
            if name == "sources":
                con.execute(f"insert into sources select * from {src}.sources where sha256 in "
                            f"(select sha256 from {BENCH}.main.reports)")
            elif name != "reports" and "report_id" in cols:
                con.execute(f"insert into {name} select * from {src}.{name} where report_id in {ids}")
            elif name != "reports" and "province" in cols:
                con.execute(f"insert into {name} select * from {src}.{name} where province = $p and year = $y",
                            {"p": PROVINCE, "y": YEAR})
            elif name != "reports":
                con.execute(f"insert into {name} select * from {src}.{name}")
        registry = [r.view_name for r in rule_registry.write_registry(con)]
        con.execute("set variable rule_views = ?", [rules or registry])
        needed = incremental.upstream(set(OUTPUTS))
        for sql_file in sql_catalog.build_order():
            if sql_file.materialized != "table" or sql_file.name in needed:
                con.execute(sql_file.sql)
            else:
                con.execute(f"create table {sql_file.name} as select * from {src}.{sql_file.name} limit 0")
        out = {
            "reports": con.execute("select report_id, review_score, over_claim, under_claim, review_scope "
                                   "from int_metrics_per_report").df(),
            "flags": con.execute("select report_id, rule_id, explanation from flags").df(),
            "rollup": con.execute("select * from region_rollup where data_scope = 'all' and level = 'city' "
                                  "and year = $y", {"y": YEAR}).df(),
            "bins": con.execute("select city, score_kind, bin, n_reports from score_distribution where "
                                "data_scope = 'all' and level = 'city' and year = $y", {"y": YEAR}).df()}
        con.execute("set variable rule_views = ?", [registry])
    return out


def run_duckdb(path: str, rules: list[str] | None) -> dict:
    """In a fresh process: time the DuckDB computation (best of 3), with its peak memory."""
    con = duckdb.connect(path)
    from ingest.rule_settings import set_pattern_variables
    set_pattern_variables(con)
    reset_peak()
    base = rss_mib()
    times = []
    for _ in range(3):
        started = time.perf_counter()
        out = scoped_duckdb(con, rules)
        times.append(time.perf_counter() - started)
    con.close()
    return {"seconds": min(times), "rss_before": base, "peak": peak_mib(), "out": out}


def run_pandas(path: str) -> dict:
    """In a fresh process: load the base tables into frames (timed apart), then time the pandas port (best of 3)."""
    con = duckdb.connect(path, read_only=True)
    started = time.perf_counter()
    reports = con.execute(f"select {REPORT_COLUMNS} from reports").df()
    indicators = con.execute(f"select {INDICATOR_COLUMNS} from indicators").df()
    severity = dict(con.execute("select rule_id, severity from rule_registry").fetchall())
    con.close()
    load_s, load_peak = time.perf_counter() - started, peak_mib()
    reset_peak()
    base = rss_mib()
    times = []
    for _ in range(3):
        started = time.perf_counter()
        out = pandas_port.compute(reports, indicators, PROVINCE, YEAR, severity)
        times.append(time.perf_counter() - started)
    small = {"reports": out["reports"][["report_id", "review_score", "over_claim", "under_claim", "review_scope"]],
             "flags": out["flags"], "rollup": out["rollup"], "bins": out["bins"]}
    return {"seconds": min(times), "load_s": load_s, "load_peak": load_peak, "rss_before": base, "peak": peak_mib(),
            "out": small}


def in_process(fn, *args) -> dict:
    """Run fn(*args) in a freshly spawned process and return its result."""
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        return pool.apply(fn, args)


def same(duck: dict, pand: dict) -> list[str]:
    """What differs between the two engines' figures (empty when every figure agrees)."""
    problems = []
    keys = {"reports": ["report_id"], "flags": ["report_id", "rule_id"], "rollup": ["city"],
            "bins": ["city", "score_kind", "bin"]}
    for part, key in keys.items():
        a = duck[part].sort_values(key).reset_index(drop=True)
        b = pand[part][[c for c in a.columns if c in pand[part].columns]].sort_values(key).reset_index(drop=True)
        a = a[b.columns]
        try:
            pd.testing.assert_frame_equal(a, b, check_dtype=False, check_exact=False, rtol=1e-9, atol=1e-9)
        except AssertionError as err:
            problems.append(f"{part}: {str(err).splitlines()[0][:200]}")
    return problems


def like_for_like(path: Path) -> dict:
    """Both engines on the ported rules, DuckDB on the whole catalog; the pandas figures checked against DuckDB's."""
    con = duckdb.connect(str(path), read_only=True)
    ported = [v for r, v in con.execute("select rule_id, view_name from rule_registry").fetchall()
              if r in pandas_port.PORTED_RULES]
    con.close()
    duck = in_process(run_duckdb, str(path), ported)
    whole = in_process(run_duckdb, str(path), None)
    pand = in_process(run_pandas, str(path))
    problems = same(duck["out"], pand["out"])
    n = len(duck["out"]["reports"])
    strip = ("out",)
    return {"duckdb": {k: v for k, v in duck.items() if k not in strip},
            "duckdb_catalog": {k: v for k, v in whole.items() if k not in strip},
            "pandas": {k: v for k, v in pand.items() if k not in strip}, "reports": n,
            "flags_ported": len(duck["out"]["flags"]), "flags_catalog": len(whole["out"]["flags"]),
            "problems": problems}


def import_one(path: Path, file: Path, fields: dict) -> dict:
    """Load one report file into the database; time it to updated marts and check they counted it."""
    count_sql = ("select report_count from region_rollup where data_scope = 'all' and level = 'city' "
                 "and province = $p and city = $c and year = $y")
    args = {"p": fields["province"], "c": fields["city"], "y": fields["year"]}
    con = duckdb.connect(str(path), read_only=True)
    before = con.execute(count_sql, args).fetchone()[0]
    con.close()
    started = time.perf_counter()
    summary = load_paths([file], path, progress=False)
    seconds = time.perf_counter() - started
    con = duckdb.connect(str(path), read_only=True)
    after = con.execute(count_sql, args).fetchone()[0]
    rid = summary.results[0].report_ids[0]
    statuses = con.execute("select count(*) from rule_status where report_id = ?", [rid]).fetchone()[0]
    flags = con.execute("select count(*) from flags where report_id = ?", [rid]).fetchone()[0]
    con.close()
    return {"seconds": seconds, "refresh_s": summary.refresh.seconds, "mode": summary.refresh.mode,
            "recomputed": summary.refresh.recomputed, "counted": after == before + 1, "statuses": statuses,
            "flags": flags, "line": summary.refresh.describe()}


def read_marts(path: Path) -> dict:
    """Best-of-3 reading time of each mart for the province-year (bench.queries.MART_QUERIES)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {name: time_query(con, sql) for name, sql in MART_QUERIES.items()}
    finally:
        con.close()


def measure(n: int, folder: Path, file: Path, fields: dict) -> dict:
    """Every figure at one size."""
    path = folder / f"compare_{n}.duckdb"
    result = {"n": n, **build(n, path, fields)}
    result["read"] = read_marts(path)
    result["compare"] = like_for_like(path)
    result["import"] = import_one(path, file, fields)
    for p in (path, Path(f"{path}.wal")):
        p.unlink(missing_ok=True)
    return result


def load_line() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min)"


def markdown(results: list[dict], fields: dict) -> str:
    """The RESULTS.md section."""
    lines = [START, "## Like for like: DuckDB and pandas from the same base tables; importing one report "
             "(`python -m bench.compare`)", "",
             f"Date: {date.today()}. Machine: {machine()}, DuckDB {duckdb.__version__}, pandas {pd.__version__} "
             f"(polars not installed: not measured). {results[-1]['load']} when the last size finished.", "",
             f"Data: bench.queries.generate (15 indicators per report, 30 provinces × 10 cities × 8 counties, "
             f"2019–2024), province {RENAMED} renamed {fields['province']} / {fields['city']} / "
             f"{fields['county']} so that a report generated by ingest.demo lands in a province-year of the "
             "same size as the others. Every mart built in full first (`incremental.refresh(full=True)`).", "",
             in_short(results[-1]), "",
             "### Importing one report (`ingest.loader.load_paths`, the CLI's and the import page's path)", "",
             "Wall time from the call to its return: parse in the worker process, insert, incremental refresh of "
             "every mart it touches (its flags and rule results, its province-year's peer funnel, D flags, "
             "report_metrics, region marts, rule_summary), checkpoint. Target at 1M: ≤ 5 s.", "",
             "| reports | full rebuild s | import s | of which refresh s | reports recomputed | counted in region_rollup | ≤ 5 s |",
             "|---|---|---|---|---|---|---|"]
    for r in results:
        i = r["import"]
        lines.append(f"| {r['n']:,} | {r['full_refresh_s']:.1f} | {i['seconds']:.2f} | {i['refresh_s']:.2f} "
                     f"({i['mode']}) | {i['recomputed']:,} | {'yes' if i['counted'] else 'NO'} "
                     f"({i['statuses']} rule results, {i['flags']} flags) | {'yes' if i['seconds'] <= 5 else 'NO'} |")
    lines += ["", f"### Computing from the base tables: province {PROVINCE}, year {YEAR}", "",
              "The same computation in both engines: every report's review score (int_indicators_scored's "
              "rescoring and the review score of int_metrics_per_report), over- and under-claim, region_rollup's "
              f"city rows and score_distribution's city bins, and the flags of rules {', '.join(pandas_port.PORTED_RULES)} "
              "with their explanations. DuckDB: the SQL of queries/ unchanged, over the province-year's base "
              "rows copied from the database file into an in-memory catalog (copy, view creation and query "
              "planning included). pandas: bench.pandas_port over frames of the whole reports and indicators "
              "tables already in memory (their loading from DuckDB is the `load` columns, not included). Best of 3, "
              "each engine in a fresh process. Memory: the process's peak RSS while computing (VmHWM reset after "
              "connecting or loading), with what was resident before in brackets; pandas' frames stay resident, "
              "and loading them peaks higher still (`load peak`). The whole catalog's flags (every rule, with the "
              "applicability checks) are timed in DuckDB alone: the pandas port covers the rules above. "
              "`DuckDB ÷ pandas` above 1 means pandas was faster.", "",
              "| reports | in the province-year | DuckDB s | pandas s | DuckDB ÷ pandas | DuckDB peak MiB | "
              "pandas peak MiB | pandas load s (load peak MiB) | DuckDB, every rule s (flags) | figures equal |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        c = r["compare"]
        d, p, w = c["duckdb"], c["pandas"], c["duckdb_catalog"]
        lines.append(f"| {r['n']:,} | {c['reports']:,} | {d['seconds']:.3f} | {p['seconds']:.3f} | "
                     f"{d['seconds'] / p['seconds']:.2f} | {d['peak']:.0f} ({d['rss_before']:.0f}) | "
                     f"{p['peak']:.0f} ({p['rss_before']:.0f}) | {p['load_s']:.1f} ({p['load_peak']:.0f}) | "
                     f"{w['seconds']:.3f} ({c['flags_catalog']:,}) | "
                     f"{'yes' if not c['problems'] else 'NO: ' + '; '.join(c['problems'])} |")
    lines += ["", f"### Reading the materialized marts: province {PROVINCE}, year {YEAR}", "",
              "What a dashboard page does: select the province-year's rows of a mart already computed "
              "(best of 3). This is reading, not computing: compare it with the import, not with the table above.", "",
              "| mart | " + " | ".join(f"{r['n']:,} s (rows)" for r in results) + " |",
              "|---|" + "---|" * len(results)]
    for name in MART_QUERIES:
        lines.append(f"| {name} | " + " | ".join(f"{r['read'][name][0]:.3f} ({r['read'][name][1]:,})"
                                                 for r in results) + " |")
    lines.append(END)
    return "\n".join(lines)


def in_short(r: dict) -> str:
    """The headline figures of the largest size."""
    i, c = r["import"], r["compare"]
    d, p = c["duckdb"], c["pandas"]
    return (f"In short, at {r['n']:,} reports: importing one report took {i['seconds']:.2f} s to updated flags and "
            f"marts ({i['refresh_s']:.2f} s of it the incremental refresh), against {r['full_refresh_s']:.1f} s for a "
            f"full rebuild. Computing the same figures for one province-year ({c['reports']:,} reports) from the base "
            f"tables took DuckDB {d['seconds']:.3f} s and pandas {p['seconds']:.3f} s (DuckDB ÷ pandas "
            f"{d['seconds'] / p['seconds']:.2f}), at a peak of {d['peak']:,.0f} MiB for DuckDB and {p['peak']:,.0f} MiB "
            f"for pandas, whose frames of the whole tables took {p['load_s']:.1f} s to load (peak {p['load_peak']:,.0f} "
            "MiB). At the smaller sizes DuckDB's time is mostly its fixed cost: copying the rows, creating the views "
            "of queries/ and planning them.")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.compare", description=__doc__.split("\n")[0])
    ap.add_argument("--scales", default=",".join(map(str, SCALES)), help="comma-separated report counts")
    ap.add_argument("--dir", default=None, help="scratch folder for the databases (default: a temporary one)")
    ap.add_argument("--no-write", action="store_true", help="do not update bench/RESULTS.md")
    args = ap.parse_args(argv)
    folder = Path(args.dir or tempfile.mkdtemp(prefix="compare-"))
    folder.mkdir(parents=True, exist_ok=True)
    file, fields = demo_report(folder / "demo")
    results = []
    for n in [int(s) for s in args.scales.split(",")]:
        results.append(measure(n, folder, file, fields))
        results[-1]["load"] = load_line()
        print(json.dumps(results[-1], default=str, ensure_ascii=False), flush=True)
    (folder / "compare.json").write_text(json.dumps(results, default=str, ensure_ascii=False), encoding="utf-8")
    text = markdown(results, fields)
    publish(START, END, text, not args.no_write)
    if not args.dir:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
