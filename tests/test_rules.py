"""Every anomaly rule fires on a report built to break it and stays quiet on one that does not."""
import copy

import pytest

from tests.report_rows import (
    CLEAN_INDICATORS,
    fired,
    fresh_db,
    insert_report,
)

RID = "r0000000000000001"
LONG_TEXT = ("本项目按照年初计划完成了不动产登记系统的升级改造、设备采购和数据整合工作，系统运行稳定，"
             "群众办事时间明显缩短，但部分设备到货延迟，宣传工作仍有不足，下一步将加强与供应商的沟通。")


def indicators(**changes):
    """The clean indicators with some rows changed: changes map seq (1-based) to field overrides."""
    rows = copy.deepcopy(CLEAN_INDICATORS)
    for key, fields in changes.items():
        rows[int(key[1:]) - 1].update(fields)
    return rows


def all_full():
    """Clean indicators, each scored its weight (total 100)."""
    return [{**i, "score": i["weight"]} for i in CLEAN_INDICATORS]


def peers(con, special, others, rates=None, city_prefix="市"):
    """One special city and four peer cities, self scores as given (execution 100% unless rates say)."""
    cities = {"特殊市": special, **{f"{city_prefix}{k}": s for k, s in zip("甲乙丙丁", others)}}
    n = 0
    for city, scores in cities.items():
        for j, score in enumerate(scores):
            n += 1
            rate = (rates or {}).get(city, [100] * len(scores))[j]
            insert_report(con, f"p{n:016d}", city=city, county=None, self_score=score, executed=rate,
                          execution_rate=rate, implementing_unit=f"{city}单位{j}")
    return {f"p{k:016d}" for k in range(1, len(special) + 1)}


def single(**kw):
    """A scenario with one report made of the clean defaults plus overrides."""
    return lambda con: {insert_report(con, RID, **kw)}


def two_texts(same_unit, same_text, years=(2022, 2022)):
    """Two reports with long narratives, of one unit (different years) or of two units."""
    def build(con):
        other = LONG_TEXT if same_text else "该项目今年主要开展了档案数字化扫描、历史数据清理与质检，以及外网迁移的网络安全等级保护测评等工作。" * 2
        insert_report(con, RID, year=years[1], narratives={"conclusion": LONG_TEXT})
        insert_report(con, "r0000000000000002", year=years[0], narratives={"conclusion": other},
                      implementing_unit=None if same_unit else "另一个单位", city="宁波市" if same_unit else "温州市")
        if same_unit:
            con.execute("update reports set implementing_unit = '某市不动产登记中心'")
        return {RID}
    return build


NEAR_90 = [88.5, 89, 89.5, 90.5, 91, 88.2]
SPREAD = [76, 80, 84, 86, 94, 95, 97, 98.5]
SPENT = [60, 65, 70, 75, 80, 85, 90, 95]


def by_rate(rates: list[float]) -> list[float]:
    """Scores that follow the execution rate (0.6 point per percentage point), ±0.5 around it."""
    return [round(39 + 0.6 * r + (0.5 if i % 2 else -0.5), 1) for i, r in enumerate(rates)]
FOLLOWS = [80, 84.5, 88, 92.5, 96]   # about 0.4 points per percentage point of execution
RATES = {c: [60, 70, 80, 90, 100] for c in ["特殊市", "市甲", "市乙", "市丙", "市丁"]}

