"""Every page renders under every filter combination: kinds, with and without synthetic data, each
province, and a report whose flags are partly reviewed. Any exception or error box fails."""
import json
import shutil

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from tests.report_rows import CLEAN_INDICATORS, insert_report
from tests.test_dashboard import APP, TIMEOUT

PAGES = [None, "cities", "years", "queue", "project", "import", "methodology"]
HEADINGS = {None: "总览", "cities": "城市对比", "years": "逐年对比", "queue": "异常线索", "project": "项目详情",
            "import": "数据导入", "methodology": "规则说明"}
REVIEWED = "h000000000000001"
SEED_PROVINCES = ("浙江省", "广东省", "湖南省")          # the three real seed reports of the default database


def demo_places() -> list:
    """One city and one of its counties in each province of the default database's demo corpus."""
    from ingest.demo.places import PROVINCES, all_places

    return [(next(p for p in all_places()[code] if p.county is None), next(p for p in all_places()[code] if p.county))
            for code in PROVINCES]


# every province of the default database (seeds and demo corpus), and 河北省 with department-wide reports
PROVINCES = sorted({*SEED_PROVINCES, *(city.province for city, _ in demo_places()), "河北省"})


@pytest.fixture(scope="module")
def mixed_db(seed_db, tmp_path_factory):
    """The seeds plus real department-wide reports in 河北省, synthetic project reports in 河北省 and in a city and
    county of each province of the demo corpus, and one report with one flag reviewed and another still open."""
    from ingest.marts import refresh_marts
    from ingest.rule_settings import write_settings

    path = tmp_path_factory.mktemp("mixed") / "mixed.duckdb"
    shutil.copyfile(seed_db, path)
    con = duckdb.connect(str(path))
    try:
        assert {p for p, in con.execute("select distinct province from reports").fetchall()} == set(SEED_PROVINCES)
        for n in range(3):
            insert_report(con, f"h00000000000000{n + 1}", kind="department", project_name=None,
                          province="河北省", city="石家庄市", county=None, adcode="130100",
                          implementing_unit=f"石家庄市某局{n}", self_score=95.0 - n, executed=80.0 + n,
                          execution_rate=80.0 + n, indicators=[{**i, "score": i["weight"]} for i in CLEAN_INDICATORS])
        for n in range(4):
            insert_report(con, f"s00000000000000{n + 1}", is_synthetic=True, province="河北省", city="保定市",
                          county="莲池区", adcode="130606", implementing_unit=f"保定市某中心{n}")
        for n, (city, county) in enumerate(demo_places()):
            for k, place in enumerate((city, county)):
                insert_report(con, f"d0000000000000{n}{k}", is_synthetic=True, province=place.province,
                              city=place.city, county=place.county, adcode=place.adcode,
                              implementing_unit=f"{place.city}演示单位{k}")
        write_settings(con)
        refresh_marts(con, text_similarity=False)
        rules = [r for r, in con.execute("select rule_id from flags where report_id = ? order by rule_id",
                                         [REVIEWED]).fetchall()]
        assert len(rules) >= 2
        con.execute("insert into flag_reviews (report_id, rule_id, decision, note, reviewer, reviewed_at) "
                    "values (?, ?, 'confirmed', '已核实', '张三', now())", [REVIEWED, rules[0]])
        refresh_marts(con, text_similarity=False)
    finally:
        con.close()
    return path


