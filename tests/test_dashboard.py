"""The dashboard pages run headlessly with AppTest on the seed database."""
import re
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
NINGBO = "9392b10226a92a2e"
TIMEOUT = 60


def app(db: Path, monkeypatch, page: str | None = None, as_user: str | None = None, **query) -> AppTest:
    """The app on a database, optionally switched to a page and given query parameters; signed in as `as_user`
    (an account of the test users file), else as the file's auto-login account."""
    monkeypatch.setenv("EVAL_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for k, v in query.items():
        at.query_params[k] = v
    if as_user:
        at.session_state["auth_username"] = as_user     # what a successful sign-in leaves in the session
    at.run()
    if page:
        at.switch_page(f"views/{page}_page.py").run()
    return at


def ok(at: AppTest, heading: str) -> None:
    """No exception, no error box, and the page's Chinese heading."""
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert [t.value for t in at.title] == [heading]


def texts(at: AppTest) -> str:
    """Markdown, captions and the HTML the page builds (flags are HTML made of escaped parts)."""
    return ("\n".join(m.value for m in at.markdown) + "\n".join(str(c.value) for c in at.caption)
            + "\n".join(e.proto.body for e in at.get("html")))


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


@pytest.mark.parametrize("page,heading", [
    (None, "总览"), ("cities", "城市对比"), ("years", "逐年对比"), ("queue", "异常线索"), ("project", "项目详情"),
    ("import", "数据导入"), ("methodology", "规则说明"),
])
def test_every_page_renders(seed_db, monkeypatch, page, heading):
    ok(app(seed_db, monkeypatch, page), heading)


def test_overview_figures_and_year_filter(seed_db, monkeypatch):
    at = app(seed_db, monkeypatch)
    ok(at, "总览")
    assert metric(at, "报告数") == "3"
    assert metric(at, "“优”占比") == "100.0%"
    assert not at.warning  # seeds are real data: no synthetic banner
    at.sidebar.selectbox(key="f_year").set_value("2021").run()
    ok(at, "总览")
    assert metric(at, "报告数") == "1"
    assert at.query_params["year"] == "2021"


def test_synthetic_banner(tmp_path, monkeypatch):
    from ingest.loader import load_paths

    db = tmp_path / "synthetic.duckdb"
    load_paths([Path(__file__).resolve().parent.parent / "data" / "raw" / "seeds"], db, is_synthetic=True,
               progress=False)
    at = app(db, monkeypatch)
    assert any("合成数据" in w.value for w in at.warning)
    at.sidebar.toggle(key="f_synthetic").set_value(False).run()
    assert metric_or_none(at) is None and any("没有报告" in i.value for i in at.info)
    assert at.query_params["synthetic"] == "0"


def metric_or_none(at: AppTest):
    return next((m.value for m in at.metric if m.label == "报告数"), None)


def test_filters_come_from_the_url(seed_db, monkeypatch):
    at = app(seed_db, monkeypatch, province="浙江省")
    assert at.sidebar.selectbox(key="f_province").value == "浙江省"
    assert metric(at, "报告数") == "1"


def test_cities_table_lists_regions_by_name(seed_db, monkeypatch):
    at = app(seed_db, monkeypatch, "cities")
    ok(at, "城市对比")
    regions = at.dataframe[0].value["region_name"]
    assert {"韶关市", "宁波市", "益阳市"} <= set(regions) and list(regions) == sorted(regions)  # no league table
    links = at.dataframe[0].value["link"].tolist()
    assert any("city=%E5%AE%81%E6%B3%A2%E5%B8%82" in link for link in links)  # 宁波市 leads to its reports


def test_queue_lists_ningbo_execution_flag(seed_db, monkeypatch):
    at = app(seed_db, monkeypatch, "queue")
    ok(at, "异常线索")
    q = at.dataframe[0].value
    b2 = q[(q["report_id"] == NINGBO) & (q["rule_id"] == "B2")]
    assert "99.65%" in b2["explanation"].iloc[0]
    assert list(q["severity"]) == sorted(q["severity"], key=["确定", "疑似", "提示"].index)
    at.multiselect(key="q_rules").set_value(["B2"]).run()
    ok(at, "异常线索")
    assert set(at.dataframe[0].value["rule_id"]) == {"B2"}


def select_rows(at: AppTest, pairs: list[tuple[str, str]]) -> None:
    """Tick the queue table's rows of these (report, rule) pairs, as a click on their checkboxes does."""
    q = at.dataframe[0].value.reset_index(drop=True)
    rows = [int(i) for i in q.index[[(r, k) in pairs for r, k in zip(q["report_id"], q["rule_id"])]]]
    at.session_state["queue_table"] = {"selection": {"rows": rows, "columns": []}}
    at.run()


def test_review_is_saved_and_shown(seed_db_copy, monkeypatch):
    at = app(seed_db_copy, monkeypatch, "queue", as_user="zj_reviewer")
    assert set(at.dataframe[0].value["review_status"]) == {"open"}          # open flags first
    assert set(at.dataframe[0].value["province"]) == {"浙江省"}             # the account's province only
    select_rows(at, [(NINGBO, "B2")])
    at.radio(key="review_decision").set_value("确认（问题属实）")
    at.text_area(key="review_note").input("执行率99.65%却得满分，已核实")
    at.button[0].click().run()
    ok(at, "异常线索")
    assert any("已保存 1 条" in s.value for s in at.success)
    q = at.dataframe[0].value
    assert q[(q["report_id"] == NINGBO) & (q["rule_id"] == "B2")].empty  # a reviewed flag leaves the open list
    at.multiselect(key="q_status").set_value([]).run()
    q = at.dataframe[0].value
    row = q[(q["report_id"] == NINGBO) & (q["rule_id"] == "B2")].iloc[0]
    assert (row["status"], row["reviewer"]) == ("已确认", "浙江复核员")       # signed by the account, not typed
    con = duckdb.connect(str(seed_db_copy), read_only=True)
    saved = con.execute("select decision, note, reviewer, reviewed_at from flag_reviews").fetchall()
    con.close()
    assert saved[0][:3] == ("confirmed", "执行率99.65%却得满分，已核实", "浙江复核员") and saved[0][3] is not None


def test_queue_search_by_project_or_unit(seed_db, monkeypatch):
    at = app(seed_db, monkeypatch, "queue")
    at.text_input(key="q_search").input("北仑").run()
    ok(at, "异常线索")
    assert set(at.dataframe[0].value["report_id"]) == {NINGBO}
    at.text_input(key="q_search").input("没有这个单位").run()
    assert any("没有异常线索" in i.value for i in at.info)


def test_several_flags_are_reviewed_at_once(seed_db_copy, monkeypatch):
    at = app(seed_db_copy, monkeypatch, "queue")
    q = at.dataframe[0].value
    pairs = list(zip(q["report_id"], q["rule_id"]))[:3]
    select_rows(at, pairs)
    assert any("已选择 **3** 条" in m.value for m in at.markdown)
    at.radio(key="review_decision").set_value("误报（无问题）")
    at.button[0].click().run()
    ok(at, "异常线索")
    con = duckdb.connect(str(seed_db_copy), read_only=True)
    saved = set(con.execute("select report_id, rule_id, decision, reviewer from flag_reviews").fetchall())
    con.close()
    assert saved == {(r, k, "false_positive", "测试复核员") for r, k in pairs}


def test_project_page_by_url(seed_db, monkeypatch):
    at = app(seed_db, monkeypatch, "project", report=NINGBO)
    ok(at, "项目详情")
    assert NINGBO in at.selectbox(key="project_report").value
    body = texts(at)
    assert "B2 执行率不足却得满分" in body and "99.65%" in body
    assert "北仑区" in body
    assert metric(at, "填报执行率") == "99.65%"
    rules = next(df.value for df in at.dataframe if "规则" in df.value.columns)
    assert len(rules) == len(registered_rules()) and set(rules["结果"]) == {"通过", "未通过", "无法计算"}
    html = "\n".join(e.proto.body for e in at.get("html"))
    assert re.search(r"background:#ffe082;[^>]*><span[^>]*>  56</span>.*?◀[^<]*B2", html)  # the funds line behind B2
    picker = at.selectbox(key="project_report")
    other = next(i for i, o in enumerate(picker.options) if NINGBO not in o)
    picker.select_index(other).run()
    ok(at, "项目详情")
    assert at.query_params["report"] not in ("", NINGBO)
    assert at.query_params["report"] in at.selectbox(key="project_report").value


def test_project_unknown_report(seed_db, monkeypatch):
    at = app(seed_db, monkeypatch, "project", report="nosuchreport0000")
    assert not at.exception
    assert any("找不到" in e.value for e in at.error)


def test_import_preview_and_load(seed_db, tmp_path, monkeypatch):
    from ingest.loader import load_paths

    db = tmp_path / "two.duckdb"
    seeds = sorted((Path(__file__).resolve().parent.parent / "data" / "raw" / "seeds").iterdir())
    load_paths(seeds[:2], db, progress=False)
    at = app(db, monkeypatch, "import")
    ok(at, "数据导入")
    at.file_uploader(key="uploads").set_value([(seeds[2].name, seeds[2].read_bytes(), "text/plain"),
                                              ("broken.txt", b"", "text/plain")]).run()
    assert not at.exception
    assert any("无法解析" in e.value for e in at.error)  # the empty file is refused before loading
    assert "可导入 **1** / 2 个文件。" in texts(at)
    at.button(key="do_import").click().run()
    assert any("载入 1 个文件（1 份报告）" in s.value for s in at.success), [e.value for e in at.error]
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select count(*) from reports").fetchone()[0] == 3
    con.close()
    at.switch_page("views/overview_page.py").run()
    assert metric(at, "报告数") == "3"  # readers see the new data


def test_import_previews_and_loads_every_report_of_a_file(seed_db_copy, monkeypatch, split_in_two):
    split_in_two()
    seed = sorted((Path(__file__).resolve().parent.parent / "data" / "raw" / "seeds").iterdir())[0]
    at = app(seed_db_copy, monkeypatch, "import")
    at.file_uploader(key="uploads").set_value([("两个项目.txt", b"\n" + seed.read_bytes(), "text/plain")]).run()
    assert not at.exception and "报告：2 份" in texts(at)
    assert len(at.dataframe[0].value) == 2
    at.button(key="do_import").click().run()
    assert any("载入 1 个文件（2 份报告）" in s.value for s in at.success), [e.value for e in at.error]


def test_import_rejects_oversize(seed_db, monkeypatch):
    monkeypatch.setenv("EVAL_MAX_FILE_MB", "0.001")
    at = app(seed_db, monkeypatch, "import")
    at.file_uploader(key="uploads").set_value(("big.txt", "项目名称".encode() * 1000, "text/plain")).run()
    assert any("超过大小上限" in e.value for e in at.error)


def registered_rules():
    from ingest.rule_registry import rules
    return rules()


def test_methodology_counts_and_basis(seed_db, monkeypatch):
    at = app(seed_db, monkeypatch, "methodology")
    ok(at, "规则说明")
    assert "财预〔2020〕10号" in texts(at)
    assert any("不是结论" in i.value for i in at.info)
    shown = at.dataframe[0].value
    assert list(shown["rule_id"]) == [r.rule_id for r in registered_rules()]     # every rule, in catalog order
    assert shown["basis"].notna().all() and not shown["basis"].str.contains("DOMAIN").any()
    at.radio(key="method_severity").set_value("确定").run()
    assert set(at.dataframe[0].value["severity"]) == {"确定"}


def test_broken_database_shows_chinese_message(tmp_path, monkeypatch):
    db = tmp_path / "broken.duckdb"
    db.write_bytes(b"this is not a database")
    at = app(db, monkeypatch)
    assert not at.exception
    assert at.error and "数据库" in at.error[0].value


def test_first_start_builds_the_database(tmp_path, monkeypatch):
    import ingest.default_db
    from ingest.loader import load_paths

    calls = []

    def quick_build(path, reports=600, progress=True, on_step=None):  # the seeds stand in for the demo corpus
        calls.append(reports)
        load_paths([Path(__file__).resolve().parent.parent / "data" / "raw" / "seeds"], path, progress=False)
        on_step(1, 1, "已载入")

    monkeypatch.setattr(ingest.default_db, "build_default", quick_build)
    db = tmp_path / "fresh" / "evaluations.duckdb"
    at = app(db, monkeypatch)
    assert not at.exception and db.exists() and calls == [600]
    assert at.status and "默认数据库" in at.status[0].label
    assert int(metric(at, "报告数").replace(",", "")) > 0


def test_project_page_marks_values_read_with_doubt(seed_db_copy, monkeypatch):
    """A value OCR read below the threshold is listed as uncertain and its arithmetic rule says why."""
    con = duckdb.connect(str(seed_db_copy))
    con.execute("update provenance set confidence = 0.62, loc = '第1页 表1 第4行 第8列' "
                "where report_id = ? and field = 'execution_rate'", [NINGBO])
    from ingest.marts import refresh_marts
    refresh_marts(con, text_similarity=False)
    con.close()
    at = app(seed_db_copy, monkeypatch, "project", report=NINGBO)
    ok(at, "项目详情")
    assert any("不确定" in w.value for w in at.warning)
    listed = next(df.value for df in at.dataframe if "confidence" in df.value.columns)
    assert list(listed["item"]) == ["执行率"] and listed["confidence"].iloc[0] == 0.62
    rules = next(df.value for df in at.dataframe if "规则" in df.value.columns)
    a1 = rules[rules["规则"] == "A1"].iloc[0]
    assert a1["结果"] == "无法计算" and a1["无法计算的原因"].startswith("扫描识别置信度低于")


def test_project_page_reviews_its_flags_in_place(seed_db_copy, monkeypatch):
    at = app(seed_db_copy, monkeypatch, "project", as_user="zj_reviewer", report=NINGBO)
    ok(at, "项目详情")
    at.multiselect(key="pr_flags").set_value(["A2", "B2"])
    at.radio(key="pr_decision").set_value("确认（问题属实）")
    at.button(key="FormSubmitter:project_review-保存复核结论").click().run()
    ok(at, "项目详情")
    assert any("已保存 2 条" in s.value for s in at.success)
    assert "浙江复核员" in texts(at)
    con = duckdb.connect(str(seed_db_copy), read_only=True)
    saved = set(con.execute("select report_id, rule_id, decision, reviewer from flag_reviews").fetchall())
    con.close()
    assert saved == {(NINGBO, "A2", "confirmed", "浙江复核员"), (NINGBO, "B2", "confirmed", "浙江复核员")}