CASES = [
    # rule, fires?, scenario
    ("A1", True, single(execution_rate=95.0)),
    ("A1", False, single(execution_rate=100.0)),
    ("A2", True, single(executed=90.0, execution_rate=90.0)),
    ("A2", False, single(executed=90.0, execution_rate=90.0, exec_score=9.0, self_score=91.0)),
    ("A3", True, single(indicators=indicators(i1={"score": 25}), self_score=97.0)),
    ("A3", False, single()),
    ("A4", True, single(self_score=90.0)),
    ("A4", False, single(self_score=92.0)),
    ("A5", True, single(indicators=indicators(i1={"weight": 25}))),
    ("A5", False, single()),
    ("A6", True, single(grade="良")),
    ("A6", False, single(grade="优秀")),
    ("A7", True, single(executed=110.0, execution_rate=110.0)),
    ("A7", False, single()),
    ("A8", True, single(provenance=[dict(field="executed", origin="table", value="1000000", raw="1000000", line=9),
                                    dict(field="executed", origin="narrative", value="100", raw="100万元", line=3)])),
    ("A8", False, single(provenance=[dict(field="executed", origin="table", value="100", line=9),
                                     dict(field="executed", origin="narrative", value="100", line=3)])),
    ("A9", True, single(provenance=[dict(field="executed", origin="table", value="109.62", raw="109.62", line=12),
                                    dict(field="executed", origin="narrative", value="109.6",
                                         raw="全年执行数109.6万元", line=3)])),
    ("A9", False, single()),
    # savings of different scopes (this project 200, the whole city's system 600) are not the same figure
    ("A9", False, single(provenance=[dict(field="savings", origin="narrative", value="200", raw="节约200万", line=7),
                                     dict(field="savings", origin="narrative", value="600", raw="节约600万", line=19)])),
    # a 共计 sentence may total another scope than the form's 全年预算数
    ("A9", False, single(provenance=[dict(field="budget_full_year", origin="table", value="89.8", raw="89.8", line=9),
                                     dict(field="budget_full_year", origin="narrative", value="40",
                                          raw="共计40万元", line=12)])),
    ("B1", True, single(indicators=all_full(), self_score=100.0)),
    ("B1", True, single(indicators=[{**i, "target": "100%", "actual": "100%"} for i in CLEAN_INDICATORS])),
    ("B1", False, single()),
    ("B2", True, single(executed=95.0, execution_rate=95.0)),
    ("B2", False, single(executed=95.0, execution_rate=95.0, exec_score=9.5, self_score=91.5)),
    ("B3", True, single(indicators=indicators(i2={"actual": "98%"}))),
    ("B3", False, single()),
    ("B4", True, single(indicators=indicators(i5={"deviation_reason": None}))),
    ("B4", False, single()),
    ("B5", True, single(indicators=all_full(), self_score=100.0)),
    ("B5", True, single(indicators=indicators(i3={"score": 15}, i5={"score": 18}), self_score=96.0)),
    ("B5", False, single(indicators=indicators(i3={"score": 15}, i5={"score": 18}), self_score=96.0,
                         narratives={"problems": "无"})),
    ("B6", True, single(indicators=indicators(i6={"actual": "98%"}))),
    ("B6", True, single(indicators=indicators(i6={"actual": "100"}))),      # without the % sign
    ("B6", True, single(provenance=[dict(field="satisfaction", origin="narrative", value="100",
                                         raw="群众满意度100%", line=30)])),   # claimed in the narrative
    ("B6", False, single(indicators=indicators(i6={"actual": "98%"}),
                         narratives={"measures": "共发放调查问卷200份，回收有效问卷196份。"})),
    ("B7", True, single(indicators=indicators(i1={"target": "大幅提高"}, i2={"target": "是"}, i4={"target": "持续优化"},
                                              i5={"target": "基本实现"}))),
    ("B7", False, single(indicators=indicators(i1={"target": "大幅提高"}))),
    # most actuals vague or echoing a comparator, though the targets are figures
    ("B7", True, single(indicators=indicators(i1={"actual": "是"}, i2={"actual": "基本实现"}, i4={"actual": "≥95%"},
                                              i5={"actual": "效果明显"}))),
    ("B8", True, single(indicators=indicators(i4={"target": "≤0.5小时", "actual": "100%"}))),
    ("B8", False, single()),
    ("B9", True, single(filed_date="2022-02-24", project_end_date="2022-04-15")),
    ("B9", False, single(filed_date="2022-02-24", project_end_date="2022-04-15", claims_completion=False)),
    ("C1", True, single(indicators=indicators(i1={"name": "指标1：", "is_placeholder": True}))),
    ("C1", True, single(indicators=indicators(i2={"name_repaired": True}))),
    ("C1", False, single()),
    # a department-wide report has no project name to leave as a placeholder; an unread name is not one
    ("C1", False, single(kind="department", project_name="")),
    ("C1", False, single(project_name=None)),
    ("C1", True, single(project_name="XX项目")),
    ("C2", True, two_texts(same_unit=False, same_text=True)),
    ("C2", False, two_texts(same_unit=False, same_text=False)),
    ("C3", True, two_texts(same_unit=True, same_text=True, years=(2021, 2022))),
    ("C3", False, two_texts(same_unit=True, same_text=False, years=(2021, 2022))),
    ("A10", True, single(funds=[("年度资金总额", 100, 100, 100), ("其中：当年财政拨款", 80, 80, 80), ("其他资金", None, None, None)])),
    ("A10", True, single(funds=[("年度资金总额", 0, 0, 0), ("其中：本年财政拨款", 90, 90, 89.97)])),   # an empty total row
    ("A10", False, single(funds=[("年度资金总额", 100, 100, 100), ("其中：当年财政拨款", 80, 80, 80), ("上年结转资金", 20, 20, 20)])),
    ("A11", True, single(prose=["项目自评等级为优，自评分96分。其中目标设置得分12分（论证充分性4分，完整性2分），资金落实8分，"
                                "资金管理12分，事项管理6分，经济性5分；效率性24分，效果性25分，公平性3分。"])),
    ("A11", True, single(prose=["下达中央水利发展资金2263万元。其中:中小河流治理工程1435万元,小型水库工程维修养护25万元,"
                                "农村饮水工程维修养护55万元,小流域综合治理700万元,山洪灾害防治设施维养6万元,水**管理14万元,农业水价改革18万元。"])),
    ("A11", False, single(prose=["按生均1000元安排,共计239万元,其中上级资金179.25万元,本级59.75万元,项目绩效目标是保证学校的正常运转"])),
    # a part in its own unit (`32.49hmm`) makes the list not addable; one part alone is no list
    ("A11", False, single(prose=["治理水土流失面积1429.39hm,其中坡改梯25.26hm,封育治理958.81hm,保土耕作412.83hm,经果林32.49hmm。",
                                 "总投资3374.3万元(其中建筑工程3292万元)，下达资金1000万元",
                                 "资金总额1002.6万元,其中:中央726.7万元;省级财政23.9万元;市级财政252万元;其他万元。"])),
    ("B10", True, single(indicators=indicators(i2={"actual": "基本实现"}))),
    ("B10", True, single(indicators=indicators(i2={"actual": "未完成"}), self_score=92.0)),
    ("B10", False, single(indicators=indicators(i2={"actual": "基本实现", "score": 12}), self_score=89.0)),
    ("B11", True, single(indicators=indicators(i1={"actual": "1500件"}))),
    ("B11", False, single(indicators=indicators(i1={"actual": "1500件", "deviation_reason": "新增两个窗口，办件量超出预期"}))),
    ("B11", False, single(indicators=indicators(i1={"actual": "1290件"}))),
    ("B12", True, single(indicators=indicators(i1={"actual": "≥1000件"}))),
    ("B12", True, single(indicators=indicators(i2={"actual": "完成"}))),
    ("B12", True, single(indicators=indicators(i4={"actual": "—"}))),
    ("B12", False, single()),
    ("B12", False, single(indicators=indicators(i1={"actual": None, "score": None}), self_score=72.0)),
    ("B13", True, single(executed=80.0, execution_rate=80.0, exec_score=8.0, self_score=90.0, narratives={"problems": "无"},
                         indicators=indicators(i3={"deviation_reason": None}, i5={"deviation_reason": None}))),
    ("B13", False, single(executed=80.0, execution_rate=80.0, exec_score=8.0, self_score=90.0)),
    ("B13", False, single(executed=80.0, execution_rate=80.0, exec_score=8.0, self_score=90.0,
                          narratives={"problems": "余款80万元已结转下年度使用。由于项目暂未完工，尾款尚未支付。"},
                          indicators=indicators(i3={"deviation_reason": None}, i5={"deviation_reason": None}))),
    ("B14", True, single(budget_initial=60.0)),
    ("B14", False, single(budget_initial=60.0, narratives={"measures": "年中追加预算40万元用于设备采购。"})),
    ("B14", False, single(budget_initial=95.0)),
    ("B15", True, single(executed=80.0, execution_rate=80.0, exec_score=8.0, indicators=all_full(), self_score=98.0,
                         narratives={"problems": "由于设备延期到货，尾款未付。"})),
    ("B15", False, single()),
    ("B15", False, single(executed=99.65, execution_rate=99.65, exec_score=9.97, indicators=all_full(), self_score=99.97)),
    ("C4", True, single(indicators=indicators(i3={"actual": "96%", "deviation_reason": None}))),
    ("C4", False, single(indicators=indicators(i3={"actual": "96%"}))),
    ("C4", False, single()),
    ("C5", True, single(indicators=indicators(i1={"name": "资金到位率"}))),
    ("C5", True, single(indicators=indicators(i1={"level2": "经济效益指标", "name": "带动农户增收"}))),
    ("C5", True, single(indicators=indicators(i4={"target": "≥90万元"}))),
    ("C5", False, single()),
    ("D1", True, lambda con: peers(con, [99.5] * 5, [[80] * 5, [82] * 5, [84] * 5, [86] * 5])),
    ("D1", False, lambda con: peers(con, [83] * 5, [[80] * 5, [82] * 5, [84] * 5, [86] * 5])),
    # the special city spent everything and scores as the rules give for it; its peers spent less and score less
    ("D1", False, lambda con: peers(con, by_rate([100] * 8), [by_rate(SPENT)] * 4,
                                    rates={"特殊市": [100] * 8} | {f"市{k}": SPENT for k in "甲乙丙丁"})),
    # D2: every total of the special city sits in [90, 92), its peers' spread over 76–98.5; where the peers
    # themselves sit half in [90, 92), six such reports are no evidence (0.5^6 = 1.6%, the exact test says no)
    ("D2", True, lambda con: peers(con, [90.5, 91, 90.2, 91.5, 90.8, 91.2, 90.4, 91.6], [SPREAD] * 4)),
    ("D2", False, lambda con: peers(con, [90.5, 91, 90.2, 91.5, 90.8, 91.2], [NEAR_90] * 4)),
    ("D2", False, lambda con: peers(con, NEAR_90, [NEAR_90] * 4)),
    # D3: the special city scores 95 whatever it spent; its peers' scores follow the rate
    ("D3", True, lambda con: peers(con, [95] * 5, [FOLLOWS] * 4, rates=RATES)),
    ("D3", False, lambda con: peers(con, FOLLOWS, [FOLLOWS] * 4, rates=RATES)),
]


