"""A supervisor's day in a real browser: from a city to its reports on the same page; tick two rows of the queue,
save one decision, reload, and find them kept (they leave the open list and are in the database). A screenshot
per step."""
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


@pytest.fixture(scope="module")
def tab(review_server):
    """One chromium tab for the module's steps."""
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser.new_page(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
        browser.close()


def opened(tab, url: str, heading: str) -> None:
    """Go to a page and wait until its heading is shown and its run has finished."""
    from playwright.sync_api import expect

    tab.goto(url)
    expect(tab.locator("h1").filter(has_text=heading)).to_be_visible(timeout=60_000)
    settled(tab)


def click_row(tab, row: int) -> None:
    """Tick a row of the page's first table by its marker at the grid's left edge."""
    grid = tab.get_by_test_id("stDataFrame").first.bounding_box()
    tab.mouse.click(grid["x"] + 15, grid["y"] + HEADER_HEIGHT + ROW_HEIGHT * row + ROW_HEIGHT / 2)
    settled(tab)


def test_one_click_from_a_city_to_its_reports(review_server, tab):
    """The cities page lists its cities by name; ticking 宁波市 lists its report below, on the same page."""
    from playwright.sync_api import expect

    opened(tab, review_server[0] + "/cities", "城市对比")
    tab.screenshot(path=str(SHOTS / "cities-1-table.png"), full_page=True)
    click_row(tab, 0)                # the seeds' cities in name order: 宁波市, 益阳市, 韶关市
    expect(tab.get_by_text("宁波市：共 1 份报告")).to_be_visible(timeout=10_000)
    assert tab.url.split("?")[0].endswith("/cities")       # still the same page
    tab.screenshot(path=str(SHOTS / "cities-2-reports.png"), full_page=True)


def test_review_two_queue_rows_by_selection(review_server, tab):
    from playwright.sync_api import expect

    url, db = review_server
    opened(tab, url + "/", "总览")
    opened(tab, url + "/queue", "异常线索")
    before = open_count(tab)
    tab.screenshot(path=str(SHOTS / "review-1-queue.png"), full_page=True)
    for row in (0, 1):
        click_row(tab, row)
    expect(tab.get_by_text(re.compile("已选择 2 条"))).to_be_visible(timeout=10_000)
    tab.screenshot(path=str(SHOTS / "review-2-selected.png"), full_page=True)
    tab.get_by_label("复核意见", exact=True).fill("已核对原件")
    tab.get_by_role("button", name=re.compile("保存 2 条线索的复核结论")).click()
    settled(tab)
    expect(tab.get_by_text(re.compile("已保存 2 条"))).to_be_visible(timeout=10_000)
    tab.screenshot(path=str(SHOTS / "review-3-saved.png"), full_page=True)
    tab.reload()
    expect(tab.locator("h1").filter(has_text="异常线索")).to_be_visible(timeout=60_000)
    settled(tab)
    after = open_count(tab)
    tab.screenshot(path=str(SHOTS / "review-4-reloaded.png"), full_page=True)
    assert after == before - 2
    con = duckdb.connect(str(db), read_only=True)
    saved = con.execute("select count(*), min(reviewer), min(note) from flag_reviews").fetchone()
    con.close()
    assert saved == (2, "测试复核员", "已核对原件")        # signed by the signed-in account (tests/conftest.py)
