"""A supervisor's review in a real browser: tick two rows of the queue, save one decision, reload, and find
them kept (they leave the open list and are in the database). A screenshot per step."""
import re

import duckdb
import pytest

from tests.test_browser import ARGS, CHROMIUM, SHOTS, serving

pytestmark = pytest.mark.skipif(not __import__("pathlib").Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing")
ROW_HEIGHT, HEADER_HEIGHT = 35, 35       # streamlit's data grid, default density


@pytest.fixture(scope="module")
def review_server(seed_db, tmp_path_factory):
    import shutil

    db = tmp_path_factory.mktemp("review") / "review.duckdb"
    shutil.copyfile(seed_db, db)
    with serving(db) as url:
        yield url, db


def settled(tab):
    from playwright.sync_api import expect

    expect(tab.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=30_000)
    tab.wait_for_timeout(800)


def open_count(tab) -> int:
    text = " ".join(tab.locator("p").all_inner_texts())
    return int(re.search(r"共\s*([\d,]+)\s*条线索", text).group(1).replace(",", ""))


def test_review_two_queue_rows_by_selection(review_server):
    from playwright.sync_api import expect, sync_playwright

    url, db = review_server
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        tab = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
        tab.goto(url + "/")
        expect(tab.locator("h1").filter(has_text="总览")).to_be_visible(timeout=60_000)
        tab.goto(url + "/queue")
        expect(tab.locator("h1").filter(has_text="异常线索")).to_be_visible(timeout=60_000)
        settled(tab)
        before = open_count(tab)
        tab.screenshot(path=str(SHOTS / "review-1-queue.png"), full_page=True)
        grid = tab.get_by_test_id("stDataFrame").first.bounding_box()
        for row in (0, 1):        # the row markers at the grid's left edge
            tab.mouse.click(grid["x"] + 15, grid["y"] + HEADER_HEIGHT + ROW_HEIGHT * row + ROW_HEIGHT / 2)
            settled(tab)
        expect(tab.get_by_text(re.compile("已选择 2 条"))).to_be_visible(timeout=10_000)
        tab.screenshot(path=str(SHOTS / "review-2-selected.png"), full_page=True)
        tab.get_by_label("复核意见").fill("已核对原件")
        tab.get_by_label("复核人").fill("浏览器复核")
        tab.get_by_role("button", name=re.compile("保存 2 条线索的复核结论")).click()
        settled(tab)
        expect(tab.get_by_text(re.compile("已保存 2 条"))).to_be_visible(timeout=10_000)
        tab.screenshot(path=str(SHOTS / "review-3-saved.png"), full_page=True)
        tab.reload()
        expect(tab.locator("h1").filter(has_text="异常线索")).to_be_visible(timeout=60_000)
        settled(tab)
        after = open_count(tab)
        tab.screenshot(path=str(SHOTS / "review-4-reloaded.png"), full_page=True)
        browser.close()
    assert after == before - 2
    con = duckdb.connect(str(db), read_only=True)
    saved = con.execute("select count(*), min(reviewer), min(note) from flag_reviews").fetchone()
    con.close()
    assert saved == (2, "浏览器复核", "已核对原件")
