"""Incremental refresh: after a load, recompute only what the new and superseded reports touch.

What a report touches, besides its own metrics, rule results and flags:
- the reports whose narratives it resembles (C2, C3: text_similarity pairs, in any province or year) and the
  same unit's report of the year after (C3's `previous_year` input): their flags and rule results;
- its province and year: the peer funnel, hence every report's D flags and whether D1–D3 are computable
  there, the median budget (report_metrics' money doubt), and the region marts of the province (that year
  and all years); rule_summary adds up per-province-year counts.

The SQL of queries/ runs unchanged over a scratch catalog: first over the base rows of the affected reports
(and the reports their rules name), then, with the other reports of their province-years added from the
marts (their metrics and flags do not change), the funnel of those province-years (ingest.funnel.compute),
the peer rules' flags, report_metrics and rule_status. The rows replace the old ones in one transaction;
the region marts are recomputed over the touched provinces only. A full rebuild (ingest.marts.refresh_marts)
runs instead when the marts were built by other code or settings, or when the touched province-years hold
most of the reports anyway.
"""
import time
from contextlib import contextmanager
from dataclasses import dataclass

from ingest import db, marts, rule_registry, sql_catalog, text_similarity
from ingest.rule_settings import set_pattern_variables, values, write_settings

FULL_SHARE = 0.5       # touched province-years holding more than this share of the reports: rebuild everything
SCRATCH, REGIONS = "refresh_scratch", "refresh_regions"
# per-report tables whose rows depend on nothing but their own report's base rows
OWN_ROW_TABLES = ("int_indicators_scored", "int_metrics_per_report")
# what the funnel and the peer rules read of the reports a batch did not affect (copied, not recomputed)
UNAFFECTED_INPUTS = ("int_metrics_per_report", "flags")
# per-report tables that hold, for unaffected reports, only the peer rules' rows valid in scratch (their
# other rows need base rows scratch does not copy, and do not change)
PEER_ROWS_ONLY = {"rule_status": "rule_id"}

CHANGES_SQL = """
    select coalesce(r.report_id, m.report_id) as report_id, m.report_id is null as is_new
    from (select report_id from reports where is_current) as r
    full join (select report_id from int_metrics_per_report) as m using (report_id)
    where r.report_id is null or m.report_id is null
"""
# reports an import affects: its own, those whose text pairs changed, and the same unit's year after
AFFECTED_SQL = """
    with changed as (select report_id from _inc_new union select report_id from _inc_gone),
    units as (
        select implementing_unit, year from stg_reports semi join changed using (report_id)
        union select implementing_unit, year from int_metrics_per_report semi join _inc_gone using (report_id)
    )
    select report_id from changed
    union select report_id from _inc_similar
    union select r.report_id from stg_reports as r join units as u
        on r.implementing_unit = u.implementing_unit and r.year = u.year + 1
"""
KEYS_SQL = """
    select distinct province, year from stg_reports semi join _inc_affected using (report_id)
    union select distinct province, year from int_metrics_per_report semi join _inc_affected using (report_id)
"""
SCOPE_SQL = """
    select r.report_id, a.report_id is not null as is_affected from stg_reports as r
    semi join _inc_keys as k on r.province is not distinct from k.province and r.year is not distinct from k.year
    left join _inc_affected as a using (report_id)
"""
# reports the affected reports' rules name without being affected: text partners and the unit's year before
NAMED_SQL = """
    with affected as (select report_id from _inc_scope where is_affected)
    select other_report_id as report_id from text_similarity semi join affected using (report_id)
    union
    select p.report_id from stg_reports as p
    join (select implementing_unit, year from stg_reports semi join affected using (report_id)) as r
      on p.implementing_unit = r.implementing_unit and p.year = r.year - 1
    except select report_id from affected
"""


@dataclass
class Refresh:
    """What one refresh did."""

    mode: str                   # full | incremental | none
    new: int = 0                # reports that became current
    gone: int = 0               # reports no longer current (re-filed)
    affected: int = 0           # current reports whose own marts were recomputed
    recomputed: int = 0         # current reports of the touched province-years (peer rules, report_metrics)
    province_years: int = 0     # province-years whose peer statistics were recomputed
    seconds: float = 0.0
    reason: str = ""

    def describe(self) -> str:
        """One line in Chinese and English."""
        if self.mode == "none":
            return "汇总表已是最新 / marts already up to date"
        if self.mode == "full":
            return f"全部重算（{self.reason}），用时 {self.seconds:.1f} 秒 / full rebuild ({self.reason}) in {self.seconds:.1f} s"
        return (f"增量刷新：新增 {self.new} 份、替换 {self.gone} 份，重算 {self.affected} 份报告及其 "
                f"{self.province_years} 个省份年度的 {self.recomputed} 份报告的同级比较，用时 {self.seconds:.2f} 秒 / "
                f"incremental: {self.new} new, {self.gone} replaced, {self.affected} reports and the peer "
                f"comparison of {self.recomputed} reports in {self.province_years} province-years recomputed "
                f"in {self.seconds:.2f} s")


