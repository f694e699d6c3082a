"""Parquet for sharing and for scale: the base tables and the marts as hive-partitioned Parquet, and the
marts' SQL run unchanged over such a folder, on disk or in object storage (DuckDB's httpfs extension).

Layout: `DIR/<table>/province=<p>/year=<y>/data_0.parquet` (DuckDB's COPY … PARTITION_BY, nulls as
__HIVE_DEFAULT_PARTITION__), one folder per table; a table without a province and year of its own (indicators,
narratives …) is partitioned by those of its report. Tables that belong to no province (settings, the rule
registry, rule_summary) are one file each. `DIR/manifest.json` lists each table's columns and types, so a
reader gets the database's types back and nothing else.
"""
import json
import time
from pathlib import Path

import duckdb

from ingest import db, sql_catalog
from ingest.rule_settings import set_pattern_variables

MANIFEST = "manifest.json"
PARTITION = ("province", "year")
HIVE_TYPES = "{'province': varchar, 'year': integer}"
NULL_PARTITION = "province=__HIVE_DEFAULT_PARTITION__/year=__HIVE_DEFAULT_PARTITION__"
REMOTE = ("s3://", "s3a://", "gs://", "gcs://", "r2://", "az://", "abfss://", "http://", "https://")


def base_tables() -> list[str]:
    """The tables queries/schema creates."""
    con = duckdb.connect()
    try:
        db.create_tables(con)
        return [t for t, in con.execute("select table_name from duckdb_tables() order by table_name").fetchall()]
    finally:
        con.close()


def mart_tables() -> list[str]:
    """The materialized tables of queries/marts."""
    return [f.name for f in sql_catalog.build_order() if f.folder == "marts" and f.materialized == "table"]


def columns(con, table: str) -> list[tuple[str, str]]:
    """(name, type) of each column of a table of the open database."""
    return con.execute("select column_name, data_type from duckdb_columns() where table_name = ? "
                       "and database_name = current_database() and schema_name = 'main' order by column_index",
                       [table]).fetchall()


def partitioned_rows(table: str, cols: list[str]) -> str | None:
    """A query of the table's rows with the province and year to partition by; None when it has none."""
    if set(PARTITION) <= set(cols):
        return f"select * from {table}"
    if "report_id" in cols:
        return (f"select t.*, r.province, r.year from {table} as t "
                "left join (select report_id, province, year from reports) as r using (report_id)")
    if table == "sources":
        return ("select t.*, r.province, r.year from sources as t left join (select sha256, arg_min(province, report_id) "
                "as province, arg_min(year, report_id) as year from reports group by sha256) as r using (sha256)")
    return None


def export(con, root: str) -> dict:
    """Write the base tables and marts under root (a folder or an object-storage URL); returns the manifest."""
    remote = root.startswith(REMOTE)
    if remote:
        load_httpfs(con)
    else:
        Path(root).mkdir(parents=True, exist_ok=True)
    present = {t for t, in con.execute("select table_name from duckdb_tables() where database_name = "
                                       "current_database()").fetchall()}
    manifest = {"format": 1, "partition_by": list(PARTITION), "tables": {}}
    for table in [t for t in base_tables() + mart_tables() if t in present]:
        cols = columns(con, table)
        rows = partitioned_rows(table, [c for c, _ in cols])
        write_table(con, root, table, rows, remote)
        manifest["tables"][table] = {"columns": [[c, t] for c, t in cols], "partitioned": rows is not None}
    write_manifest(con, root, manifest, remote)
    return manifest


def write_table(con, root: str, table: str, rows: str | None, remote: bool) -> None:
    """One table's folder: partitioned by province and year, or a single file."""
    folder = f"{root.rstrip('/')}/{table}"
    if rows is None:
        single(con, f"select * from {table}", folder, remote)
    elif con.execute(f"select count(*) from {table}").fetchone()[0] == 0:
        # COPY writes no file for no rows: an empty one in the null partition keeps the columns readable
        single(con, f"select * exclude (province, year) from ({rows})", f"{folder}/{NULL_PARTITION}", remote)
    else:
        con.execute(f"copy ({rows}) to '{folder}' (format parquet, partition_by (province, year), "
                    "overwrite_or_ignore true)")


def single(con, query: str, folder: str, remote: bool) -> None:
    if not remote:
        Path(folder).mkdir(parents=True, exist_ok=True)
    con.execute(f"copy ({query}) to '{folder}/data_0.parquet' (format parquet)")


def write_manifest(con, root: str, manifest: dict, remote: bool) -> None:
    text = json.dumps(manifest, ensure_ascii=False, indent=1)
    if not remote:
        (Path(root) / MANIFEST).write_text(text, encoding="utf-8")
        return
    con.execute(f"copy (select ? as manifest) to '{root.rstrip('/')}/{MANIFEST}' (format csv, header false, quote '')",
                [text])


def read_manifest(con, root: str) -> dict:
    """The manifest of a folder or URL written by export."""
    if not root.startswith(REMOTE):
        return json.loads((Path(root) / MANIFEST).read_text(encoding="utf-8"))
    load_httpfs(con)
    text, = con.execute("select content from read_text(?)", [f"{root.rstrip('/')}/{MANIFEST}"]).fetchone()
    return json.loads(text)


def load_httpfs(con) -> None:
    """DuckDB's httpfs extension, with S3 credentials from the usual chain (environment, ~/.aws …)."""
    con.execute("install httpfs")
    con.execute("load httpfs")
    con.execute("create secret if not exists parquet_s3 (type s3, provider credential_chain)")


def table_view(root: str, table: str, spec: dict, name: str | None = None, kind: str = "view") -> str:
    """A view (or table) named after the table, or `name`, with its own columns and types, over its Parquet files."""
    cols = ", ".join(f'"{c}"::{t} as "{c}"' for c, t in spec["columns"])
    options = f", hive_partitioning = true, hive_types = {HIVE_TYPES}" if spec["partitioned"] else ""
    return (f"create or replace {kind} {name or table} as select {cols} from "
            f"read_parquet('{root.rstrip('/')}/{table}/**/*.parquet'{options})")


def open_folder(root: str, con=None, prefix: str = "", lazy: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection whose base tables come from the Parquet under root, with every view of queries/ and the
    marts built by their SQL, unchanged. The base tables are read once into tables, or with `lazy` left as
    views over the files (a query then reads only the partitions it filters on, but every rule re-reads them).
    The exported marts are there too as views when `prefix` is given, named prefix + table."""
    con = con or duckdb.connect()
    manifest = read_manifest(con, root)
    marts = set(mart_tables())
    for table, spec in manifest["tables"].items():
        if table not in marts:
            con.execute(table_view(root, table, spec, kind="view" if lazy else "table"))
        elif prefix:
            con.execute(table_view(root, table, spec, prefix + table))
    db.create_tables(con)   # empty tables for any the folder lacks (an export from an older database)
    set_pattern_variables(con)
    con.execute("set variable rule_views = (select list(view_name order by position) from rule_registry)")
    for sql_file in sql_catalog.build_order():
        con.execute(sql_file.sql)
    return con


def build_from_folder(root: str, db_path: str) -> float:
    """Build a DuckDB file whose marts are computed from the Parquet under root; returns seconds."""
    started = time.perf_counter()
    con = db.connect(db_path)
    try:
        open_folder(root, con)
    finally:
        con.close()
    return time.perf_counter() - started
