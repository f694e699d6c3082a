"""Data access for the dashboard: one cached read-only DuckDB connection, cached queries, short writes.

Readers share one read-only connection per database file. A write (a flag review, an import) waits
for running queries, closes that connection for a moment, writes with its own short-lived
read-write connection and lets readers reopen; an import is built on a copy of the file and swapped
in, so other pages and sessions keep reading while files are parsed and marts refreshed.
"""
import os
import re
import shutil
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from ingest import write_lock

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "evaluations.duckdb"
TTL = 600                 # seconds a cached query result lives
LOCK_RETRIES = 10         # attempts to open a file another process holds
LOCK_PAUSE = 0.3          # seconds between attempts
BUSY_WAIT = 20            # seconds a reader waits for an in-process write
POINT_LIMIT = 5000        # most points drawn in one scatter plot
QUEUE_LIMIT = 1000        # most flags listed on screen (the export has all)
REPORT_CHOICES = 2000     # most reports offered in the project picker
NO_COUNTY = "市本级/未注明区县"   # the county-view name of reports without a county (int_report_regions)
SEVERITY_ORDER = "case severity when '确定' then 0 when '疑似' then 1 else 2 end"
RULE_ORDER = "left(rule_id, 1), try_cast(substr(rule_id, 2) as integer)"     # A2 before A10


class StoreError(Exception):
    """A data-access failure with a message fit for the page (Chinese)."""


def db_path() -> str:
    """The database file: $EVAL_DB or data/evaluations.duckdb."""
    return os.environ.get("EVAL_DB") or str(DEFAULT_DB)


def _is_lock_error(exc: Exception) -> bool:
    return "lock" in str(exc).lower()


