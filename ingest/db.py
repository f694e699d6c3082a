"""The DuckDB database: connect, create tables, and apply the SQL views of queries/."""
from pathlib import Path

import duckdb

from ingest import rule_registry, sql_catalog

from ingest.sql_catalog import QUERIES_DIR, VIEW_FOLDERS  # noqa: F401 (re-exported)

# Each .sql file holds one table or one view named like the file; schema files create base tables.
SCHEMA_FOLDER = "schema"
DEFAULT_DB = Path(__file__).resolve().parent.parent / "data" / "evaluations.duckdb"
COLUMNS_SQL = """select table_name, column_name, data_type, column_default from duckdb_columns()
                 where schema_name = 'main' and table_name in (select table_name from duckdb_tables())
                 order by table_name, column_index"""


def connect(path: str | Path = DEFAULT_DB, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the database, creating its folder when writing."""
    if str(path) != ":memory:" and not read_only:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path), read_only=read_only)


def sql_files(folder: str) -> list[Path]:
    """The .sql files of one folder of queries/, in name order."""
    return sorted((QUERIES_DIR / folder).glob("*.sql"))


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table that does not exist yet and add the columns an older database lacks."""
    create_tables(con)
    add_missing_columns(con)


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Run every file of queries/schema (each creates one table if it does not exist)."""
    for path in sql_files(SCHEMA_FOLDER):
        con.execute(path.read_text(encoding="utf-8"))


def add_missing_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Append columns that queries/schema declares but an older database's tables lack; returns them.

    `create table if not exists` leaves an existing table as it was, so a database built before a
    column was added is upgraded by comparing it with the schema built in memory.
    """
    declared = duckdb.connect(":memory:")
    try:
        create_tables(declared)
        wanted = declared.execute(COLUMNS_SQL).fetchall()
    finally:
        declared.close()
    present = {(t, c) for t, c, *_ in con.execute(COLUMNS_SQL).fetchall()}
    added = []
    for table, column, dtype, default in wanted:
        if (table, column) not in present:
            con.execute(f"alter table {table} add column {column} {dtype}" + (f" default {default}" if default else ""))
            added.append(f"{table}.{column}")
    return added


def apply_views(con: duckdb.DuckDBPyConnection, skip: frozenset = frozenset()) -> None:
    """(Re)create every view and table in dependency order, after the rule registry they read; `skip`
    names files to pass over."""
    rule_registry.write_registry(con)
    for sql_file in sql_catalog.build_order():
        if sql_file.path not in skip:
            con.execute(sql_file.sql)
