"""Refresh the materialized marts: settings, text similarity, then every SQL file that creates a table.

`refresh_marts` rebuilds everything; ingest.incremental recomputes only what a load touched and falls back
to it whenever the marts were built by other code or settings (the version recorded in ingest_state).
"""
import hashlib
from datetime import datetime
from pathlib import Path

from ingest import funnel, rule_registry, sql_catalog, text_similarity
from ingest.rule_settings import values, write_settings

VERSION_KEY = "marts_version"
# the code whose output the marts hold: a change to any of it makes the next refresh a full one
VERSION_SOURCES = ("funnel.py", "marts.py", "incremental.py", "text_similarity.py")
PEER_INPUT_SQL = "select * from ({input}) {where} order by all"


def materialized_files() -> list:
    """The SQL files whose header declares a table, in the order apply_views runs them."""
    return [f.path for f in sql_catalog.build_order() if f.materialized == "table"]


def drop_stale_views(con) -> list[str]:
    """Drop views that a newer queries/ materializes as tables (run before apply_views on an old database)."""
    names = {p.stem for p in materialized_files()}
    views = {v for v, in con.execute("select view_name from duckdb_views() where not internal").fetchall()}
    for name in sorted(names & views):
        con.execute(f"drop view {name}")
    return sorted(names & views)


def refresh_marts(con, text_similarity: bool = True) -> None:
    """Write settings, recompute text similarity, and rebuild every materialized table; then the peer funnel
    (ingest.funnel, which counts the A/B/C flags) and the tables that read it.

    The version is forgotten first and recorded last, so a rebuild killed half way is redone in full; without
    text similarity the pairs are not known to be current and no version is recorded.
    """
    built_with = version()
    forget_version(con)
    write_settings(con)
    rule_registry.write_registry(con)
    if text_similarity:
        refresh_text_similarity(con)
    for path in materialized_files():
        con.execute(path.read_text(encoding="utf-8"))
    write_peers(con, *compute_peers(con))
    for path in funnel_dependents():
        con.execute(path.read_text(encoding="utf-8"))
    if text_similarity:
        remember_version(con, built_with)


def refresh_text_similarity(con) -> int:
    """Recompute text_similarity (C2, C3) for all current reports; return the number of pairs."""
    return text_similarity.refresh_all(con)


def peer_settings(con) -> dict:
    """The funnel's settings, as numbers, from stg_settings."""
    row = con.execute(f"select {', '.join(funnel.SETTING_NAMES)} from stg_settings").fetchone()
    return dict(zip(funnel.SETTING_NAMES, map(float, row)))


def compute_peers(con, where: str = "") -> tuple:
    """peer_funnel and peer_bunching rows (ingest.funnel.compute) for the province-years `where` selects.

    The reports are read in one fixed order, so a province-year gets the same figures whether it is
    computed alone or with all the others.
    """
    reports = con.execute(PEER_INPUT_SQL.format(input=funnel.INPUT_SQL, where=where)).df()
    rows, bunch = funnel.compute(reports, peer_settings(con))
    return rows.astype({"overdispersed": bool, "is_flag": bool}), bunch


def write_peers(con, rows, bunch, where: str = "") -> int:
    """Replace the peer_funnel and peer_bunching rows `where` selects (all of them by default)."""
    for table, frame in (("peer_funnel", rows), ("peer_bunching", bunch)):
        con.execute(f"delete from {table} {where}")
        if len(frame):
            con.register("_peer_rows", frame)
            con.execute(f"insert into {table} by name select * from _peer_rows")
            con.unregister("_peer_rows")
    return len(rows)


def version() -> str:
    """A digest of the SQL of queries/, the Python that computes the marts, and the settings in force."""
    digest = hashlib.sha256()
    for path in sorted(sql_catalog.QUERIES_DIR.rglob("*.sql")):
        digest.update(path.name.encode() + path.read_bytes())
    for name in VERSION_SOURCES:
        digest.update((Path(__file__).parent / name).read_bytes())
    digest.update(repr(sorted(values().items())).encode())
    return digest.hexdigest()


def stored_version(con) -> str | None:
    """The version the marts were last fully built with, if that build finished."""
    row = con.execute("select value from ingest_state where name = ?", [VERSION_KEY]).fetchone()
    return row[0] if row else None


def remember_version(con, value: str) -> None:
    con.execute("insert or replace into ingest_state values (?, ?, ?)", [VERSION_KEY, value, datetime.now()])


def forget_version(con) -> None:
    con.execute("delete from ingest_state where name = ?", [VERSION_KEY])


def funnel_dependents() -> list:
    """The materialized files that read peer_funnel or peer_bunching, directly or through views."""
    reached = peer_readers()
    return [p for p in materialized_files() if p.stem in reached]


def peer_readers() -> set:
    """Names of the files (views, rules, tables) that read peer_funnel or peer_bunching, directly or not."""
    files = sql_catalog.view_files()
    deps = sql_catalog.dependencies(files)
    reached = {f.name for f in files if f.reads & {"peer_funnel", "peer_bunching"}}
    changed = True
    while changed:
        new = {n for n, d in deps.items() if d & reached} - reached
        reached |= new
        changed = bool(new)
    return reached