def _connect(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Open the file, retrying while another process holds its lock."""
    if read_only and not Path(path).exists():
        raise StoreError(f"数据库文件不存在：{path}")
    for _ in range(LOCK_RETRIES):
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise StoreError(f"无法打开数据库：{exc}") from exc
            time.sleep(LOCK_PAUSE)
    raise StoreError("数据库正由另一个进程写入，请稍候几秒后刷新页面重试。")


class Database:
    """One database file: a shared read-only connection, readers counted, writers one at a time."""

    def __init__(self, path: str):
        self.path = path
        self.writer = threading.Lock()
        self._cond = threading.Condition()
        self._con = None
        self._readers = 0
        self._writing = False

    @contextmanager
    def reading(self):
        """A cursor on the shared read-only connection."""
        with self._cond:
            if not self._cond.wait_for(lambda: not self._writing, timeout=BUSY_WAIT):
                raise StoreError("正在写入数据库，请稍候几秒后刷新页面。")
            if self._con is None:
                self._con = _connect(self.path, read_only=True)
            self._readers += 1
            cursor = self._con.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
            with self._cond:
                self._readers -= 1
                # not held open between reads, so a loader in another process can take the file
                if self._readers == 0 and self._con is not None:
                    self._con.close()
                    self._con = None
                self._cond.notify_all()

    @contextmanager
    def exclusive(self):
        """No reader inside: the shared connection is closed until the block ends."""
        with self._cond:
            self._writing = True
            if not self._cond.wait_for(lambda: self._readers == 0, timeout=BUSY_WAIT):
                self._writing = False
                self._cond.notify_all()
                raise StoreError("数据库正忙，请稍后重试。")
            if self._con is not None:
                self._con.close()
                self._con = None
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


@st.cache_resource(show_spinner=False)
def database(path: str) -> Database:
    """The shared connection holder of one file (cached for the server's life)."""
    return Database(path)


def frame(path: str, sql: str, params: list | None = None) -> pd.DataFrame:
    """Run one query on the read-only connection."""
    try:
        with database(path).reading() as cur:
            return cur.execute(sql, params or []).df()
    except duckdb.Error as exc:
        if _is_lock_error(exc):
            raise StoreError("数据库正由另一个进程写入，请稍候几秒后刷新页面重试。") from exc
        raise StoreError(f"查询失败：{type(exc).__name__}") from exc


def clear_caches() -> None:
    """Forget cached query results after a write."""
    st.cache_data.clear()


# ---------------------------------------------------------------- filters as SQL

def where(province=None, city=None, year=None, kind=None, synthetic=True, has_kind=True) -> tuple[str, list]:
    """A where clause for the marts that carry province/city/year/is_synthetic (and kind)."""
    conds, params = ["true"], []
    for col, val in (("province", province), ("city", city), ("year", year)):
        if val is not None:
            conds.append(f"{col} = ?")
            params.append(val)
    if kind is not None:
        conds.append("kind = ?" if has_kind else "report_id in (select report_id from report_metrics where kind = ?)")
        params.append(kind)
    if not synthetic:
        conds.append("not is_synthetic")
    return " and ".join(conds), params


def name_match(search: str, columns=("project_name", "implementing_unit")) -> tuple[str, list]:
    """An extra condition for a search box: any of the name columns contains the text as typed (literally,
    not as a pattern); nothing when the box is empty."""
    text = (search or "").strip()
    if not text:
        return "", []
    return " and (" + " or ".join(f"contains(coalesce({c}, ''), ?)" for c in columns) + ")", [text] * len(columns)


def region_level(city) -> tuple[str, str]:
    """Regions compared side by side: counties of a city, else cities."""
    return ("county", "county") if city else ("city", "city")


# ---------------------------------------------------------------- queries (cached)

@st.cache_data(ttl=TTL, show_spinner=False)
def filter_options(path: str) -> pd.DataFrame:
    """Every province, city, year and kind present, for the sidebar."""
    return frame(path, "select distinct province, city, year, kind, is_synthetic from report_metrics")


@st.cache_data(ttl=TTL, show_spinner=False)
def headline(path: str, province, city, year, kind, synthetic) -> dict:
    """The overview figures of the filtered reports."""
    w, p = where(province, city, year, kind, synthetic)
    sql = f"""
        select count(*) as reports,
               count(distinct province || '/' || city) as cities,
               -- money in doubt (A8, or far outside its province's scale) is left out of totals and rates
               sum(exec_budget) filter (where not money_in_doubt) as budget_total,
               median(exec_budget) filter (where not money_in_doubt) as budget_median,
               count(exec_budget) filter (where not money_in_doubt) as budget_n,
               count(*) filter (where money_in_doubt) as money_doubtful,
               100 * sum(executed) filter (where exec_budget > 0 and executed is not null and not money_in_doubt)
                   / nullif(sum(exec_budget) filter (where exec_budget > 0 and executed is not null
                                                      and not money_in_doubt), 0) as exec_rate,
               avg(case when grade = '优' then 1.0 when grade is not null then 0.0 end) as share_you,
               avg(case when all_full_marks then 1.0 when n_indicators > 0 then 0.0 end) as share_full,
               coalesce(sum(flags_certain), 0) as flags_certain,
               coalesce(sum(flags_suspected), 0) as flags_suspected,
               coalesce(sum(flags_note), 0) as flags_note,
               count(*) filter (where is_synthetic) as synthetic
        from report_metrics where {w}"""
    return frame(path, sql, p).iloc[0].to_dict()


@st.cache_data(ttl=TTL, show_spinner=False)
def score_bins(path: str, province, city, year, kind, synthetic) -> pd.DataFrame:
    """Self and review scores in 1-point bins, over the same reports: those with a self score and a complete
    review (a comparison over different reports would mislead); `n_reports` is that base."""
    w, p = where(province, city, year, kind, synthetic)
    sql = f"""
        with r as (select self_score, review_score from report_metrics
                   where {w} and review_scope = 'complete' and self_score is not null and review_score is not null),
        bins as (
            select '自评得分' as score_kind, least(greatest(floor(self_score), 0), 100)::integer as bin, count(*) as n
            from r group by all
            union all
            select '复核得分', least(greatest(floor(review_score), 0), 100)::integer, count(*)
            from r group by all
        )
        select *, (select count(*) from r) as n_reports from bins order by 1, 2"""
    return frame(path, sql, p)


@st.cache_data(ttl=TTL, show_spinner=False)
def grades_by_year(path: str, province, city, year, kind, synthetic) -> pd.DataFrame:
    """Report counts per year and stated grade."""
    w, p = where(province, city, year, kind, synthetic)
    sql = f"""select year, grade, count(*) as n from report_metrics
              where {w} and year is not null and grade is not null group by all order by year, grade"""
    return frame(path, sql, p)


@st.cache_data(ttl=TTL, show_spinner=False)
def region_table(path: str, province, city, year, kind, synthetic) -> pd.DataFrame:
    """One row per city (or county of the chosen city, the city's own reports under NO_COUNTY), in name order:
    reports, budget and weighted execution rate without the amounts in doubt (and how many those are), flags."""
    _, col = region_level(city)
    region = f"coalesce(county, '{NO_COUNTY}')" if col == "county" else "city"
    w, p = where(province, city, year, kind, synthetic)
    sql = f"""
        select province, city, {region} as region_name, count(*) as report_count,
               sum(exec_budget) filter (where not money_in_doubt) as budget_total,
               count(*) filter (where money_in_doubt) as money_doubtful,
               100 * sum(executed) filter (where exec_budget > 0 and executed is not null and not money_in_doubt)
                   / nullif(sum(exec_budget) filter (where exec_budget > 0 and executed is not null
                                                      and not money_in_doubt), 0) as execution_rate_weighted,
               sum(flags_certain) as flags_certain, sum(flags_suspected) as flags_suspected,
               sum(flags_note) as flags_note
        from report_metrics where {w} and city is not null
        group by all order by region_name, province"""
    return frame(path, sql, p)


@st.cache_data(ttl=TTL, show_spinner=False)
def report_points(path: str, province, city, year, kind, synthetic) -> pd.DataFrame:
    """One row per report (a stable sample beyond POINT_LIMIT): rate, scores and names for scatter plots."""
    _, col = region_level(city)
    region = f"coalesce(county, '{NO_COUNTY}')" if col == "county" else "city"
    w, p = where(province, city, year, kind, synthetic)
    sql = f"""
        select report_id, {region} as region, project_name, implementing_unit, year,
               coalesce(computed_rate, stated_rate) as execution_rate, self_score, review_score, review_scope,
               inflation, under_claim
        from report_metrics where {w} and city is not null and self_score is not null
        order by hash(report_id) limit {POINT_LIMIT}"""
    return frame(path, sql, p)


@st.cache_data(ttl=TTL, show_spinner=False)
def report_list(path: str, province, city, year, kind, synthetic, county=None,
                limit: int = REPORT_CHOICES, search: str = "") -> pd.DataFrame:
    """Reports of the filter (and county, and project or unit name), most flagged first, for lists and the
    project picker."""
    w, p = where(province, city, year, kind, synthetic)
    if county == NO_COUNTY:           # the city's own reports, and those that name no county
        w += " and county is null"
    elif county is not None:
        w, p = w + " and county = ?", p + [county]
    named, words = name_match(search)
    w, p = w + named, p + words
    sql = f"""
        select report_id, project_name, implementing_unit, province, city, county, year, self_score,
               review_score, review_scope, inflation, under_claim, grade, flags_certain, flags_suspected, flags_note
        from report_metrics where {w}
        order by flags_certain + flags_suspected desc, inflation desc nulls last, report_id limit {int(limit)}"""
    return frame(path, sql, p)


@st.cache_data(ttl=TTL, show_spinner=False)
def setting_value(path: str, name: str) -> float:
    """A numeric rule setting as the database holds it."""
    df = frame(path, "select value from settings where name = ?", [name])
    return float(df["value"].iloc[0])


@st.cache_data(ttl=TTL, show_spinner=False)
def funnel_points(path: str, province, city, year, kind=None, synthetic=True) -> tuple[pd.DataFrame, int | None]:
    """Funnel rows (as peer_funnel_points) of one province and year: its cities, or the counties of a city
    (compared with every county of the province); the latest year with data when none is chosen. The mart
    holds every report; with a kind chosen or synthetic data left out, the same funnel is computed over those."""
    if province is None:
        return pd.DataFrame(), year
    level, _ = region_level(city)
    filtered = kind is not None or not synthetic
    if year is None:
        w, p = where(province, None, None, kind, synthetic)
        source = "report_metrics" if filtered else "peer_funnel_points"
        row = frame(path, f"select max(year) as y from {source} where {w}" + ("" if filtered else " and level = ?"),
                    p + ([] if filtered else [level]))
        year = None if row.empty or pd.isna(row["y"].iloc[0]) else int(row["y"].iloc[0])
    if year is None:
        return pd.DataFrame(), None
    if filtered:
        df = _funnel_of(path, province, year, kind, synthetic, level)
    else:
        df = frame(path, """select * from peer_funnel_points where province = ? and year = ? and level = ?
                            order by measure, region_name""", [province, year, level])
    if city is not None and not df.empty:
        df = df.assign(in_city=df["city"] == city)
    return df, year


def _view_body(name: str) -> str:
    """The select of a view file of queries/, without its `create or replace view … as`."""
    from ingest import sql_catalog

    text = next(f.sql for f in sql_catalog.view_files() if f.name == name)
    return re.split(r"\bas\b", text[sql_catalog.CREATES.search(text).end():], maxsplit=1)[1]


def _funnel_of(path: str, province, year, kind, synthetic, level: str) -> pd.DataFrame:
    """The funnel of one province-year over the reports of a kind and/or without synthetic data: ingest.funnel's
    computation on those reports, named by the same SQL as the peer_funnel_points mart."""
    from ingest import funnel

    names = ", ".join(funnel.SETTING_NAMES)
    settings = {k: float(v) for k, v in frame(path, f"select {names} from stg_settings").iloc[0].items()}
    w, p = where(province, None, year, kind, synthetic)
    rows, _ = funnel.compute(frame(path, f"{funnel.INPUT_SQL} and {w}", p), settings)
    rows = rows[rows["level"] == level].astype({"overdispersed": bool, "is_flag": bool})
    if rows.empty:
        return pd.DataFrame()
    sql = f"""with peer_funnel as (select * from _funnel_rows),
                   int_peer_stats as ({_view_body("int_peer_stats")}),
                   points as ({_view_body("peer_funnel_points")})
              select * from points order by measure, region_name"""
    try:
        with database(path).reading() as cur:
            cur.register("_funnel_rows", rows)
            return cur.execute(sql).df()
    except duckdb.Error as exc:
        raise StoreError(f"查询失败：{type(exc).__name__}") from exc


@st.cache_data(ttl=TTL, show_spinner=False)
def rule_catalog(path: str) -> pd.DataFrame:
    """Rule ids, severities and titles."""
    return frame(path, "select rule_id, severity, title from rule_summary where data_scope = 'all' order by rule_id")


def _queue_where(rules, severities, statuses, province, city, year, kind, synthetic, search: str = "") -> tuple[str, list]:
    w, p = where(province, city, year, kind, synthetic, has_kind=False)
    named, words = name_match(search)
    w, p = w + named, p + words
    for col, values in (("rule_id", rules), ("severity", severities), ("review_status", statuses)):
        if values:
            w += f" and {col} in ({', '.join('?' * len(values))})"
            p += list(values)
    return w, p


@st.cache_data(ttl=TTL, show_spinner=False)
def review_queue(path: str, rules: tuple, severities: tuple, statuses: tuple, province, city, year, kind,
                 synthetic, limit: int | None = QUEUE_LIMIT, search: str = "") -> tuple[pd.DataFrame, int]:
    """The flags of the filter ranked by severity then inflation, and how many there are in all."""
    w, p = _queue_where(rules, severities, statuses, province, city, year, kind, synthetic, search)
    # counted on its own: a count over the ordered select sorts and builds every row's text first (8× slower)
    total = int(frame(path, f"select count(*) as n from review_queue where {w}", p)["n"].iloc[0])
    sql = f"""select report_id, rule_id, severity, title, explanation, basis, request, forward_text,
                     project_name, implementing_unit,
                     province, city, county, year, self_score, review_score, inflation, source_loc,
                     review_status, review_note, reviewer, reviewed_at, file_name, evidence::varchar as evidence
              from review_queue where {w}
              order by {SEVERITY_ORDER}, inflation desc nulls last, report_id, rule_id"""
    return frame(path, sql + (f" limit {int(limit)}" if limit else ""), p), total


@st.cache_data(ttl=TTL, show_spinner=False)
def unit_reports(path: str, unit: str | None, report_id: str, province=None, city=None) -> pd.DataFrame:
    """The same implementing unit's other current reports (within a province and city when given), latest year first."""
    if not unit:
        return pd.DataFrame(columns=["report_id", "year", "project_name", "self_score", "review_score", "inflation"])
    w, p = where(province, city)
    return frame(path, f"""select report_id, year, project_name, self_score, review_score, inflation
                           from report_metrics where {w} and implementing_unit = ? and report_id <> ?
                           order by year desc nulls last, project_name""", p + [unit, report_id])


@st.cache_data(ttl=TTL, show_spinner=False)
def report_detail(path: str, report_id: str) -> dict:
    """Everything the project page shows about one report."""
    one = [report_id]
    metrics = frame(path, "select * from report_metrics where report_id = ?", one)
    if metrics.empty:
        return {}
    extra = frame(path, """select r.filed_date, r.project_end_date, r.claims_completion, r.goal_target, r.goal_actual,
                                  s.file_name, s.format, s.path, s.loaded_at, s.source_text
                           from reports as r join sources as s using (sha256) where r.report_id = ?""", one)
    return {
        "metrics": metrics.iloc[0].to_dict(),
        "extra": extra.iloc[0].to_dict() if len(extra) else {},
        "funds": frame(path, "select * exclude (report_id) from funds where report_id = ? order by row_no", one),
        "indicators": frame(path, "select * from int_indicators_scored where report_id = ? order by seq", one),
        "flags": frame(path, """select rule_id, severity, title, explanation, basis, request, forward_text,
                                       evidence::varchar as evidence,
                                       source_line, source_loc, review_status, review_note, reviewer, reviewed_at
                                from review_queue where report_id = ? order by rule_id""", one),
        "rules": frame(path, """select s.rule_id, s.severity, c.title, s.status, s.reason
                                from rule_status as s
                                left join (select rule_id, title from rule_summary where data_scope = 'all') as c
                                using (rule_id)
                                where s.report_id = ? order by s.rule_id""", one),
        "warnings": frame(path, "select message from warnings where report_id = ?", one),
        "uncertain": frame(path, "select item, value, loc, confidence from uncertain_values where report_id = ?", one),
        "narratives": frame(path, "select section, text, line from narratives where report_id = ? order by line", one),
    }


@st.cache_data(ttl=TTL, show_spinner=False)
def rule_summary(path: str, province=None, city=None, year=None, kind=None, synthetic=True) -> pd.DataFrame:
    """Every rule with definition, basis, thresholds and pass / fail / not-computable counts over the filter's
    reports (the rule_summary mart holds them for all and for real reports)."""
    if province is None and city is None and year is None and kind is None:
        return frame(path, """select * exclude (data_scope, position) from rule_summary where data_scope = ?
                              order by position""", ["all" if synthetic else "real"])
    w, p = where(province, city, year, kind, synthetic, has_kind=False)
    counts = ("n_pass", "n_fail", "n_not_computable")
    return frame(path, f"""
        with counts as (
            select rule_id, count(*) filter (where status = 'pass') as n_pass,
                   count(*) filter (where status = 'fail') as n_fail,
                   count(*) filter (where status = 'not_computable') as n_not_computable,
                   mode(reason) filter (where status = 'not_computable') as top_not_computable_reason
            from rule_status where {w} group by rule_id
        )
        select r.* exclude (data_scope, position, {', '.join(counts)}, top_not_computable_reason),
               {', '.join(f'coalesce(c.{n}, 0) as {n}' for n in counts)}, c.top_not_computable_reason
        from rule_summary as r left join counts as c using (rule_id)
        where r.data_scope = 'all' order by r.position""", p)


@st.cache_data(ttl=TTL, show_spinner=False)
def ingest_errors(path: str, limit: int = 200) -> pd.DataFrame:
    """The latest files that could not be loaded."""
    return frame(path, f"""select failed_at, path, format, reason_zh, reason_en from ingest_errors
                           order by failed_at desc limit {int(limit)}""")


# ---------------------------------------------------------------- writes

@contextmanager
def _writer(db: Database):
    if not db.writer.acquire(timeout=BUSY_WAIT):
        raise StoreError("正在导入数据，请稍后再试。")
    try:
        yield
    finally:
        db.writer.release()


@contextmanager
def _other_writers(path: str):
    """The cross-process writer lock (a CLI load may be running); a long wait becomes a page message."""
    try:
        with write_lock.writer(path, wait=BUSY_WAIT):
            yield
    except write_lock.DatabaseBusy as exc:
        raise StoreError("另一个载入任务正在写入数据库，请稍后再试。") from exc


def save_review(path: str, report_id: str, rule_id: str, decision: str, note: str, user) -> datetime:
    """Record a supervisor's decision on one flag."""
    return save_reviews(path, [(report_id, rule_id)], decision, note, user)


def _check_reviewer(path: str, flags: list[tuple[str, str]], user) -> None:
    """Only a reviewing account, and only on reports inside its scope."""
    if user is None or not user.can_review:
        raise StoreError("当前账号只能查看，不能保存复核结论。")
    ids = sorted({report_id for report_id, _ in flags})
    places = frame(path, f"select report_id, province, city from report_metrics "
                         f"where report_id in ({', '.join('?' * len(ids))})", ids)
    outside = set(ids) - {r.report_id for r in places.itertuples() if user.sees(r.province, r.city)}
    if outside:
        raise StoreError(f"有 {len(outside)} 份报告不在当前账号的范围（{user.scope_text()}）内，未保存。")


def save_reviews(path: str, flags: list[tuple[str, str]], decision: str, note: str, user) -> datetime:
    """Record one decision on several flags at once, signed by the signed-in account, in one transaction of a
    short-lived read-write connection. Earlier decisions stay in flag_reviews: the latest one counts, the
    others are the flag's history."""
    if decision not in ("confirmed", "false_positive"):
        raise StoreError("复核结论只能是“确认”或“误报”。")
    if not flags:
        raise StoreError("请先在表中选择要复核的线索。")
    _check_reviewer(path, flags, user)
    db, now = database(path), datetime.now()
    rows = [[report_id, rule_id, decision, note.strip() or None, user.name, now] for report_id, rule_id in flags]
    with _writer(db), _other_writers(path), db.exclusive():
        con = _connect(path, read_only=False)
        try:
            con.execute("begin transaction")
            con.executemany("insert into flag_reviews values (?, ?, ?, ?, ?, ?)", rows)
            con.execute("commit")
        finally:
            con.close()
    clear_caches()
    return now


def load_uploads(path: str, files: list[tuple[str, bytes]], progress=None):
    """Load uploaded files on a copy of the database, then swap it in; returns the loader's summary."""
    from ingest.loader import load_files

    db = database(path)
    with _writer(db), _other_writers(path):
        work = Path(tempfile.mkdtemp(prefix=".import-", dir=Path(path).parent))
        try:
            copy = work / "work.duckdb"
            shutil.copyfile(path, copy)
            summary = load_files(files, copy, progress=progress or False)
            with db.exclusive():
                os.replace(copy, path)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    clear_caches()
    return summary


_BUILD_LOCK = threading.Lock()


@st.cache_resource(show_spinner=False)
def finish_interrupted_batch(path: str) -> bool:
    """Once per server: rebuild the marts if a load was killed before its refresh, and drop the work
    copies of interrupted imports; a load running right now is left alone."""
    from ingest.loader import finish_interrupted_batch as finish

    try:
        with database(path).exclusive():
            finished = finish(path)
    except (write_lock.DatabaseBusy, StoreError):
        return False
    if finished:
        clear_caches()
    return finished


def ensure_database(path: str, progress=None) -> bool:
    """Build the default database when the file is missing; returns True when it built one."""
    if Path(path).exists():
        finish_interrupted_batch(path)
        return False
    with _BUILD_LOCK:
        if Path(path).exists():
            return False
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".build-", dir=Path(path).parent))
        try:
            tmp = work / "new.duckdb"
            _build(tmp, progress)
            os.replace(tmp, path)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    clear_caches()
    return True