def refresh(con, full: bool = False) -> Refresh:
    """Bring the marts up to date with the base tables: incrementally when it is sound and cheaper, else in full."""
    started = time.perf_counter()
    settings_in_force(con)
    rule_registry.write_registry(con)
    current = marts.version()
    reason = full_reason(con, full, current)
    if reason is None:
        done = incremental(con, current)
        if done is not None:
            done.seconds = time.perf_counter() - started
            return done
        reason = "本次涉及的省份年度占多数 / most province-years touched"
    marts.refresh_marts(con)
    return Refresh("full", seconds=time.perf_counter() - started, reason=reason)


def settings_in_force(con) -> None:
    """The settings table as the environment sets it (rewritten only when it differs) and its session variables."""
    stored = dict(con.execute("select name, value from settings").fetchall())
    if stored != values():
        write_settings(con)
    else:
        set_pattern_variables(con)


def full_reason(con, full: bool, current: str) -> str | None:
    """Why this refresh must rebuild everything, or None when an incremental one is sound."""
    if full:
        return "按要求 / as asked"
    if marts.stored_version(con) != current:
        return "汇总表由其他版本的代码或设置构建 / marts built by other code or settings"
    return None


def incremental(con, built_with: str) -> Refresh | None:
    """Recompute what the changed reports touch; None when a full rebuild would do less work."""
    table(con, "_inc_changes", CHANGES_SQL)
    new = table(con, "_inc_new", "select report_id from _inc_changes where is_new")
    gone = table(con, "_inc_gone", "select report_id from _inc_changes where not is_new")
    if not new and not gone:
        return Refresh("none")
    marts.forget_version(con)   # from here until the version is recorded again, a crash means a full rebuild
    similar = text_similarity.refresh_for(con, "_inc_new", "_inc_gone")
    table(con, "_inc_similar", "select unnest(?::varchar[]) as report_id", [sorted(similar)])
    table(con, "_inc_affected", AFFECTED_SQL)
    keys = con.execute(KEYS_SQL).fetchall()
    values = ", ".join(f"({literal(p)}, {literal(y)})" for p, y in keys) or "(null, null)"
    table(con, "_inc_keys", f"select province::varchar as province, year::integer as year "
                            f"from (values {values}) as k(province, year) where {bool(keys)}")
    scope = table(con, "_inc_scope", SCOPE_SQL)
    if scope > FULL_SHARE * con.execute("select count(*) from reports where is_current").fetchone()[0]:
        return None
    table(con, "_inc_named", NAMED_SQL)
    with scratch(con) as home:
        compute_in_scratch(con, home, keys)
        write_back(con, home, keys)
    recompute_regions(con, keys)
    marts.remember_version(con, built_with)
    affected = con.execute("select count(*) from _inc_scope where is_affected").fetchone()[0]
    return Refresh("incremental", new=new, gone=gone, affected=affected, recomputed=scope,
                   province_years=sum(p is not None and y is not None for p, y in keys))


def table(con, name: str, sql: str, params=None) -> int:
    """A temporary table of the query's rows; returns how many."""
    con.execute(f"create or replace temp table {name} as {sql}", params or [])
    return con.execute(f"select count(*) from {name}").fetchone()[0]


def literal(value) -> str:
    """A SQL literal of a province name or a year (null included)."""
    if value is None:
        return "null"
    return str(int(value)) if isinstance(value, int) else "'" + str(value).replace("'", "''") + "'"


def region_condition(keys: list, all_years: bool = True) -> str:
    """Rows of the touched province-years (and, with all_years, of their provinces' all-years rows)."""
    parts = []
    for province, year in keys:
        p = "province is null" if province is None else f"province = {literal(province)}"
        y = "year is null" if year is None else f"year = {year}"
        parts.append(f"({p} and ({y} or year is null))" if all_years else f"({p} and {y})")
    return "(" + " or ".join(parts) + ")" if parts else "false"


def quoted(name: str) -> str:
    """A catalog name as an identifier."""
    return '"' + name.replace('"', '""') + '"'


