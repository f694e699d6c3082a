"""The honest review score (复核得分): verifiable items only, no invented weights, over- and under-claim apart.

The seeds are loaded from their real files; the other cases are one report each, its indicators parsed by
ingest.numbers as the reader parses them.
"""
import json

import pytest

from ingest import db
from ingest.numbers import parse_measure
from tests.report_rows import CLEAN_INDICATORS, fired, fresh_db, insert_report

RID = "r0000000000000001"


@pytest.fixture(scope="module")
def seeds(seed_db):
    con = db.connect(seed_db, read_only=True)
    yield con
    con.close()


def seed(con, prefix, columns):
    return con.execute(f"select {columns} from report_metrics where file_name like ? || '%'", [prefix]).fetchone()


def seed_indicator(con, prefix, name, columns):
    return con.execute(f"select {columns} from int_indicators_scored as i join report_metrics as m using (report_id) "
                       "where m.file_name like ? || '%' and i.name = ?", [prefix, name]).fetchone()


def test_ningbo_execution_points_and_claims(seeds):
    # 109.62 ÷ 110 = 99.65% × 10 = 9.97, claimed 10 → over-claim 0.03; 使用人员满意度 ≥98% → 98% met,
    # claimed 9 of 10 → under-claim 1. The two are reported apart, never netted.
    exec_points, over, under, inflation, scope, review, net = seed(
        seeds, "001", "exec_review_points, over_claim, under_claim, inflation, review_scope, review_score, net_gap")
    assert exec_points == pytest.approx(9.97)
    assert over == pytest.approx(0.03) and inflation == pytest.approx(0.03)
    assert under == pytest.approx(1)
    assert scope == "complete" and review == pytest.approx(98.97) and net == pytest.approx(-0.97)


def test_ningbo_indicator_formulas(seeds):
    points, formula, under = seed_indicator(seeds, "001", "使用人员满意度", "rule_points, rule_formula, i.under_claim")
    assert points == 10 and formula == "实际值98÷目标值98≥1，得满分10" and under == 1
    points, formula = seed_indicator(seeds, "001", "设备采购", "rule_points, rule_formula")
    assert points == 5 and formula == "实际值89.82≤目标值90，得满分5"
    # ≤0.5小时 answered by 100%: not verifiable, taken as claimed, and said so
    verifiable, formula = seed_indicator(seeds, "001", "系统故障修复响应时间", "is_quantitative, rule_formula")
    assert not verifiable and formula.startswith("单位不同（小时与%）")


def test_ningbo_verifiable_share(seeds):
    # execution 10 + six verified indicators 50 of 100 points
    assert seed(seeds, "001", "verifiable_share")[0] == pytest.approx(0.6)


def test_shaoguan_not_computable(seeds):
    # no 分值 column anywhere: no weight is invented, so there is no review score (it used to read 100)
    review, scope, reason, inflation, share = seed(seeds, "000", "review_score, review_scope, review_reason, "
                                                                 "inflation, verifiable_share")
    assert review is None and scope is None and inflation is None and share is None
    assert "未列分值" in reason
    weights = seeds.execute("select count(weight_used), count(rule_points) from int_indicators_scored "
                            "join report_metrics using (report_id) where file_name like '000%'").fetchone()
    assert weights == (0, 0)


def test_yiyang_partial_achievement_band(seeds):
    # 基本实现 admits partial achievement: at most 80% of its 10 points, so 2 points over-claimed
    points, over, formula = seed_indicator(
        seeds, "002", "解决不动产登记数据历史问题，减少财产登记纠纷，促进社会和谐稳定。", "rule_points, i.over_claim, rule_formula")
    assert points == 8 and over == 2 and "部分达成" in formula and "80%" in formula
    assert seed(seeds, "002", "over_claim")[0] == pytest.approx(2)


def load(indicators=None, **fields):
    """One report whose indicators carry the comparator, number and unit ingest.numbers reads."""
    con = fresh_db()
    insert_report(con, RID, indicators=indicators, **fields)
    for seq, target, actual in con.execute("select seq, target, actual from indicators").fetchall():
        t, a = parse_measure(target), parse_measure(actual)
        con.execute("update indicators set target_cmp = ?, target_num = ?, target_unit = ?, actual_cmp = ?, "
                    "actual_num = ?, actual_unit = ? where seq = ?",
                    [t and t.cmp, t and t.num, t and t.unit, a and a.cmp, a and a.num, a and a.unit, seq])
    fired(con)
    return con


def metrics(con, columns):
    return con.execute(f"select {columns} from report_metrics").fetchone()


def indicator(con, seq, columns):
    return con.execute(f"select {columns} from int_indicators_scored where seq = ?", [seq]).fetchone()


def one(**ind):
    """The clean indicators with the first replaced."""
    return [{"level1": "产出指标", "level2": "数量指标", "weight": 20, "score": 20, **ind}, *CLEAN_INDICATORS[1:]]


def test_no_execution_points_without_a_rate():
    con = load(executed=None, execution_rate=None)
    exec_points, rule_points, scope, reason = metrics(con, "exec_review_points, exec_rule_points, review_scope, "
                                                            "review_reason")
    assert exec_points is None and rule_points is None       # least(null, 100) would have given 10
    assert scope == "partial" and "缺少执行率" in reason


def test_printed_execution_weight_of_20():
    con = load(exec_weight=20.0, exec_score=20.0, executed=90.0, execution_rate=90.0)
    assert metrics(con, "exec_review_points, over_claim")[0] == pytest.approx(18)
    assert metrics(con, "over_claim")[0] == pytest.approx(2)