@pytest.mark.parametrize("rule_id,fires,scenario", CASES,
                         ids=[f"{r}-{'fires' if f else 'passes'}-{i}" for i, (r, f, _) in enumerate(CASES)])
def test_rule(rule_id, fires, scenario):
    con = fresh_db()
    targets = scenario(con)
    hit = fired(con, rule_id)
    assert (targets <= hit) if fires else not (targets & hit), hit
    status = dict(con.execute("select report_id, status from rule_status where rule_id = ?", [rule_id]).fetchall())
    assert all(status[t] == ("fail" if fires else "pass") for t in targets), status
    if fires:   # what fired reads as a supervisor can forward it (tests/test_explanations.py)
        from tests.test_explanations import problems
        texts = [t for t, in con.execute("select explanation from flags where rule_id = ?", [rule_id]).fetchall()]
        assert texts and not [(t, problems(t)) for t in texts if problems(t)]


def test_every_rule_of_the_registry_has_a_firing_and_a_passing_case():
    from ingest.rule_registry import rules

    cases = {(rule, fires) for rule, fires, _ in CASES}
    missing = [(r.rule_id, f) for r in rules() for f in (True, False) if (r.rule_id, f) not in cases]
    assert not missing


def test_clean_report_fires_nothing():
    con = fresh_db()
    insert_report(con)
    assert fired(con) == {}


