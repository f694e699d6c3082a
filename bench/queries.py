"""Benchmark the dashboard marts on generated rows: 1M reports, 15M indicators (python -m bench.queries)."""
import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from bench.common import machine, publish
from ingest import db
from ingest.marts import refresh_marts

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
START, END = "<!-- queries:start -->", "<!-- queries:end -->"
PROVINCE, YEAR = "省07", 2022
# Each mart as the dashboard reads it: one province and one year.
MART_QUERIES = {
    "report_metrics": "select * from report_metrics where province = $p and year = $y",
    "region_rollup": "select * from region_rollup where data_scope = 'all' and province = $p and year = $y",
    "score_distribution": "select * from score_distribution where data_scope = 'all' and province = $p and year = $y",
    "grade_distribution": "select * from grade_distribution where data_scope = 'all' and province = $p and year = $y",
    "execution_rate_distribution":
        "select * from execution_rate_distribution where data_scope = 'all' and province = $p and year = $y",
    "flags": "select * from flags where province = $p and year = $y",
    "rule_status": "select * from rule_status where province = $p and year = $y",
    "rule_summary": "select * from rule_summary",
    "review_queue": "select * from review_queue where province = $p and year = $y",
    "peer_bands": "select * from peer_bands where province = $p and year = $y",
}

GENERATE = [
    """insert into sources (sha256, path, file_name, format, loaded_at, status, is_synthetic)
       select 'sha' || i, 'gen/' || i, 'gen_' || i || '.txt', 'txt', now(), 'loaded', i % 10 = 0
       from range($n) t(i)""",
    """insert into reports (report_id, sha256, kind, project_name, implementing_unit, province, city, county, year,
           money_unit, budget_initial, budget_full_year, executed, execution_rate, exec_weight, exec_score,
           self_score, grade, filed_date, project_end_date, claims_completion, n_indicators, loaded_at)
       select 'r' || i, 'sha' || i, 'project', '项目' || (i % 5000), '单位' || (i % 90000),
              '省' || lpad((i % 30)::varchar, 2, '0'), '省' || lpad((i % 30)::varchar, 2, '0') || '市' || (i // 30 % 10),
              '省' || lpad((i % 30)::varchar, 2, '0') || '市' || (i // 30 % 10) || '县' || (i // 300 % 8),
              2019 + (i // 2400 % 6), '万元', b, b, e, round(100 * e / b, 2), 10,
              case when random() < 0.3 then 10 else round(least(e / b, 1) * 10, 2) end, s,
              case when s >= 90 then '优' when s >= 80 then '良' when s >= 60 then '中' else '差' end,
              date '2023-02-01' + (i % 90)::int, date '2022-12-01' + (i % 150)::int, random() < 0.8, 15, now()
       from (select i, round(10 + random() * 490, 2) as b, round(random() * 40 + 60, 0) as s0
             from range($n) t(i)) x,
            lateral (select round(b * (0.7 + random() * 0.3), 2) as e, least(s0 + 5, 100) as s)""",
    """insert into indicators (report_id, seq, level1, level2, name, target, actual, weight, score, deviation_reason,
           target_cmp, target_num, target_unit, actual_cmp, actual_num, actual_unit, line, loc)
       select 'r' || (i // 15), i % 15 + 1,
              case when i % 15 < 9 then '产出指标' when i % 15 < 14 then '效益指标' else '满意度指标' end,
              '数量指标', '指标名称' || (i % 15), t_text, a_text, 6, sc,
              case when sc < 6 and random() < 0.5 then '原因说明' end,
              case when t_text like '≥%' then '>=' when t_text like '≤%' then '<=' end,
              t_num, t_unit, null, a_num, a_unit, 100 + i % 15, '表1'
       from (select i, random() as u from range($n * 15) t(i)) x,
            lateral (select
                case when u < 0.1 then '大幅提高' when u < 0.6 then '≥95%' else '≤10天' end as t_text,
                case when u < 0.1 then null when u < 0.6 then 95 else 10 end as t_num,
                case when u < 0.1 then null when u < 0.6 then '%' else '天' end as t_unit,
                case when u < 0.6 then round(90 + random() * 10, 1) else round(8 + random() * 4, 1) end as a_num,
                case when u < 0.6 then '%' else '天' end as a_unit,
                case when random() < 0.8 then 6 else 5 end as sc) y,
            lateral (select a_num || a_unit as a_text) z""",
    """insert into narratives select 'r' || i, 'problems',
           case when i % 3 = 0 then '无' else '部分项目进度滞后，资金支付不及时。' end, 200
       from range($n) t(i)""",
    """insert into provenance (report_id, field, origin, value, raw, line, loc)
       select 'r' || i, 'self_score', o, v, v, l, null
       from range($n) t(i), lateral (select * from (values ('table', 40), ('narrative', 5)) v(o, l)),
            lateral (select case when o = 'narrative' and i % 50 = 0 then '99' else '90' end as v)""",
]


def generate(con, n: int) -> float:
    """Fill the tables with n generated reports and 15 n indicators; return seconds."""
    t = time.perf_counter()
    con.execute("select setseed(0.42)")
    for sql in GENERATE:
        con.execute(sql.replace("$n", str(n)))
    return time.perf_counter() - t


def time_query(con, sql: str, repeat: int = 3) -> tuple[float, int]:
    """Best wall time of a mart query for the benchmark province and year, and its row count."""
    best, rows = float("inf"), 0
    for _ in range(repeat):
        t = time.perf_counter()
        rows = len(con.execute(sql, {"p": PROVINCE, "y": YEAR}).fetchall()) if "$p" in sql \
            else len(con.execute(sql).fetchall())
        best = min(best, time.perf_counter() - t)
    return best, rows


