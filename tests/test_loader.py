"""Loading folders: good files in, bad files listed with reasons, no partial rows, history kept."""
import json
import shutil
import zipfile
from pathlib import Path

import duckdb

from ingest.loader import load_paths

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "data" / "raw" / "seeds").glob("*.txt"))


def make_mixed_folder(folder: Path) -> None:
    """Three real seeds and four bad files."""
    folder.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "garbage.pdf").write_bytes(bytes(range(256)) * 40)
    (folder / "notes.txt").write_text("今天开会，讨论食堂菜单。\n", encoding="utf-8")
    with zipfile.ZipFile(folder / "broken.docx", "w") as zf:
        zf.writestr("word/document.xml", "<w:document")


def counts(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0]
                for t in ("sources", "reports", "indicators", "funds", "ingest_errors")}
    finally:
        con.close()


def test_folder_with_good_and_bad_files(tmp_path):
    folder = tmp_path / "in"
    make_mixed_folder(folder)
    db = tmp_path / "t.duckdb"
    summary = load_paths([folder], db, progress=False)
    assert (summary.loaded, summary.failed) == (3, 4)
    reasons = dict(summary.errors)
    assert "文件为空" in reasons[str(folder / "empty.txt")]
    assert "未识别到任何自评报告字段" in reasons[str(folder / "notes.txt")]
    assert set(reasons) == {str(folder / n) for n in ("empty.txt", "garbage.pdf", "notes.txt", "broken.docx")}
    got = counts(db)
    assert got["sources"] == got["reports"] == 3 and got["ingest_errors"] == 4
    assert got["indicators"] == 16 + 11 + 27      # every indicator row, placeholders included
    again = load_paths([folder], db, progress=False)
    assert again.skipped == 3 and again.loaded == 0


def test_refiling_replaces_current_and_keeps_history(tmp_path):
    db = tmp_path / "t.duckdb"
    original = SEEDS[1]
    load_paths([original], db, progress=False)
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(original.read_text(encoding="utf-8").replace("109.62", "109.60"), encoding="utf-8")
    summary = load_paths([corrected], db, progress=False)
    assert summary.replaced == 1
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("select executed, is_current from reports order by is_current").fetchall()
    status = con.execute("select status from sources order by status").fetchall()
    con.close()
    assert rows == [(109.62, False), (109.60, True)]
    assert status == [("loaded",), ("superseded",)]


def test_the_latest_filing_is_current_whatever_the_loading_order(tmp_path):
    """An original loaded after its correction stays history: the filing date decides, then load time."""
    original = SEEDS[0]                                          # filed 2020年2月24日
    text = original.read_text(encoding="utf-8")
    assert "2020年2月24日" in text
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(text.replace("2020年2月24日", "2020年3月10日").replace("自评分96分", "自评分95分"), encoding="utf-8")
    db = tmp_path / "t.duckdb"
    load_paths([corrected], db, progress=False)
    late = load_paths([original], db, progress=False)
    assert late.loaded == 1
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("select filed_date::varchar, is_current, superseded_by is not null from reports "
                       "order by filed_date").fetchall()
    status = con.execute("select file_name, status from sources order by file_name").fetchall()
    con.close()
    assert rows == [("2020-02-24", False, True), ("2020-03-10", True, False)]
    assert dict(status) == {"corrected.txt": "loaded", original.name: "superseded"}


def test_a_parser_failure_leaves_no_partial_rows(tmp_path, monkeypatch):
    import ingest.loader as loader

    def explode(con, rid, report, now):
        con.execute("insert into reports (report_id, sha256, loaded_at) values ('x', 'y', now())")
        raise RuntimeError("disk full")

    monkeypatch.setattr(loader, "insert_children", explode)
    db = tmp_path / "t.duckdb"
    summary = load_paths(SEEDS[:2], db, progress=False)
    assert summary.failed == 2 and "写入数据库失败" in summary.errors[0][1]
    got = counts(db)
    assert got["reports"] == 0 and got["sources"] == 0 and got["ingest_errors"] == 2


def test_oversized_file_is_listed_not_loaded(tmp_path, monkeypatch):
    monkeypatch.setenv("EVAL_MAX_FILE_MB", "0.001")     # about 1 KB: every seed is over it
    db = tmp_path / "t.duckdb"
    summary = load_paths([SEEDS[0]], db, progress=False)
    assert (summary.loaded, summary.failed) == (0, 1)
    assert "超过上限" in summary.errors[0][1]
    assert counts(db)["reports"] == 0


def rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_file_with_two_reports_loads_two_rows(tmp_path, split_in_two):
    split_in_two()
    db = tmp_path / "t.duckdb"
    summary = load_paths([SEEDS[1]], db, progress=False)
    sha = rows(db, "select sha256 from sources")[0][0]
    assert (summary.loaded, summary.reports) == (1, 2)
    assert summary.results[0].report_ids == [sha[:16], f"{sha[:16]}-2"]
    got = rows(db, "select report_id, sha256, part, is_current, completeness->>'$.missing[0]' from reports "
                   "order by part")
    assert got == [(sha[:16], sha, 0, True, None), (f"{sha[:16]}-2", sha, 1, True, "self_score")]
    assert rows(db, "select count(distinct report_id) from indicators")[0][0] == 2
    assert rows(db, "select min(confidence) from provenance")[0][0] == 0.5
    assert rows(db, "select count(*) from report_metrics")[0][0] == 2