@contextmanager
def scratch(con, name: str = SCRATCH):
    """An in-memory catalog beside the database, dropped afterwards; yields the database's own name."""
    home = con.execute("select current_database()").fetchone()[0]
    con.execute(f"attach ':memory:' as {name}")
    try:
        yield home
    finally:
        con.execute(f"use {quoted(home)}")
        con.execute(f"detach {name}")


def upstream(names: set) -> set:
    """The named files and every file they read, directly or through others."""
    deps = sql_catalog.dependencies(sql_catalog.view_files())
    found, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name not in found:
            found.add(name)
            todo.extend(deps.get(name, ()))
    return found


def columns_of(con, catalog: str) -> dict:
    """Column names of each table of a catalog."""
    return dict(con.execute("select table_name, list(column_name) from duckdb_columns() "
                            "where database_name = ? and schema_name = 'main' group by 1", [catalog]).fetchall())


def per_report_files(con, home: str) -> list:
    """The materialized files whose tables hold one report's rows (they have a report_id column)."""
    columns = columns_of(con, home)
    return [p for p in marts.materialized_files() if "report_id" in columns.get(p.stem, [])]


def copy_base_rows(con, home: str) -> None:
    """The base rows of the affected reports (and of the reports they name) from the database into scratch."""
    affected = "(select report_id from temp._inc_scope where is_affected)"
    tables = columns_of(con, SCRATCH)
    for name, cols in sorted(tables.items(), key=lambda t: t[0] != "reports"):   # sources follow their reports
        if name == "reports":
            rows = f"where report_id in ({affected[1:-1]} union select report_id from temp._inc_named)"
        elif name == "sources":
            rows = f"where sha256 in (select sha256 from {SCRATCH}.main.reports)"
        elif "report_id" in cols:
            rows = f"where report_id in {affected}"
        elif "province" in cols and "year" in cols:
            rows = "as t semi join temp._inc_keys as k on t.province = k.province and t.year = k.year"
        else:
            rows = ""
        con.execute(f"insert into {SCRATCH}.main.{name} by name select * from {quoted(home)}.main.{name} {rows}")


def peer_rules() -> list:
    """The rules that compare peers (their views read the funnel), as registry entries."""
    readers = marts.peer_readers()
    return [r for r in rule_registry.rules() if r.view_name in readers]


def compute_in_scratch(con, home: str, keys: list) -> None:
    """In scratch: the affected reports' own marts and their other rules' flags; then, with the unaffected
    reports of the province-years added, the funnel, the peer rules' flags, report_metrics and rule_status.
    Planning the union of every rule costs most of a second, so each rule is planned once."""
    con.execute(f"use {SCRATCH}")
    db.create_tables(con)
    copy_base_rows(con, home)
    rules = [r.view_name for r in rule_registry.write_registry(con)]
    peers = [r.view_name for r in peer_rules()]
    first = upstream({"int_metrics_per_report", "flags"})
    try:
        con.execute("set variable rule_views = ?", [[v for v in rules if v not in peers]])
        for sql_file in sql_catalog.build_order():
            if sql_file.materialized != "table" or sql_file.name in first:
                con.execute(sql_file.sql)
            else:   # the shape only, so the views that read it can be created; filled below or not needed here
                con.execute(f"create table {sql_file.name} as select * from {quoted(home)}.main.{sql_file.name} limit 0")
        add_unaffected(con, home, keys)
        where = f"where {region_condition([k for k in keys if None not in k], all_years=False)}"
        marts.write_peers(con, *marts.compute_peers(con, where), where=where)
        con.execute("set variable rule_views = ?", [peers])
        per_report = {p.stem for p in per_report_files(con, home)}
        for path in marts.funnel_dependents():
            if path.stem == "flags":
                con.execute(f"insert into flags by name select * from ({query_of(path.read_text(encoding='utf-8'))})")
            elif path.stem in per_report:
                con.execute(path.read_text(encoding="utf-8"))
    finally:
        con.execute("set variable rule_views = ?", [rules])
        con.execute(f"use {quoted(home)}")


def add_unaffected(con, home: str, keys: list) -> None:
    """The metrics and the other rules' flags of the province-years' unaffected reports, as the marts hold them."""
    peer_ids = [r.rule_id for r in peer_rules()]
    regions = region_condition(keys, all_years=False)
    unaffected = "select report_id from temp._inc_scope where not is_affected"
    for name in UNAFFECTED_INPUTS:
        # a report the affected ones name (text partner, year before) may be among them: computed here without
        # its indicators, it makes way for the row the marts hold
        con.execute(f"delete from {name} where report_id in ({unaffected})")
        skip_peers = f"and rule_id not in ({', '.join(map(literal, peer_ids)) or 'null'})" if name == "flags" else ""
        con.execute(f"""insert into {name} by name select * from {quoted(home)}.main.{name}
                        where {regions} {skip_peers} and report_id in ({unaffected})""")