def load_frames(con) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Reports and indicators as pandas DataFrames (the baseline's input, loaded before timing)."""
    reports = con.execute("select report_id, province, city, county, year, budget_full_year, executed, "
                          "exec_weight, exec_score, self_score, grade from reports").df()
    indicators = con.execute("select report_id, weight, score, target_cmp, target_num, target_unit, "
                             "actual_num, actual_unit from indicators").df()
    return reports, indicators


def pandas_baseline(reports: pd.DataFrame, indicators: pd.DataFrame) -> dict:
    """Review score, inflation, city rollup and score bins for one province and year, in pandas."""
    r = reports[(reports.province == PROVINCE) & (reports.year == YEAR)].copy()
    i = indicators[indicators.report_id.isin(r.report_id)].copy()
    quant = i.target_num.notna() & i.actual_num.notna() & (i.target_unit == i.actual_unit)
    lower = i.target_cmp.isin(["<=", "<"])
    met = np.where(lower, i.actual_num <= i.target_num, i.actual_num >= i.target_num)
    ratio = np.where(lower, i.target_num / i.actual_num, i.actual_num / i.target_num)
    i["points"] = np.where(quant, np.where(met, i.weight, i.weight * np.clip(ratio, 0, 1)), i.score.fillna(i.weight))
    i["full"] = i.score >= i.weight - 0.01
    per = i.groupby("report_id").agg(points=("points", "sum"), full=("full", "mean"))
    r = r.merge(per, left_on="report_id", right_index=True, how="left")
    r["rate"] = 100 * r.executed / r.budget_full_year
    r["review"] = (np.minimum(r.rate, 100) / 100 * r.exec_weight).round(2) + r.points
    r["inflation"] = r.self_score - r.review
    rollup = r.groupby("city").agg(n=("report_id", "size"), budget=("budget_full_year", "sum"),
                                   executed=("executed", "sum"), mean_self=("self_score", "mean"),
                                   median_self=("self_score", "median"), mean_review=("review", "mean"),
                                   inflation=("inflation", "mean"))
    bins = r.groupby(["city", np.floor(r.self_score)]).size()
    return {"metrics": r, "rollup": rollup, "bins": bins}


def run(n: int, db_path: str) -> str:
    """Generate, refresh, time every mart and the pandas baseline; return the markdown section."""
    return markdown(**measure(n, db_path))


def generated_database(n: int, db_path: str) -> tuple:
    """A database of n generated reports with every mart built (text similarity off): the open connection,
    and the seconds generating and refreshing took."""
    con = db.connect(db_path)
    db.apply_schema(con)
    db.apply_views(con)
    gen_s = generate(con, n)
    t = time.perf_counter()
    refresh_marts(con, text_similarity=False)
    return con, gen_s, time.perf_counter() - t


def measure(n: int, db_path: str) -> dict:
    """Generate n reports, refresh the marts, time each mart and the pandas baseline."""
    con, gen_s, refresh_s = generated_database(n, db_path)
    timings = {name: time_query(con, sql) for name, sql in MART_QUERIES.items()}
    reports, indicators = load_frames(con)
    t = time.perf_counter()
    pandas_baseline(reports, indicators)
    pandas_s = time.perf_counter() - t
    compared = sum(timings[m][0] for m in ("report_metrics", "region_rollup", "score_distribution"))
    con.close()
    return {"n": n, "gen_s": gen_s, "refresh_s": refresh_s, "timings": timings, "pandas_s": pandas_s,
            "compared": compared}


def markdown(n, gen_s, refresh_s, timings, pandas_s, compared) -> str:
    """The RESULTS.md section for one run."""
    lines = [START, "## Marts: one province and one year (`python -m bench.queries`)", "",
             f"Date: {date.today()}. Machine: {machine()}, DuckDB {duckdb.__version__}, pandas {pd.__version__}.", "",
             f"Data: {n:,} generated reports, {15 * n:,} indicators, 30 provinces × 10 cities × 8 counties, "
             f"years 2019–2024 (generation {gen_s:.1f} s; `refresh_marts` {refresh_s:.1f} s, text similarity off). "
             f"Query: province {PROVINCE}, year {YEAR}; best of 3. Target: each mart ≤ 1 s.", "",
             "| mart | rows | seconds | ≤ 1 s |", "|---|---|---|---|"]
    lines += [f"| {m} | {rows:,} | {s:.3f} | {'yes' if s <= 1 else 'NO'} |" for m, (s, rows) in timings.items()]
    ratio = pandas_s / compared if compared else float("inf")
    lines += ["", f"Not like for like: pandas *computing* a simplified review score, inflation, city rollup and score "
              f"bins for the same province and year from DataFrames already in memory took {pandas_s:.3f} s; DuckDB "
              f"*reading* the three materialized marts (report_metrics + region_rollup + score_distribution) took "
              f"{compared:.3f} s (ratio {ratio:.1f}×). The same computation in both engines is timed by "
              "`python -m bench.compare` (section below).", END]
    return "\n".join(lines)


def main() -> None:
    """Parse arguments, run, print, and record the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=1_000_000, help="number of generated reports")
    parser.add_argument("--db", default=None, help="database file (default: a new temporary file)")
    parser.add_argument("--no-write", action="store_true", help="do not update bench/RESULTS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        section = run(args.reports, args.db or str(Path(tmp) / "bench.duckdb"))
    publish(START, END, section, not args.no_write)


if __name__ == "__main__":
    main()
