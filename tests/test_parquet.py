"""Parquet round trip: a database exported by province and year, its marts recomputed from the files by the
SQL of queries/, equal the database's own, and the exported marts read back equal too."""
import subprocess
import sys

import duckdb

from ingest import db, marts, parquet_export
from tests.marts_compare import differences


def test_round_trip_gives_identical_marts(seed_db, tmp_path):
    """Export the seed database, rebuild the marts over the Parquet folder, compare both ways."""
    out = tmp_path / "parquet"
    run = subprocess.run([sys.executable, "-m", "ingest", "export", "--parquet", str(out), "--db", str(seed_db)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    reports = duckdb.connect().execute(
        f"select count(*), count(distinct province) from read_parquet('{out}/reports/**/*.parquet', "
        "hive_partitioning = true)").fetchone()
    assert reports[0] >= 3 and reports[1] >= 2
    assert any(p.name.startswith("province=") for p in (out / "indicators").iterdir())
    original = duckdb.connect(str(seed_db), read_only=True)
    rebuilt = parquet_export.open_folder(str(out), prefix="exported_")
    try:
        tables = [p.stem for p in marts.materialized_files()]
        assert differences(original, rebuilt, tables) == {}
        assert differences(original, rebuilt, parquet_export.mart_tables(), b_prefix="exported_") == {}
        assert rebuilt.execute("select count(*) from flags").fetchone()[0] > 0
    finally:
        original.close()
        rebuilt.close()


def test_empty_tables_keep_their_columns(tmp_path):
    """A table without rows is written as an empty file in the null partition, so its columns read back."""
    con = duckdb.connect(str(tmp_path / "empty.duckdb"))
    db.apply_schema(con)
    parquet_export.export(con, str(tmp_path / "out"))
    con.close()
    cols = duckdb.connect().execute(
        f"describe select * from read_parquet('{tmp_path}/out/indicators/**/*.parquet', hive_partitioning = true)"
    ).fetchall()
    assert {"report_id", "seq", "province", "year"} <= {c[0] for c in cols}