def _build(tmp: Path, progress) -> None:
    """The default corpus (the bundled real reports and the demo reports) via ingest.default_db."""
    from ingest.default_db import build_default

    if progress:
        progress(0, 1, "正在生成默认数据库（真实报告加 600 份演示报告）…")
    build_default(tmp, reports=600, progress=False, on_step=progress)


# ---------------------------------------------------------------- year over year

@st.cache_data(ttl=TTL, show_spinner=False)
def yearly(path: str, province, city, kind, synthetic, unit: str | None = None) -> pd.DataFrame:
    """Per year: reports, mean self score, and over the reports with a complete review (the same reports for
    both) the mean self and review scores and the mean over-claim; flags and flagged reports."""
    w, p = where(province, city, None, kind, synthetic)
    if unit:
        w += " and implementing_unit = ?"
        p.append(unit)
    sql = f"""
        select year,
               count(*) as reports,
               avg(self_score) as mean_self,
               count(*) filter (where review_scope = 'complete') as reviewed,
               avg(self_score) filter (where review_scope = 'complete') as mean_self_reviewed,
               avg(review_score) filter (where review_scope = 'complete') as mean_review,
               avg(inflation) filter (where review_scope = 'complete') as mean_over_claim,
               sum(flags_certain + flags_suspected + flags_note) as flags,
               count(*) filter (where flags_certain + flags_suspected + flags_note > 0) as reports_flagged
        from report_metrics where {w} and year is not null
        group by year order by year"""
    return frame(path, sql, p)


