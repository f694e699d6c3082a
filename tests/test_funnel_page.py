"""The city comparison page draws a funnel plot per measure (AppTest), on a province of eight cities where one
city scores everything 100 and one bunches just above 90; no league table remains."""
import random

import pytest

from tests.test_dashboard import app, ok


@pytest.fixture(scope="module")
def peer_db(tmp_path_factory):
    """A database file with 浙江省's eight cities of 6–14 reports each (2022)."""
    from ingest import db
    from ingest.marts import refresh_marts
    from ingest.rule_settings import write_settings
    from tests.report_rows import insert_report

    path = tmp_path_factory.mktemp("peer_db") / "peers.duckdb"
    con = db.connect(path)
    db.apply_schema(con)
    db.apply_views(con)
    write_settings(con)
    rng, n = random.Random(3), 0
    for k, city in enumerate(["杭州市", "宁波市", "温州市", "嘉兴市", "湖州市", "绍兴市", "金华市", "衢州市"]):
        for j in range(6 + k):
            n += 1
            rate = rng.choice([100, 100, 98, 95, 92, 88])
            score = {0: 100.0, 1: rng.choice([90.5, 91, 91.5])}.get(k, round(rng.gauss(85 + 0.4 * (rate - 95), 3), 1))
            insert_report(con, f"f{n:015d}", city=city, county=None, self_score=score, executed=rate,
                          execution_rate=rate, implementing_unit=f"{city}单位{j}")
    refresh_marts(con, text_similarity=False)
    con.close()
    return path


def test_funnel_page_draws_every_measure(peer_db, monkeypatch):
    at = app(peer_db, monkeypatch, "cities", province="浙江省")
    ok(at, "城市对比")
    assert any("如何读漏斗图" in m.value for m in at.markdown)
    labels = [t.label for t in at.tabs]
    for label, start in zip(labels, ["平均自评分", "100分占比", "指标全满分占比", "平均虚高", "有线索报告占比", "刚过90分占"]):
        assert label.startswith(start)
    assert not [s for s in at.selectbox if s.key == "city_sort"]       # no ranking selector left
    summary = at.dataframe[0].value
    assert "mean_inflation" not in summary.columns and list(summary["region_name"]) == sorted(summary["region_name"])


def test_funnel_marks_the_city_outside(peer_db, monkeypatch):
    import duckdb

    con = duckdb.connect(str(peer_db), read_only=True)
    flagged = con.execute("select region_name, measure from peer_funnel_points where is_flag").fetchall()
    con.close()
    assert ("杭州市", "mean_self") in flagged and ("宁波市", "bunch_ratio") in flagged
    at = app(peer_db, monkeypatch, "cities", province="浙江省")
    tables = [d.value for d in at.dataframe if "verdict_zh" in d.value.columns]
    assert any("杭州市" in set(t["region_name"]) for t in tables)


def test_funnel_figure_names_units_outside():
    import pandas as pd

    from dashboard import charts

    rows = pd.DataFrame({
        "measure": "mean_self", "status": "ok", "region_name": ["甲<b>市", "乙市", "丙市", "丁市"],
        "numerator": [1000, 850, 860, 870], "denominator": [10, 10, 10, 10], "value": [100, 85, 86, 87],
        "target": [86, 91, 90.7, 90.3], "adj_lo998": [83, 88, 87, 87], "adj_hi998": [89, 94, 94, 93],
        "verdict": ["above_998", "within", "within", "within"], "verdict_zh": ["高于99.8%控制限（线索）"] + ["在控制限内"] * 3,
        "q_value": [0.0001, 0.5, 0.5, 0.5], "scale": 1.0, "unit": "分", "measure_zh": "平均自评分",
        "sd": 3.0, "tau2": 0.0, "overdispersed": False, "year": 2022})
    fig = charts.funnel_plot(rows, "mean_self", highlight="乙市")
    points = fig.data[-2]
    assert list(points.text) == ["甲&lt;b&gt;市", "", "", ""]      # only the unit outside is named, escaped
    assert {d.name for d in fig.data if d.showlegend is not False} >= {"99.8%控制限", "95%控制限", "全省水平"}
    assert fig.data[-1].name == "所选：乙市" and list(fig.data[-1].x) == [10]     # the chosen unit ringed
    assert "2022年度" in fig.layout.title.text


def test_funnel_follows_the_filters(peer_db, monkeypatch):
    """Without synthetic data the page computes the funnel over the real reports (here every report, so it agrees
    with the mart the D rules read) and says so."""
    import pandas as pd

    from dashboard import store

    mart, year = store.funnel_points.__wrapped__(str(peer_db), "浙江省", None, None)
    real, same_year = store.funnel_points.__wrapped__(str(peer_db), "浙江省", None, None, synthetic=False)
    key = ["measure", "region_name"]
    cols = key + ["numerator", "denominator", "value", "target", "adj_hi998", "verdict", "verdict_zh", "measure_zh"]
    assert year == same_year == 2022 and len(mart) == len(real) > 0
    pd.testing.assert_frame_equal(mart[cols].sort_values(key, ignore_index=True),
                                  real[cols].sort_values(key, ignore_index=True), check_dtype=False)
    at = app(peer_db, monkeypatch, "cities", province="浙江省", synthetic="0")
    ok(at, "城市对比")
    assert any("按当前筛选的报告计算" in c.value for c in at.caption)


@pytest.mark.skipif(not __import__("pathlib").Path("/usr/bin/chromium").exists(), reason="chromium is missing")
def test_funnel_page_in_browser(peer_db):
    """The funnel page in chromium: the plot, its limit lines and the named unit outside are drawn."""
    from playwright.sync_api import expect, sync_playwright

    from tests.test_browser import ARGS, CHROMIUM, serving

    with serving(peer_db) as url:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
            page.goto(f"{url}/cities?province=%E6%B5%99%E6%B1%9F%E7%9C%81")
            expect(page.locator("h1").filter(has_text="城市对比")).to_be_visible(timeout=30_000)
            expect(page.get_by_text("如何读漏斗图")).to_be_visible(timeout=30_000)
            plot = page.locator(".js-plotly-plot").first
            expect(plot).to_be_visible(timeout=30_000)
            expect(plot.locator("text", has_text="99.8%控制限").first).to_be_attached(timeout=30_000)
            expect(plot.locator("text", has_text="杭州市").first).to_be_attached(timeout=30_000)
            assert page.get_by_test_id("stException").count() == 0
            browser.close()
