"""Sign-in and scope in a real browser: a province account and a city account each sign in with their password
and see only their scope; the city account has no import page and nothing to save a verdict with; a link to a
report outside the scope is refused after the browser signs in again from its cookie."""
import re
import shutil

import duckdb
import pytest

from tests.conftest import TEST_PASSWORD, write_users
from tests.test_browser import ARGS, CHROMIUM, SHOTS, serving

pytestmark = pytest.mark.skipif(not __import__("pathlib").Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing")
YIYANG = "226e38c102ce3181"                 # 湖南省益阳市, outside both accounts
HANGZHOU = "h000000000000001"               # 浙江省杭州市: the province account's, not the city account's


@pytest.fixture(scope="module")
def scoped(seed_db, tmp_path_factory):
    """The seeds plus a 杭州市 report, served with a users file that signs nobody in by itself."""
    from ingest.marts import refresh_marts
    from tests.report_rows import insert_report

    folder = tmp_path_factory.mktemp("login")
    db = folder / "scoped.duckdb"
    shutil.copyfile(seed_db, db)
    con = duckdb.connect(str(db))
    insert_report(con, HANGZHOU, city="杭州市", county="西湖区", adcode="330106", implementing_unit="杭州市不动产登记中心",
                  self_score=100.0)
    refresh_marts(con, text_similarity=False)
    counts = dict(con.execute("""select coalesce(city, '') , count(*) from review_queue where province = '浙江省'
                                 group by rollup(city)""").fetchall())
    con.close()
    with serving(db, users=write_users(folder / "users.yaml", auto_login=None)) as url:
        yield url, counts


def settled(tab):
    from playwright.sync_api import expect

    expect(tab.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=30_000)
    tab.wait_for_timeout(600)


def sign_in(browser, url: str, username: str):
    """A fresh browser session signed in through the form; on the overview."""
    from playwright.sync_api import expect

    tab = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 1000}).new_page()
    tab.goto(url + "/")
    expect(tab.get_by_label("用户名")).to_be_visible(timeout=30_000)
    assert tab.get_by_test_id("stMetric").count() == 0                       # nothing shown before signing in
    tab.get_by_label("用户名").fill(username)
    tab.get_by_label("密码").fill(TEST_PASSWORD)
    tab.get_by_role("button", name="登录").click()
    expect(tab.locator("h1").filter(has_text="总览")).to_be_visible(timeout=30_000)
    settled(tab)
    return tab


def reports_metric(tab) -> str:
    return tab.get_by_test_id("stMetric").filter(has_text="报告数").get_by_test_id("stMetricValue").inner_text()


def open_queue(tab) -> int:
    from playwright.sync_api import expect

    tab.get_by_test_id("stSidebarNav").get_by_text("异常线索").click()
    expect(tab.locator("h1").filter(has_text="异常线索")).to_be_visible(timeout=30_000)
    settled(tab)
    text = " ".join(tab.locator("p").all_inner_texts())
    return int(re.search(r"共\s*([\d,]+)\s*条线索", text).group(1))


def refused(tab, url: str, report: str) -> bool:
    """Open a report by link in this browser (a new session, signed in again from the cookie): refused."""
    from playwright.sync_api import expect

    tab.goto(f"{url}/project?report={report}")
    expect(tab.get_by_text("不在当前账号的查看范围")).to_be_visible(timeout=30_000)
    return tab.get_by_label("用户名").count() == 0 and tab.get_by_test_id("stMetric").count() == 0


def test_each_account_sees_only_its_scope(scoped):
    from playwright.sync_api import expect, sync_playwright

    url, counts = scoped
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        province = sign_in(browser, url, "zj_reviewer")
        expect(province.get_by_text("当前账号：浙江复核员")).to_be_visible()
        assert reports_metric(province) == "2"                                  # 宁波 and 杭州, no other province
        assert province.get_by_test_id("stSidebarNav").get_by_text("数据导入").count() == 1
        assert open_queue(province) == counts[""]
        expect(province.get_by_text("在上表中勾选要复核的线索")).to_be_visible()    # may review
        province.screenshot(path=str(SHOTS / "login-province-queue.png"), full_page=True)
        assert refused(province, url, YIYANG)

        city = sign_in(browser, url, "nb_viewer")
        expect(city.get_by_text("当前账号：宁波查看员")).to_be_visible()
        assert reports_metric(city) == "1"
        assert city.get_by_test_id("stSidebarNav").get_by_text("数据导入").count() == 0
        assert open_queue(city) == counts["宁波市"] < counts[""]
        expect(city.get_by_text("只能查看线索和复核结论")).to_be_visible()
        assert city.get_by_role("button", name=re.compile("保存")).count() == 0    # nothing to save a verdict with
        city.screenshot(path=str(SHOTS / "login-city-queue.png"), full_page=True)
        assert refused(city, url, HANGZHOU)                                      # its province, another city
        browser.close()
