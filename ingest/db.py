"""The DuckDB database: connect, create tables, and apply the SQL views of queries/."""
from pathlib import Path

import duckdb

QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"
# Folders applied in this order; each .sql file holds one table or one view named like the file.
SCHEMA_FOLDER = "schema"
VIEW_FOLDERS = ("staging", "intermediate", "rules", "marts")
DEFAULT_DB = Path(__file__).resolve().parent.parent / "data" / "evaluations.duckdb"


def connect(path: str | Path = DEFAULT_DB, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the database, creating its folder when writing."""
    if str(path) != ":memory:" and not read_only:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path), read_only=read_only)


def sql_files(folder: str) -> list[Path]:
    """The .sql files of one folder of queries/, in name order."""
    return sorted((QUERIES_DIR / folder).glob("*.sql"))


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table that does not exist yet."""
    for path in sql_files(SCHEMA_FOLDER):
        con.execute(path.read_text(encoding="utf-8"))


def apply_views(con: duckdb.DuckDBPyConnection, skip: frozenset = frozenset()) -> None:
    """(Re)create every view, folder by folder, so later layers see earlier ones; `skip` names files to pass over."""
    for folder in VIEW_FOLDERS:
        for path in sql_files(folder):
            if path not in skip:
                con.execute(path.read_text(encoding="utf-8"))
