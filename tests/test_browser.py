"""Every page in a real browser: Debian's chromium driven by Playwright against `streamlit run`."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
# Screenshots go to tests/artifacts (ignored); EVAL_UPDATE_SCREENSHOTS=1 refreshes the README's copies,
# taken on the database EVAL_SCREENSHOT_DB names (the default one with its demo corpus) when set.
SHOTS = ROOT / ("docs/screenshots" if os.environ.get("EVAL_UPDATE_SCREENSHOTS") else "tests/artifacts/screenshots")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PAGES = [("", "总览", ""), ("cities", "城市对比", ""), ("years", "逐年对比", ""), ("queue", "异常线索", ""),
         ("project", "项目详情", "?report=9392b10226a92a2e"), ("import", "数据导入", ""),
         ("methodology", "规则说明", "")]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing (apt-get install chromium)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(db, users=None):
    """`streamlit run dashboard/app.py` on a database, its URL once healthy; stopped on leaving. The accounts are
    the session's test users file, which signs every browser in as `tester` (tests/conftest.py), unless `users`
    names another file."""
    port = free_port()
    env = {**os.environ, "EVAL_DB": str(db), **({"EVAL_USERS": str(users)} if users else {})}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.headless=true",
                             f"--server.port={port}", "--browser.gatherUsageStats=false"],
                            cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def server(seed_db):
    """The dashboard on the seed database (or EVAL_SCREENSHOT_DB), stopped after the module."""
    with serving(os.environ.get("EVAL_SCREENSHOT_DB", str(seed_db))) as url:
        yield url


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        tab = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
        yield tab
        browser.close()


@pytest.mark.parametrize("path,heading,query", PAGES)
def test_page_in_browser(server, page, path, heading, query):
    from playwright.sync_api import expect

    page.goto(f"{server}/{path}{query}")
    expect(page.locator("h1").filter(has_text=heading)).to_be_visible(timeout=30_000)
    page.wait_for_timeout(500)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=30_000)  # the run has finished
    page.wait_for_timeout(1500)  # let plotly draw
    assert page.get_by_test_id("stException").count() == 0
    assert page.get_by_test_id("stAlertContentError").count() == 0, page.get_by_test_id("stAlertContentError").first.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert page.get_by_text("Page not found").count() == 0
    page.screenshot(path=str(SHOTS / f"{path or 'overview'}.png"), full_page=True)


@pytest.mark.parametrize("path,heading", [("cities", "城市对比"), ("project?report=9392b10226a92a2e", "项目详情")])
def test_a_deep_link_opened_first_finds_its_page(server, page, path, heading):
    """A link pasted into a new browser opens the page itself, not an English "Page not found"."""
    from playwright.sync_api import expect

    context = page.context.browser.new_context(locale="zh-CN")     # a fresh session: this link is its first request
    try:
        tab = context.new_page()
        tab.goto(f"{server}/{path}")
        expect(tab.locator("h1").filter(has_text=heading)).to_be_visible(timeout=30_000)
        tab.wait_for_timeout(1000)
        assert tab.get_by_text("Page not found").count() == 0
    finally:
        context.close()