@st.cache_data(ttl=TTL, show_spinner=False)
def units(path: str, province, city, kind, synthetic, search: str = "") -> pd.DataFrame:
    """Implementing units of the filter with their number of reports and years, most reports first."""
    w, p = where(province, city, None, kind, synthetic)
    named, words = name_match(search, ("implementing_unit",))
    w, p = w + named, p + words
    return frame(path, f"""select implementing_unit, count(*) as reports, count(distinct year) as years
                           from report_metrics where {w} and implementing_unit is not null
                           group by all order by years desc, reports desc, implementing_unit limit 500""", p)


@st.cache_data(ttl=TTL, show_spinner=False)
def unit_projects(path: str, unit: str, synthetic, province=None, city=None) -> pd.DataFrame:
    """One unit's reports across years (within a province and city when given), with whether its text repeats
    last year's (C3)."""
    w, p = where(province, city, None, None, synthetic)
    return frame(path, f"""select m.report_id, m.year, coalesce(m.project_name, '（未识别项目名称）') as project_name,
                                  m.self_score, m.review_score, m.inflation,
                                  m.flags_certain + m.flags_suspected + m.flags_note as flags,
                                  exists (select 1 from flags as x where x.report_id = m.report_id and x.rule_id = 'C3')
                                      as same_as_last_year
                           from report_metrics as m where {w} and m.implementing_unit = ?
                           order by m.project_name, m.year""", p + [unit])