def render(db, monkeypatch, page, **state):
    monkeypatch.setenv("EVAL_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    if page:
        at.switch_page(f"views/{page}_page.py").run()
    for key, value in state.items():
        widget = at.sidebar.toggle(key=key) if key == "f_synthetic" else at.sidebar.selectbox(key=key)
        widget.set_value(value)
    at.run()
    return at


def assert_clean(at, page):
    assert not at.exception, (page, [e.value for e in at.exception])
    assert not at.error, (page, [e.value for e in at.error])
    assert [t.value for t in at.title] == [HEADINGS[page]]


def assert_every_page_clean(at):
    """Every page in turn, in the same session (the sidebar's filters carry over, as they do for a user)."""
    for page in PAGES:
        at.switch_page(f"views/{page or 'overview'}_page.py").run()
        assert_clean(at, page)


@pytest.mark.parametrize("kind", ["全部", "项目支出", "部门整体支出"])
@pytest.mark.parametrize("synthetic", [True, False])
def test_every_page_for_every_kind(mixed_db, monkeypatch, kind, synthetic):
    assert_every_page_clean(render(mixed_db, monkeypatch, None, f_kind=kind, f_synthetic=synthetic))


@pytest.mark.parametrize("province", PROVINCES)
@pytest.mark.parametrize("synthetic", [True, False])
def test_every_page_in_every_province(mixed_db, monkeypatch, province, synthetic):
    assert_every_page_clean(render(mixed_db, monkeypatch, None, f_synthetic=synthetic, f_province=province))


def test_a_report_with_one_flag_reviewed_and_one_open(mixed_db, monkeypatch):
    monkeypatch.setenv("EVAL_DB", str(mixed_db))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["report"] = REVIEWED
    at.run()
    at.switch_page("views/project_page.py").run()
    assert_clean(at, "project")
    shown = "\n".join(e.proto.body for e in at.get("html"))
    assert "张三" in shown and "已核实" in shown           # the reviewed flag shows who and what
    assert shown.count("复核状态") >= 2                    # the open one is listed too


def test_totals_leave_out_money_in_doubt(tmp_path, monkeypatch):
    """A report that mixes 元 and 万元 (A8) stays out of the budget total, which says how many were left out."""
    from ingest import db
    from ingest.marts import refresh_marts
    from ingest.rule_settings import write_settings

    path = tmp_path / "money.duckdb"
    con = db.connect(path)
    db.apply_schema(con)
    db.apply_views(con)
    insert_report(con, "m000000000000001", budget_full_year=100.0, budget_initial=100.0)
    insert_report(con, "m000000000000002", implementing_unit="另一单位", budget_full_year=100.0, budget_initial=100.0,
                  provenance=[dict(field="executed", origin="table", value="1000000", raw="1000000", line=9),
                              dict(field="executed", origin="narrative", value="100", raw="100万元", line=3)])
    write_settings(con)
    refresh_marts(con, text_similarity=False)
    con.close()
    monkeypatch.setenv("EVAL_DB", str(path))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert_clean(at, None)
    budget = next(m for m in at.metric if m.label == "预算总额（万元）")
    assert budget.value == "100.00" and "1 份报告金额存疑" in budget.help
    assert any("未计入 1 份金额存疑" in c.value for c in at.caption)
    at.switch_page("views/cities_page.py").run()          # the city's total leaves it out too, and counts it
    assert_clean(at, "cities")
    city = at.dataframe[0].value.set_index("region_name").loc["宁波市"]
    assert (city["budget_total"], city["money_doubtful"], city["report_count"]) == (100.0, 1, 2)


def test_a_report_links_to_its_units_other_reports(mixed_db, tmp_path, monkeypatch):
    """The same unit's report of another year is one click away from the project page."""
    from ingest.marts import refresh_marts
    from ingest.rule_settings import write_settings

    path = tmp_path / "years.duckdb"
    shutil.copyfile(mixed_db, path)
    con = duckdb.connect(str(path))
    insert_report(con, "s000000000000099", is_synthetic=True, province="河北省", city="保定市", county="莲池区",
                  adcode="130606", implementing_unit="保定市某中心0", year=2021, project_name="上一年度的项目")
    write_settings(con)
    refresh_marts(con, text_similarity=False)
    con.close()
    monkeypatch.setenv("EVAL_DB", str(path))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["report"] = "s000000000000001"
    at.run()
    at.switch_page("views/project_page.py").run()
    assert_clean(at, "project")
    table = next(df.value for df in at.dataframe if "link" in df.value.columns and "year" in df.value.columns)
    assert list(table["report_id"]) == ["s000000000000099"] and list(table["year"]) == [2021]
    assert list(table["link"]) == ["project?report=s000000000000099"]


def test_years_page_for_one_unit(mixed_db, tmp_path, monkeypatch):
    """One unit over two years: both years listed with their bases, its projects side by side."""
    from ingest.marts import refresh_marts
    from ingest.rule_settings import write_settings

    path = tmp_path / "years.duckdb"
    shutil.copyfile(mixed_db, path)
    con = duckdb.connect(str(path))
    insert_report(con, "s000000000000098", is_synthetic=True, province="河北省", city="保定市", county="莲池区",
                  adcode="130606", implementing_unit="保定市某中心0", year=2021, self_score=93.0)
    write_settings(con)
    refresh_marts(con, text_similarity=False)
    con.close()
    at = render(path, monkeypatch, "years")
    assert_clean(at, "years")
    at.radio(key="years_scope").set_value("一个实施单位").run()
    at.text_input(key="years_search").input("保定市某中心0").run()
    assert_clean(at, "years")
    table = at.dataframe[0].value
    assert list(table["year"]) == [2021, 2022] and list(table["reports"]) == [1, 1]
    projects = at.dataframe[1].value
    assert {"2021年自评分", "2022年自评分"} <= set(projects.columns)
    at.text_input(key="years_project_search").input("没有这个项目").run()       # the unit's projects are searchable
    assert_clean(at, "years")
    assert any("没有匹配的项目" in i.value for i in at.info)


def click_map(at, code: str) -> None:
    """A click on a region of the map, as the browser reports it (its code is the point's customdata)."""
    at.session_state["region_map"] = {"selection": {"points": [{"customdata": code}], "point_indices": [0],
                                                    "box": [], "lasso": []}}
    at.run()
    at.run()


def test_map_colours_provinces_then_cities_and_a_click_filters(mixed_db, monkeypatch):
    at = render(mixed_db, monkeypatch, None)
    assert_clean(at, None)
    figure = next(c for c in at.get("plotly_chart") if "toself" in c.proto.spec)
    assert "330000" in figure.proto.spec and "130000" in figure.proto.spec     # 浙江省, 河北省 drawn
    assert "全部年度" in figure.proto.spec                                       # the chart says which year
    click_map(at, "130000")
    assert_clean(at, None)
    assert (at.sidebar.selectbox(key="f_province").value, at.sidebar.selectbox(key="f_city").value) == ("河北省", "全部")
    figure = next(c for c in at.get("plotly_chart") if "toself" in c.proto.spec)
    assert "130100" in figure.proto.spec and "130600" in figure.proto.spec     # 石家庄市, 保定市
    click_map(at, "130100")
    assert_clean(at, None)
    assert at.sidebar.selectbox(key="f_city").value == "石家庄市"


def listed(at):
    """The report list of the city page."""
    return next(df.value for df in at.dataframe if "report_id" in df.value.columns and "link" in df.value.columns)


def test_one_click_on_a_region_lists_its_reports_including_the_citys_own(mixed_db, monkeypatch):
    """Reports without a county (市本级) are listed under one name in the city's county view; a click on its row
    lists them on the same page."""
    at = render(mixed_db, monkeypatch, "cities", f_province="河北省")
    at.sidebar.selectbox(key="f_city").set_value("石家庄市").run()
    assert_clean(at, "cities")
    regions = at.dataframe[0].value
    assert "市本级/未注明区县" in set(regions["region_name"])
    at.session_state["city_table"] = {"selection": {"rows": [int(regions.index[regions["region_name"]
                                                                                 == "市本级/未注明区县"][0])],
                                                    "columns": []}}
    at.run()
    assert_clean(at, "cities")
    assert at.selectbox(key="city_reports_region").value == "市本级/未注明区县"
    assert set(listed(at)["report_id"]) == {"h000000000000001", "h000000000000002", "h000000000000003"}


def test_lists_of_the_city_page_are_searchable_and_charts_rank_no_one(mixed_db, monkeypatch):
    at = render(mixed_db, monkeypatch, "cities", f_province="河北省")
    assert list(at.dataframe[0].value["region_name"]) == ["保定市", "石家庄市"]          # in name order
    at.text_input(key="city_search").input("石家庄").run()
    assert_clean(at, "cities")
    assert list(at.dataframe[0].value["region_name"]) == ["石家庄市"]
    at.selectbox(key="city_reports_region").set_value("保定市").run()
    assert len(listed(at)) == 4
    at.text_input(key="city_report_search").input("某中心2").run()                 # by implementing unit
    assert_clean(at, "cities")
    assert list(listed(at)["implementing_unit"]) == ["保定市某中心2"]
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert not [t for c in charts for t in c["data"] if t["type"] in ("bar", "box")]    # no league table of units
    scatter = next(c for c in charts if c["layout"].get("title", {}).get("text", "").startswith("执行率与自评得分"))
    assert [t["name"] for t in scatter["data"]] == ["其他地区（悬停可见名称）", "保定市"]    # the chosen one highlighted
    assert "全部年度" in scatter["layout"]["title"]["text"]


def test_rule_counts_follow_the_filters(mixed_db, monkeypatch):
    """The rules page counts the filter's reports: 河北省 has 3 real and 4 synthetic reports."""
    at = render(mixed_db, monkeypatch, "methodology", f_province="河北省")
    assert_clean(at, "methodology")
    counts = at.dataframe[0].value
    assert set(counts["n_pass"] + counts["n_fail"] + counts["n_not_computable"]) == {7}
    at.sidebar.toggle(key="f_synthetic").set_value(False).run()
    counts = at.dataframe[0].value
    assert set(counts["n_pass"] + counts["n_fail"] + counts["n_not_computable"]) == {3}
