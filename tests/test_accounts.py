"""Accounts, scope and verdict history: the users command line hashes and refuses what does not fit, the sign-in
form checks the password, a city account sees one city read-only, a province account one province, and a changed
verdict keeps the earlier one (AppTest on the seed database)."""
import io

import duckdb
import pytest
import yaml
from streamlit.testing.v1 import AppTest

from dashboard import store, users
from tests.conftest import TEST_PASSWORD, write_users
from tests.test_dashboard import APP, NINGBO, TIMEOUT, app, ok, texts

YIYANG = "226e38c102ce3181"          # 湖南省益阳市: outside 浙江省


def run_cli(monkeypatch, path, *argv, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return users.main(["--file", str(path), *argv])


def test_users_command_line_keeps_hashes_and_refuses_bad_accounts(tmp_path, monkeypatch, capsys):
    path = tmp_path / "users.yaml"
    assert run_cli(monkeypatch, path, "add", "zhangsan", "--name", "张三", "--role", "province", "--province", "浙江省",
                   "--org", "浙江省财政厅", "--password-stdin", stdin="Secret-123\n") == 0
    stored = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = stored["credentials"]["usernames"]["zhangsan"]
    assert entry["password"].startswith("$2b$") and "Secret-123" not in path.read_text(encoding="utf-8")
    assert (entry["roles"], entry["province"], entry["org"]) == (["province"], "浙江省", "浙江省财政厅")
    assert len(stored["cookie"]["key"]) == 64 and oct(path.stat().st_mode)[-3:] == "600"
    refused = [("add", "li", "--name", "李四", "--role", "city", "--province", "浙江省"),            # a city without city
               ("add", "wang", "--name", "张三", "--role", "province", "--province", "浙江省"),      # a name taken
               ("add", "zhangsan", "--name", "张三丰", "--role", "province"),                      # a username taken
               ("add", "Zhao Liu", "--name", "赵六", "--role", "province")]                        # not a username
    for argv in refused:
        assert run_cli(monkeypatch, path, *argv, "--password-stdin", stdin="Secret-123\n") == 2
    assert run_cli(monkeypatch, path, "add", "short", "--name", "短", "--role", "province", "--password-stdin",
                   stdin="abc\n") == 2
    assert "错误：" in capsys.readouterr().err
    assert run_cli(monkeypatch, path, "demo") == 0 and run_cli(monkeypatch, path, "remove", "demo_all") == 0
    assert set(users.accounts(users.read(path))) == {"zhangsan", "demo_zhejiang", "demo_ningbo"}
    assert run_cli(monkeypatch, path, "list") == 0 and "宁波市财政局（演示）" in capsys.readouterr().out


def login_app(db, monkeypatch, users_path) -> AppTest:
    monkeypatch.setenv("EVAL_DB", str(db))
    monkeypatch.setenv("EVAL_USERS", str(users_path))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    return at


def test_sign_in_checks_the_password(seed_db, tmp_path, monkeypatch):
    at = login_app(seed_db, monkeypatch, write_users(tmp_path / "users.yaml", auto_login=None))
    assert [t.value for t in at.title] == ["绩效自评监督看板"] and not at.metric      # nothing before signing in
    at.text_input[0].input("zj_reviewer")
    at.text_input[1].input("wrong-password")
    at.button[0].click().run()
    assert any("不正确" in e.value for e in at.error) and not at.metric
    at.text_input[0].input("zj_reviewer")
    at.text_input[1].input(TEST_PASSWORD)
    at.button[0].click().run()
    ok(at, "总览")
    assert at.session_state["auth_username"] == "zj_reviewer"
    assert at.sidebar.selectbox(key="f_province").options == ["浙江省"]


def test_no_users_file_no_entry(seed_db, tmp_path, monkeypatch):
    at = login_app(seed_db, monkeypatch, tmp_path / "missing.yaml")
    assert any("python -m dashboard.users add" in e.value for e in at.error) and not at.metric


def test_a_city_account_reads_its_city_only(seed_db_copy, monkeypatch):
    at = app(seed_db_copy, monkeypatch, "queue", as_user="nb_viewer")
    ok(at, "异常线索")
    assert at.sidebar.selectbox(key="f_city").options == ["宁波市"]
    assert set(at.dataframe[0].value["city"]) == {"宁波市"}
    assert not [b for b in at.button if "保存" in (b.label or "")]               # no review form
    assert any("只能查看" in i.value for i in at.info)
    at = app(seed_db_copy, monkeypatch, "project", as_user="nb_viewer", report=YIYANG)
    assert any("不在当前账号的查看范围" in e.value for e in at.error)
    assert "益阳" not in texts(at)
    with pytest.raises(store.StoreError, match="只能查看"):          # the data layer refuses too
        store.save_reviews(str(seed_db_copy), [(NINGBO, "B2")], "confirmed", "", users.User("nb_viewer", "宁波查看员",
                                                                                            "city", "浙江省", "宁波市"))
    zj = users.User("zj_reviewer", "浙江复核员", "province", "浙江省")
    with pytest.raises(store.StoreError, match="不在当前账号的范围"):
        store.save_reviews(str(seed_db_copy), [(YIYANG, "B1")], "confirmed", "", zj)
    con = duckdb.connect(str(seed_db_copy), read_only=True)
    assert con.execute("select count(*) from flag_reviews").fetchone() == (0,)
    con.close()


def test_a_changed_verdict_keeps_its_history(seed_db_copy, monkeypatch):
    path = str(seed_db_copy)
    store.save_reviews(path, [(NINGBO, "B4")], "confirmed", "扣分无说明", users.User("t", "测试复核员", "province"))
    store.save_reviews(path, [(NINGBO, "B4")], "false_positive", "单位已补充说明", users.User("z", "浙江复核员", "province",
                                                                                          "浙江省"))
    at = app(seed_db_copy, monkeypatch, "project", report=NINGBO)
    ok(at, "项目详情")
    history = next(d.value for d in at.dataframe if "revision" in d.value.columns)
    b4 = history[history["rule_id"] == "B4"]
    assert list(b4["reviewer"]) == ["测试复核员", "浙江复核员"] and list(b4["decision"]) == ["已确认", "误报"]
    assert list(b4["is_current"]) == ["已被改判", "当前结论"] and b4["previous_decision"].iloc[1] == "已确认"
    assert "1 条线索曾改判" in texts(at)
    q, _ = store.review_queue(path, ("B4",), (), (), None, None, None, None, True)
    assert (q["review_status"].iloc[0], q["reviewer"].iloc[0]) == ("false_positive", "浙江复核员")