# ---------------------------------------------------------------- map

MAP_MEASURES = {"mean_self": "平均自评分", "share_100": "总分100分的报告占比", "mean_over_claim": "平均虚高（多报分）",
                "share_flagged": "有线索的报告占比"}


@st.cache_data(ttl=TTL, show_spinner=False)
def map_regions(path: str, province, city, year, kind, synthetic) -> pd.DataFrame:
    """One row per province (or city of the chosen province, or county of the chosen city) with its code, name,
    reports and the measures."""
    w, p = where(province, city, year, kind, synthetic)
    region, code = (("county", "adcode") if city else ("city", "substr(adcode, 1, 4) || '00'") if province
                    else ("province", "substr(adcode, 1, 2) || '0000'"))
    keep = "adcode is not null and not ends_with(adcode, '00')" if city else "adcode is not null"
    return frame(path, f"""
        select {code} as adcode, any_value({region}) as name, count(*) as reports,
               avg(self_score) as mean_self,
               avg(case when self_score >= 100 then 1.0 when self_score is not null then 0.0 end) as share_100,
               avg(inflation) filter (where review_scope = 'complete') as mean_over_claim,
               count(*) filter (where review_scope = 'complete') as reviewed,
               avg(case when flags_certain + flags_suspected + flags_note > 0 then 1.0 else 0.0 end) as share_flagged
        from report_metrics where {w} and {keep} and {region} is not null
        group by all order by name""", p)