def test_parts_of_one_file_never_supersede_each_other(tmp_path, split_in_two):
    split_in_two(same_project=True)
    db = tmp_path / "t.duckdb"
    assert load_paths([SEEDS[1]], db, progress=False).replaced == 0
    assert rows(db, "select count(*) from reports where is_current")[0][0] == 2


def test_refiling_a_two_report_file_supersedes_both(tmp_path, split_in_two):
    split_in_two()
    db = tmp_path / "t.duckdb"
    load_paths([SEEDS[1]], db, progress=False)
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(SEEDS[1].read_text(encoding="utf-8").replace("109.62", "109.60"), encoding="utf-8")
    assert load_paths([corrected], db, progress=False).replaced == 2
    assert rows(db, "select is_current, count(*) from reports group by all order by 1") == [(False, 2), (True, 2)]
    assert rows(db, "select status from sources order by status") == [("loaded",), ("superseded",)]


def test_uploads_load_into_an_older_database(tmp_path):
    """Bytes and a name load like a path; an older database gets the new columns and views first."""
    from ingest import db as ingest_db
    from ingest.loader import load_files

    path = tmp_path / "old.duckdb"
    con = ingest_db.connect(path)
    ingest_db.apply_schema(con)
    con.execute("alter table reports drop column completeness; alter table provenance drop column confidence")
    con.close()
    steps = []
    summary = load_files([(SEEDS[0].name, SEEDS[0].read_bytes())], path,
                         progress=lambda done, total, text: steps.append((done, total)))
    assert (summary.loaded, summary.failed) == (1, 0) and steps == [(1, 2), (2, 2)]
    assert rows(path, "select path from sources") == [(SEEDS[0].name,)]
    assert rows(path, "select count(*) from stg_reports")[0][0] == 1
    # the appended column is filled: aligned pipe-table values below 1, derived ones at 1
    assert rows(path, "select count(*) filter (where confidence is null), min(confidence), max(confidence) "
                      "from stg_provenance")[0] == (0, 0.8, 1.0)


def test_extract_prints_one_line_per_report(split_in_two, capsys):
    from ingest.__main__ import main

    split_in_two()
    assert main(["extract", str(SEEDS[1])]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["part"] for r in lines] == [0, 1] and "completeness" in lines[0]


def test_a_batch_killed_before_its_refresh_is_finished_later(tmp_path, monkeypatch):
    """Files inserted, process killed before the marts were rebuilt: the next start rebuilds them and
    removes the work copy an interrupted import left behind."""
    import ingest.loader as loader
    from ingest.loader import finish_interrupted_batch

    db = tmp_path / "t.duckdb"
    load_paths([SEEDS[0]], db, progress=False)

    def killed(con):
        raise KeyboardInterrupt        # the process dies where the refresh would start
    monkeypatch.setattr(loader, "refresh", killed)
    try:
        load_paths([SEEDS[1]], db, progress=False)
    except KeyboardInterrupt:
        pass
    monkeypatch.undo()
    leftover = tmp_path / ".import-abc123"
    leftover.mkdir()
    (leftover / "work.duckdb").write_bytes(b"x" * 1000)
    con = duckdb.connect(str(db), read_only=True)
    stale = con.execute("select (select count(*) from reports), (select count(*) from report_metrics), "
                        "(select value from ingest_state where name = 'batch')").fetchone()
    con.close()
    assert stale == (2, 1, "running")
    assert finish_interrupted_batch(db) is True
    con = duckdb.connect(str(db), read_only=True)
    fresh = con.execute("select (select count(*) from report_metrics), "
                        "(select value from ingest_state where name = 'batch')").fetchone()
    con.close()
    assert fresh == (2, "done") and not leftover.exists()
    assert finish_interrupted_batch(db) is False


def test_a_database_from_an_older_version_gets_the_views_and_marts_it_lacks(seed_db_copy):
    """The dashboard opens a database built before a view or mart existed: the server start adds them
    (instead of the page failing on a missing view)."""
    from ingest.loader import finish_interrupted_batch, missing_from_catalog

    con = duckdb.connect(str(seed_db_copy))
    rollup = con.execute("select count(*) from region_rollup").fetchone()[0]
    con.execute("drop view flag_review_history")
    con.execute("drop table region_rollup")
    assert missing_from_catalog(con) == {"flag_review_history", "region_rollup"}
    con.close()
    finish_interrupted_batch(seed_db_copy)
    con = duckdb.connect(str(seed_db_copy), read_only=True)
    assert not missing_from_catalog(con)
    assert con.execute("select count(*) from region_rollup").fetchone()[0] == rollup
    con.execute("select * from flag_review_history").fetchall()