def write_back(con, home: str, keys: list) -> None:
    """Replace the recomputed rows of the database's per-report marts and peer tables in one transaction."""
    columns = columns_of(con, home)
    regions = region_condition(keys, all_years=False)
    peer_ids = [r.rule_id for r in peer_rules()]
    con.execute("begin transaction")
    try:
        peers = f"where {region_condition([k for k in keys if None not in k], all_years=False)}"
        for name in ("peer_funnel", "peer_bunching"):
            con.execute(f"delete from {name} {peers}")
            con.execute(f"insert into {name} by name select * from {SCRATCH}.main.{name}")
        for path in per_report_files(con, home):
            replace_reports(con, path.stem, columns[path.stem], regions, peer_ids)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def replace_reports(con, name: str, cols: list, regions: str, peer_ids: list) -> None:
    """Swap one per-report table's recomputed rows: own-row tables for the changed reports, the others for every
    report of the province-years (or, where only peer rows were recomputed, those and the affected reports')."""
    gone = "select report_id from _inc_gone"
    if name in OWN_ROW_TABLES:
        old = f"report_id in (select report_id from _inc_new union {gone})"
        new = "report_id in (select report_id from _inc_new)"
    else:
        rows = "report_id in (select report_id from _inc_scope)"
        if name in PEER_ROWS_ONLY:
            column = PEER_ROWS_ONLY[name]
            rows = (f"(report_id in (select report_id from _inc_scope where is_affected) or "
                    f"({rows} and {column} in ({', '.join(map(literal, peer_ids)) or 'null'})))")
        old = f"{regions if {'province', 'year'} <= set(cols) else 'true'} and ({rows} or report_id in ({gone}))"
        new = rows
    con.execute(f"delete from {name} where {old}")
    con.execute(f"insert into {name} by name select * from {SCRATCH}.main.{name} where {new}")


def recompute_regions(con, keys: list) -> None:
    """The region marts' rows of the touched provinces and years, computed by their SQL over views of the
    touched provinces' rows; then the marts without a province (rule_summary) in full."""
    home = con.execute("select current_database()").fetchone()[0]
    columns = columns_of(con, home)
    files = [p for p in marts.materialized_files() if "report_id" not in columns.get(p.stem, [])]
    regional = [p for p in files if {"province", "year"} <= set(columns.get(p.stem, []))]
    condition = region_condition(keys)
    with scratch(con, REGIONS):
        con.execute(f"use {REGIONS}")
        province_views(con, home, keys, {p.stem for p in regional}, columns)
        con.execute("begin transaction")
        try:
            for path in regional:
                target = f"{quoted(home)}.main.{path.stem}"
                con.execute(f"delete from {target} where {condition}")
                con.execute(f"insert into {target} by name select * from "
                            f"({query_of(path.read_text(encoding='utf-8'))}) where {condition}")
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        con.execute(f"use {quoted(home)}")
    for path in files:
        if path not in regional:
            con.execute(path.read_text(encoding="utf-8"))


def province_views(con, home: str, keys: list, regional: set, columns: dict) -> None:
    """In the current catalog, what the region marts read: tables of the database as views of the touched
    provinces' rows, and the views of queries/ between them and the marts."""
    provinces = " or ".join(f"province is not distinct from {literal(p)}" for p in sorted({p for p, _ in keys}, key=str))
    files = {f.name: f for f in sql_catalog.view_files()}
    deps = sql_catalog.dependencies(sql_catalog.view_files())
    needed, todo = set(), [d for name in regional for d in deps[name]]
    while todo:
        name = todo.pop()
        if name not in needed:
            needed.add(name)
            if files[name].materialized != "table":   # a table is read as it is, not rebuilt
                todo.extend(deps[name])
    reads = set().union(*(files[n].reads for n in needed if files[n].materialized != "table"))
    tables = {n for n in needed if files[n].materialized == "table"} | (reads & set(columns) - set(files))
    for name in sorted(tables):
        where = f"where {provinces}" if "province" in columns.get(name, []) and provinces else ""
        con.execute(f"create view {name} as select * from {quoted(home)}.main.{name} {where}")
    for sql_file in sql_catalog.build_order():
        if sql_file.name in needed and sql_file.materialized != "table":
            con.execute(sql_file.sql)


def query_of(sql: str) -> str:
    """The query of a `create or replace table x as …` file."""
    match = sql_catalog.CREATES.search(sql)
    return sql[sql.index(" as", match.end()) + len(" as"):]