# ---------------------------------------------------------------- review history and exports

@st.cache_data(ttl=TTL, show_spinner=False)
def review_history(path: str, report_id: str) -> pd.DataFrame:
    """Every decision on the report's flags, oldest first per flag (flag_review_history)."""
    return frame(path, """select h.rule_id, c.title, h.revision, h.decision, h.previous_decision, h.note, h.reviewer,
                                 h.reviewed_at, h.is_current
                          from flag_review_history as h
                          left join (select rule_id, title from rule_summary where data_scope = 'all') as c using (rule_id)
                          where h.report_id = ? order by h.rule_id, h.revision""", [report_id])


@st.cache_data(ttl=TTL, show_spinner=False)
def review_units(path: str, province, city, year, kind, synthetic) -> pd.DataFrame:
    """The implementing units of the filter with their reports and flags by review status, most flags first."""
    w, p = where(province, city, year, kind, synthetic)
    return frame(path, f"""
        with q as (select report_id, count(*) as flags,
                          count(*) filter (where review_status = 'confirmed') as confirmed,
                          count(*) filter (where review_status = 'false_positive') as false_positive,
                          count(*) filter (where review_status = 'open') as open
                   from review_queue group by report_id)
        select m.province, m.implementing_unit, count(*) as reports,
               coalesce(sum(q.flags), 0)::integer as flags, coalesce(sum(q.confirmed), 0)::integer as confirmed,
               coalesce(sum(q.false_positive), 0)::integer as false_positive,
               coalesce(sum(q.open), 0)::integer as open
        from report_metrics as m left join q using (report_id)
        where {w} and m.implementing_unit is not null
        group by all order by flags desc, m.implementing_unit""", p)


