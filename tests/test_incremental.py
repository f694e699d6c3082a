"""Incremental refresh: loading reports batch by batch gives the marts a full rebuild gives."""
import shutil
from pathlib import Path

import duckdb
import pytest

from ingest import incremental, marts
from ingest.demo import corpus, places
from ingest.loader import load_paths
from tests.marts_compare import differences

# one province over two years, so cities have peers and the funnel (D rules) has something to compare
PROVINCES, YEARS, REPORTS, FIRST_BATCH = ("330000",), {2022: 0.5, 2023: 0.5}, 90, 70
COMPUTED = ["peer_funnel", "peer_bunching", "text_similarity", "text_bands"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, list[Path]]:
    """A generated corpus in one province (text formats, the fastest to read) and a re-filing of one report."""
    out = tmp_path_factory.mktemp("incremental")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(places, "PROVINCES", PROVINCES)
        mp.setattr(corpus, "YEARS", YEARS)
        records = corpus.generate(out / "files", REPORTS, seed=3, formats=["tab", "pipe"])
    files = [out / "files" / r["file"] for r in records]
    refiled = out / "refiled" / files[0].name
    refiled.parent.mkdir()
    refiled.write_bytes(files[0].read_bytes() + "\n补充说明：本报告为更正版。\n".encode("utf-8"))
    return out, files + [refiled]


@pytest.fixture(scope="module")
def loaded(demo) -> tuple[Path, list]:
    """The corpus loaded as an import would: one big batch, then a single report with a re-filing, then the rest.

    Two province-years hold every report here, so each batch touches half the database: incremental refresh
    is forced (a real database falls back to a full rebuild there, as cheaper)."""
    out, files = demo
    path = out / "incremental.duckdb"
    batches = [files[:FIRST_BATCH], [files[FIRST_BATCH], files[-1]], files[FIRST_BATCH + 1:-1]]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(incremental, "FULL_SHARE", 1.0)
        summaries = [load_paths(batch, path, is_synthetic=True, progress=False) for batch in batches]
    return path, summaries


def test_batches_after_the_first_refresh_incrementally(loaded):
    """The first load builds everything; each later batch recomputes only its province-years."""
    _, summaries = loaded
    assert [s.refresh.mode for s in summaries] == ["full", "incremental", "incremental"]
    assert (summaries[1].refresh.new, summaries[1].refresh.gone, summaries[1].replaced) == (2, 1, 1)
    assert all(s.failed == 0 for s in summaries)


def test_incremental_marts_equal_a_full_rebuild(loaded, tmp_path):
    """Every materialized table, the funnel and the text pairs equal those of a full rebuild of the same data."""
    path, _ = loaded
    full = tmp_path / "full.duckdb"
    shutil.copyfile(path, full)
    con = duckdb.connect(str(full))
    assert incremental.refresh(con, full=True).mode == "full"
    con.close()
    a, b = duckdb.connect(str(path), read_only=True), duckdb.connect(str(full), read_only=True)
    try:
        tables = [p.stem for p in marts.materialized_files()] + COMPUTED
        assert differences(a, b, tables) == {}
        fired = {r for r, in a.execute("select distinct rule_id from flags").fetchall()}
        assert {"C2", "C3"} & fired and {"D1", "D2", "D3"} & fired, sorted(fired)
    finally:
        a.close()
        b.close()


def test_nothing_changed_nothing_recomputed(loaded, tmp_path):
    """A refresh with no new or re-filed report touches nothing; marts built by other code or settings, or a
    rebuild that did not finish, make the next refresh a full one."""
    path, _ = loaded
    copy = tmp_path / "again.duckdb"
    shutil.copyfile(path, copy)
    con = duckdb.connect(str(copy))
    try:
        assert incremental.refresh(con).mode == "none"
        assert incremental.full_reason(con, False, marts.version()) is None
        assert incremental.full_reason(con, False, "other code") is not None
        marts.forget_version(con)
        assert incremental.full_reason(con, False, marts.version()) is not None
    finally:
        con.close()
