"""Loaders and readers together: a second loader waits, a reader holding the file delays a load, never fails it."""
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "data" / "raw" / "seeds").glob("*.txt"))


def start_load(db: Path, *files: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "ingest", "load", "--quiet", "--db", str(db), *map(str, files)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def n_sources(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select count(*) from sources").fetchone()[0]
    finally:
        con.close()


def test_two_loaders_at_once_both_finish(tmp_path):
    db = tmp_path / "t.duckdb"
    first, second = start_load(db, SEEDS[0]), start_load(db, SEEDS[1], SEEDS[2])
    outs = [p.communicate(timeout=240) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outs
    assert not any("Traceback" in err for _, err in outs)
    assert n_sources(db) == 3


def test_a_load_waits_for_a_reader_holding_the_file(tmp_path):
    """The dashboard's reader holds the file for a moment: the CLI load retries instead of failing."""
    db = tmp_path / "t.duckdb"
    assert start_load(db, SEEDS[0]).wait(timeout=240) == 0
    reader = subprocess.Popen([sys.executable, "-c",
                               "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); "
                               "print('open', flush=True); time.sleep(3); c.close()", str(db)],
                              stdout=subprocess.PIPE, text=True)
    assert reader.stdout.readline().strip() == "open"
    started = time.monotonic()
    load = subprocess.run([sys.executable, "-m", "ingest", "load", "--db", str(db), str(SEEDS[1])],
                          cwd=ROOT, capture_output=True, text=True, timeout=240)
    reader.wait(timeout=30)
    assert load.returncode == 0, load.stderr
    assert "Traceback" not in load.stderr
    assert "看板读取" in load.stderr + load.stdout        # told why it waited
    assert time.monotonic() - started >= 2
    assert n_sources(db) == 2


def test_a_load_gives_up_with_a_message_not_a_traceback(tmp_path):
    db = tmp_path / "t.duckdb"
    assert start_load(db, SEEDS[0]).wait(timeout=240) == 0
    holder = duckdb.connect(str(db), read_only=True)      # a reader that never lets go
    try:
        load = subprocess.run([sys.executable, "-m", "ingest", "load", "--quiet", "--db", str(db), str(SEEDS[1])],
                              cwd=ROOT, capture_output=True, text=True, timeout=120,
                              env={**__import__("os").environ, "EVAL_OPEN_WAIT_SECONDS": "1"})
    finally:
        holder.close()
    assert load.returncode == 2
    assert "Traceback" not in load.stderr
    assert "无法写入数据库" in load.stderr


def test_cli_load_while_the_dashboard_serves(seed_db_copy):
    """The real dashboard, open in chromium on the database, and a CLI load into that same file."""
    import pytest
    from tests.test_browser import ARGS, CHROMIUM, serving

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing")
    from playwright.sync_api import expect, sync_playwright

    with serving(seed_db_copy) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        tab = browser.new_page()
        tab.goto(url + "/")
        expect(tab.locator("h1").filter(has_text="总览")).to_be_visible(timeout=60_000)
        corrected = seed_db_copy.parent / "corrected.txt"
        corrected.write_text(SEEDS[1].read_text(encoding="utf-8").replace("109.62", "109.60"), encoding="utf-8")
        load = subprocess.run([sys.executable, "-m", "ingest", "load", "--quiet", "--db", str(seed_db_copy),
                               str(corrected)], cwd=ROOT, capture_output=True, text=True, timeout=240)
        tab.reload()
        expect(tab.locator("h1").filter(has_text="总览")).to_be_visible(timeout=60_000)
        expect(tab.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=30_000)
        errors = tab.get_by_test_id("stAlertContentError").count()
        browser.close()
    assert load.returncode == 0, load.stderr
    assert "Traceback" not in load.stderr and errors == 0
    assert n_sources(seed_db_copy) == 4
