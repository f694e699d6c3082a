"""Nothing a document or a reviewer wrote becomes markup: a report full of script, iframe, image and
markdown payloads renders as text, in AppTest and in a real browser (no dialog, no outside request)."""
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from tests.report_rows import CLEAN_INDICATORS, insert_report
from tests.test_browser import ARGS, CHROMIUM, serving
from tests.test_dashboard import APP, TIMEOUT

EVIL = "evil.example"
SCRIPT = "<script>alert('x')</script>"
IFRAME = "<iframe srcdoc=\"<script>alert('y')</script>\"></iframe>"
IMG = f"<img src=http://{EVIL}/a.png onerror=alert('z')>"
MARKDOWN = f"[点此](http://{EVIL}/phish) ![图](http://{EVIL}/b.png) :red[假警告] $x^2$"
PAYLOAD_ID = "p000000000000bad"
# markup that would be live: an unescaped tag, or a markdown link or image not preceded by a backslash
LIVE_HTML = re.compile(r"(?<!\\)<\s*(script|iframe|img)\b", re.IGNORECASE)
LIVE_MARKDOWN = re.compile(r"(?<!\\)\]\((?!\s)")


@pytest.fixture(scope="module")
def payload_db(seed_db, tmp_path_factory):
    from ingest.marts import refresh_marts
    from ingest.rule_settings import write_settings

    path = tmp_path_factory.mktemp("payload") / "payload.duckdb"
    shutil.copyfile(seed_db, path)
    con = duckdb.connect(str(path))
    try:
        bad = [{**i, "name": f"{i['name']}{IMG}"} for i in CLEAN_INDICATORS]
        bad[1]["actual"] = "98%"          # a missed target scored full: B3 quotes the name
        insert_report(con, PAYLOAD_ID, project_name=f"项目{SCRIPT}{MARKDOWN}", implementing_unit=f"单位{IFRAME}",
                      supervising_department=MARKDOWN, indicators=bad,
                      narratives={"problems": f"问题{SCRIPT}{MARKDOWN}", "measures": IFRAME})
        write_settings(con)
        refresh_marts(con, text_similarity=False)
        rule = con.execute("select min(rule_id) from flags where report_id = ?", [PAYLOAD_ID]).fetchone()[0]
        assert rule is not None
        con.execute("insert into flag_reviews values (?, ?, 'confirmed', ?, ?, now())",
                    [PAYLOAD_ID, rule, f"意见{IFRAME}{MARKDOWN}", f"审核人{IMG}"])
        refresh_marts(con, text_similarity=False)
    finally:
        con.close()
    return path


def markdown_text(at: AppTest) -> list[str]:
    """Every string the page hands to the browser as markdown."""
    return ([m.value for m in at.markdown] + [str(c.value) for c in at.caption] + [e.value for e in at.error]
            + [w.value for w in at.warning] + [s.value for s in at.subheader])


def html_text(at: AppTest) -> list[str]:
    """Every HTML body the page builds (markdown syntax is not read there)."""
    return [e.proto.body for e in at.get("html")]


@pytest.mark.parametrize("page,query", [("project", {"report": PAYLOAD_ID}), ("project", {"report": IMG + MARKDOWN}),
                                        ("queue", {}), (None, {}), ("cities", {})])
def test_payloads_stay_text_in_apptest(payload_db, monkeypatch, page, query):
    monkeypatch.setenv("EVAL_DB", str(payload_db))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(f"views/{page}_page.py").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = markdown_text(at) + html_text(at)
    assert not [s for s in shown if LIVE_HTML.search(s)]
    assert not [s for s in markdown_text(at) if LIVE_MARKDOWN.search(s)]
    if query.get("report") == PAYLOAD_ID:
        assert any("&lt;script&gt;" in s or "\\<script\\>" in s for s in shown)   # shown, as text


@pytest.fixture(scope="module")
def payload_server(payload_db):
    with serving(payload_db) as url:
        yield url


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing")
@pytest.mark.parametrize("path", [f"project?report={PAYLOAD_ID}", "queue"])
def test_payloads_stay_text_in_the_browser(payload_server, path):
    from playwright.sync_api import expect, sync_playwright

    dialogs, outside = [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        tab = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
        tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        tab.on("request", lambda r: outside.append(r.url) if EVIL in r.url else None)
        tab.goto(f"{payload_server}/{path}")
        expect(tab.locator("h1").first).to_be_visible(timeout=30_000)
        expect(tab.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=30_000)
        tab.wait_for_timeout(2000)
        live = tab.evaluate("""() => ({
            iframes: document.querySelectorAll('iframe[srcdoc]').length,
            images: [...document.querySelectorAll('img')].filter(i => (i.getAttribute('src') || '').includes('evil')).length,
            links: [...document.querySelectorAll('a')].filter(a => (a.getAttribute('href') || '').includes('evil')).length,
            scripts: [...document.querySelectorAll('script')].filter(s => s.textContent.includes('alert')).length,
        })""")
        body = tab.locator("body").inner_text()
        browser.close()
    assert dialogs == [] and outside == []
    assert live == {"iframes": 0, "images": 0, "links": 0, "scripts": 0}
    if "project" in path:
        assert "<script>" in body            # the payload is visible as the text it is