def test_every_rule_has_a_status_row():
    con = fresh_db()
    insert_report(con)
    rules = {r for r, in con.execute("select rule_id from int_anomaly_rules").fetchall()}
    statuses = {r for r, in con.execute("select rule_id from rule_status").fetchall()}
    from ingest.rule_registry import rules as registry
    assert rules == {r.rule_id for r in registry()} and statuses == rules
    assert {r for r, _, _ in CASES} == rules


def test_explanation_carries_the_numbers():
    con = fresh_db()
    insert_report(con, executed=109.62, budget_full_year=110.0, budget_initial=110.0, execution_rate=99.65)
    fired(con)
    text, = con.execute("select explanation from flags where rule_id = 'A2'").fetchone()
    assert text == "全年执行数109.62万元÷全年预算数110万元＝99.65%，按执行率×分值应得99.65%×10分＝9.97分，填报10分"


def test_zero_spread_is_said_not_divided():
    con = fresh_db()
    peers(con, [100] * 5, [[100] * 5] * 4)
    fired(con)
    status, reason = con.execute("select status, status_reason from peer_funnel_points where measure = 'mean_self' "
                                 "and region_name = '特殊市'").fetchone()
    assert status == "zero_spread" and "均为100" in reason
    # the shares are still compared (binomial limits need no spread among peers): no flag, nothing divided by 0
    assert "fail" not in {s for s, in con.execute("select distinct status from rule_status where rule_id = 'D1'").fetchall()}