def test_execution_weight_implied_by_the_form():
    # no weight printed on the execution line; the indicators carry 80 of the form's 100 → 20, not 10
    con = load(indicators=CLEAN_INDICATORS[:-1], exec_weight=None, exec_score=18.0, executed=90.0, execution_rate=90.0)
    assert metrics(con, "exec_weight_known, exec_review_points") == (20, 18)


def test_incomplete_table_gives_a_partial_score():
    reason = "指标表不完整：可见分值合计60，未见总分行"
    con = load(completeness=json.dumps({"indicator_table": {"complete": False, "reason": reason}}))
    scope, text, review, top = metrics(con, "review_scope, review_reason, review_score, review_max")
    assert scope == "partial" and reason in text and text.startswith("部分复核")
    assert review == pytest.approx(99.21) and top == 100


def test_missing_weight_is_not_invented():
    con = load(indicators=one(name="完成登记件数", target="≥1000件", actual="1200件", weight=None, score=18))
    points, used, formula = indicator(con, 1, "rule_points, weight_used, rule_formula")
    assert points is None and used is None and formula == "未列分值，不复核"
    scope, reason = metrics(con, "review_scope, review_reason")
    assert scope == "partial" and "1项指标未列分值" in reason


@pytest.mark.parametrize("target,actual,points,formula", [
    # lower is better: full up to the target, linear to nothing at twice the target
    ("≤10天", "8天", 20, "实际值8≤目标值10，得满分20"),
    ("≤10天", "15天", 10, "(1−(实际15−目标10)÷目标10)×分值20＝10"),
    ("≤10天", "25天", 0, "实际值25达到目标值10的2倍及以上，得0分"),
    # higher is better: actual ÷ target × weight
    ("≥1000件", "800件", 16, "实际值800÷目标值1000×分值20＝16"),
])
def test_quantitative_formulas(target, actual, points, formula):
    con = load(indicators=one(name="办理件数", target=target, actual=actual))
    got_points, got_formula = indicator(con, 1, "rule_points, rule_formula")
    assert got_points == pytest.approx(points) and got_formula == formula


def test_cost_indicator_is_lower_is_better_without_a_comparator():
    con = load(indicators=one(level2="成本指标", name="设备采购成本", target="90万元", actual="99万元"))
    direction, points = indicator(con, 1, "direction, rule_points")
    assert direction == "lower" and points == pytest.approx(20 * (1 - 9 / 90))


def test_deadline_is_a_date_not_a_unit():
    con = load(indicators=one(level2="时效指标", name="系统上线时间", target="9月前", actual="7月"))
    direction, differ, met, points = indicator(con, 1, "direction, units_differ, is_met, rule_points")
    assert direction == "lower" and not differ and met and points == 20
    con = load(indicators=one(level2="时效指标", name="问题整改时限", target="10个工作日内", actual="100%"))
    assert indicator(con, 1, "units_differ, is_quantitative") == (False, False)


@pytest.mark.parametrize("target,actual,reason", [
    ("≥90%", "≥90%", "实际值只复述了目标"),          # an echoed actual measures nothing
    ("12", "100%", "计数目标填报为百分比"),           # a count answered by 100%
    ("≥3台", "100%", "单位不同（台与%）"),
    ("≥100人", "120人次", "单位不同（人与人次）"),      # more visits need not mean more people
])
def test_unverifiable_items(target, actual, reason):
    con = load(indicators=one(name="设备采购数量", target=target, actual=actual))
    verifiable, why, points, over = indicator(con, 1, "is_quantitative, unverifiable_reason, rule_points, over_claim")
    assert not verifiable and why == reason and points == 20 and over is None
    # the share of points verified leaves them out: execution 10 + the five other indicators 70 of 100
    assert metrics(con, "verifiable_share")[0] == pytest.approx(0.8)


@pytest.mark.parametrize("target,actual", [("≥95%", "96百分比"), ("≥100人次", "120人")])
def test_same_unit_written_two_ways_compares(target, actual):
    con = load(indicators=one(name="服务覆盖", target=target, actual=actual))
    assert indicator(con, 1, "is_quantitative, units_differ, is_met") == (True, False, True)


def test_qualitative_not_met_band():
    con = load(indicators=one(name="制度建设", target="建立长效机制", actual="未完成", score=20))
    points, over = indicator(con, 1, "rule_points, over_claim")
    assert points == 12 and over == 8


def test_project_page_shows_claims_and_formulas(seed_db, monkeypatch):
    from tests.test_dashboard import app, metric, ok

    at = app(seed_db, monkeypatch, "project", report="9392b10226a92a2e")    # 宁波
    ok(at, "项目详情")
    assert metric(at, "复核得分") == "98.97"
    assert metric(at, "虚高（多报分）") == "0.03" and metric(at, "少报分") == "1.00"
    table = next(df.value for df in at.dataframe if "rule_formula" in df.value.columns)
    assert "实际值98÷目标值98≥1，得满分10" in set(table["rule_formula"])
    assert {"rule_points", "over_claim", "under_claim"} <= set(table.columns)


def test_project_page_says_why_there_is_no_review(seed_db, monkeypatch):
    from tests.test_dashboard import app, metric, ok

    shaoguan = duckdb_id(seed_db, "000")
    at = app(seed_db, monkeypatch, "project", report=shaoguan)
    ok(at, "项目详情")
    assert metric(at, "复核得分") == "无法计算"
    assert any("未列分值" in c.value for c in at.caption)


def duckdb_id(path, prefix):
    con = db.connect(path, read_only=True)
    try:
        return con.execute("select report_id from report_metrics where file_name like ? || '%'", [prefix]).fetchone()[0]
    finally:
        con.close()