PACK_REPORTS = """report_id, year, project_name, implementing_unit, supervising_department, province, city, county,
    file_name, self_score, grade, review_score, review_scope, review_reason, review_max, inflation, under_claim,
    exec_weight_known, exec_score, exec_review_points, stated_rate, computed_rate, exec_budget, executed,
    flags_certain, flags_suspected, flags_note"""
PACK_INDICATORS = """report_id, seq, level1, level2, name, target, actual, target_num, target_unit, actual_num,
    actual_unit, weight, score, review_points, rule_formula, over_claim, under_claim, deviation_reason, direction,
    is_quantitative, unverifiable_reason, is_substantive, loc"""
PACK_FLAGS = """report_id, rule_id, severity, title, explanation, basis, request, source_loc, review_status,
    review_note, reviewer, reviewed_at"""


@st.cache_data(ttl=TTL, show_spinner=False)
def review_pack(path: str, province, city, year, kind, synthetic, unit: str | None = None) -> dict:
    """What the 复核底稿 and 复核意见 need for the units of a filter (or one unit): their reports with review
    figures, the reports' indicators rescored, and their flags with the latest decision."""
    w, p = where(province, city, year, kind, synthetic)
    w += " and implementing_unit is not null"
    if unit is not None:
        w += " and implementing_unit = ?"
        p.append(unit)
    chosen = f"select report_id from report_metrics where {w}"
    return {
        "reports": frame(path, f"""select {PACK_REPORTS} from report_metrics where {w}
                                  order by implementing_unit, year, project_name, report_id""", p),
        "indicators": frame(path, f"""select {PACK_INDICATORS} from int_indicators_scored
                                     where report_id in ({chosen}) order by report_id, seq""", p),
        "flags": frame(path, f"""select {PACK_FLAGS} from review_queue where report_id in ({chosen})
                                order by report_id, {SEVERITY_ORDER}, {RULE_ORDER}""", p),
    }