def test_review_score_of_the_clean_report():
    con = fresh_db()
    insert_report(con)
    fired(con)
    # 10 (100% executed) + 20 + 15 + 15×90/95 + 10 + 20 + 10 = 99.21; self 92: nothing claimed above the
    # rule (虚高 = over-claim 0), 1.21 + 6 left out (under-claim 7.21), net −7.21
    review, scope, inflation, under, net = con.execute(
        "select review_score, review_scope, inflation, under_claim, net_gap from report_metrics").fetchone()
    assert review == pytest.approx(99.21) and scope == "complete"
    assert inflation == pytest.approx(0) and under == pytest.approx(7.21) and net == pytest.approx(-7.21)


def test_bands_rule_setting():
    con = fresh_db()
    insert_report(con, executed=96.0, execution_rate=96.0, exec_score=9.0, self_score=91.0)
    import os

    from ingest.rule_settings import write_settings
    os.environ["EVAL_EXEC_RULE"] = "bands"
    try:
        assert fired(con, "A2") == set()
        assert con.execute("select exec_rule_points from report_metrics").fetchone()[0] == 9.0
    finally:
        del os.environ["EVAL_EXEC_RULE"]
        write_settings(con)


@pytest.mark.parametrize("rule_id,report,provenance", [
    ("A1", {"execution_rate": 95.0}, {"field": "execution_rate", "value": "95", "confidence": 0.6}),
    ("A3", {"indicators": indicators(i1={"score": 25, "confidence": 0.55}), "self_score": 97.0}, None),
])
def test_values_read_by_ocr_with_doubt_make_arithmetic_not_computable(rule_id, report, provenance):
    """A scan's value below the OCR confidence threshold: the rule says why it cannot compute, and does not flag."""
    con = fresh_db()
    rows = [{"origin": "grid", "line": 3, "loc": "第1页 表1 第3行 第6列", **provenance}] if provenance else None
    insert_report(con, RID, provenance=rows, **report)
    assert RID not in fired(con, rule_id)
    status, reason = con.execute("select status, reason from rule_status where report_id = ? and rule_id = ?",
                                 [RID, rule_id]).fetchone()
    assert status == "not_computable" and reason.startswith("扫描识别置信度低于0.8")


@pytest.mark.parametrize("rule_id,report", [
    ("B1", {"indicators": all_full(), "self_score": 100.0}),
    ("A4", {"self_score": 90.0}),
])
def test_rules_needing_a_whole_table_wait_for_a_complete_one(rule_id, report):
    """A cut-off indicator table (the reader's completeness record says so): not computable, with the reason."""
    import json
    con = fresh_db()
    cut = {"indicator_table": {"complete": False, "reason": "指标表不完整：可见分值合计60，未见总分行"}}
    insert_report(con, RID, completeness=json.dumps(cut, ensure_ascii=False), **report)
    assert RID not in fired(con, rule_id)
    status, reason = con.execute("select status, reason from rule_status where report_id = ? and rule_id = ?",
                                 [RID, rule_id]).fetchone()
    assert (status, reason) == ("not_computable", "指标表不完整：可见分值合计60，未见总分行")


def test_a1_allows_the_precision_the_form_prints():
    """86% printed as an integer stands for 85.5–86.5: 37.24 ÷ 43.2 = 86.2% is consistent; 86.00% would not be."""
    for raw, fires in (("年度资金总额 | 43.2 | 43.2 | 37.24 | 10 | 86% | 9", False),
                       ("年度资金总额 | 43.2 | 43.2 | 37.24 | 10 | 86.00% | 9", True)):
        con = fresh_db()
        rate = {"field": "execution_rate", "origin": "table", "value": "86.0", "raw": raw, "line": 12}
        insert_report(con, RID, budget_initial=43.2, budget_full_year=43.2, executed=37.24, execution_rate=86.0,
                      provenance=[rate])
        assert (RID in fired(con, "A1")) is fires, raw
