"""Parsing bugs found on generated and real documents, each kept as a case."""
from pathlib import Path

from ingest.parse import rendered_to_report
from ingest.place import resolve_place
from ingest.readers.base import Rendered

ROOT = Path(__file__).resolve().parent.parent
NINGBO = ROOT / "data" / "raw" / "seeds" / "001_842f01a31e32aee2.txt"


def parse_text(text: str):
    return rendered_to_report(Rendered("text", text), "x", "")


def test_level_two_word_used_as_an_indicator_name():
    """`服务对象满意度` is a level-2 label in some forms and an indicator name in others."""
    text = NINGBO.read_text(encoding="utf-8").replace("\t使用人员满意度\n", "\t服务对象满意度\n")
    last = parse_text(text).indicators[-1]
    assert (last.level2, last.name, last.target, last.actual, last.weight, last.score) == (
        "服务对象满意度指标", "服务对象满意度", "≥98%", "98%", 10.0, 9.0)


def test_pipe_row_with_level_two_word_as_name():
    text = ("| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |\n"
            "| 满意度指标 | 服务对象满意度指标 | 服务对象满意度 | ≥90% | 97.8% | 10 | 10 |  |\n")
    (ind,) = parse_text(text).indicators
    assert (ind.name, ind.target, ind.actual, ind.weight, ind.score) == ("服务对象满意度", "≥90%", "97.8%", 10, 10)


def test_district_named_like_a_prefecture_alias():
    """巴州区 is a district of 巴中市, not 巴州 (巴音郭楞蒙古自治州)."""
    assert resolve_place(["巴州区公路事务中心"])["city"] == "巴中市"
    assert resolve_place(["巴州财政局"])["city"] == "巴音郭楞蒙古自治州"


def test_flattened_rows_with_a_score_but_no_weight_and_a_cut_last_row():
    """OCR text with no separators: name, target, actual, score; the excerpt ends inside a row."""
    text = ("项目名称地籍调查成果更新项目主管部门某市自然资源局\n"
            "一级指标二级指标三级指标年初目标值 (A)实际完成值 (B)得分产出 指标数量指标"
            "宗地调查数量不少于800宗不少于800宗10质量指标成果质检合格率≥98%99%10数据入库及时率100%100%10"
            "成本每年调查经费60万元60万元60万元10"
            "效益 指标社会效益成果应用部门数量3个3个2.5个8可持续性成果持续服务于登记业务持续服务持续")
    inds = parse_text(text).indicators
    assert [(i.level2, i.name, i.target, i.actual, i.score) for i in inds] == [
        ("数量指标", "宗地调查数量", "不少于800宗", "不少于800宗", 10.0),
        ("质量指标", "成果质检合格率", "≥98%", "99%", 10.0),
        ("质量指标", "数据入库及时率", "100%", "100%", 10.0),
        ("成本指标", "每年调查经费60万元", "60万元", "60万元", 10.0),
        ("社会效益指标", "成果应用部门数量3个", "3个", "2.5个", 8.0),
        ("可持续影响指标", "成果持续服务于登记业务", "持续服务", None, None)]


def test_execution_weight_is_read_from_the_title_never_assumed():
    """`预算执行情况（万元）（20分）` and `得分(20分*执行率)`: the form gives execution 20 points."""
    for title in ("预算执行情况（万元）（20分）", "得分(20分*执行率)"):
        text = ("项目名称 | 林地保护修复项目 | 主管部门 | 某县林业局 | 实施单位 | 某县林业站 |\n"
                f"| {title} | 预算数 | 执行数 | 执行率 |\n| 年度资金总额 | 100 | 95 | 95% |\n")
        assert parse_text(text).get("exec_weight") == 20.0, title


def test_satisfaction_claimed_in_prose_is_read_a_target_is_not():
    head = "项目名称：农村饮水维修养护项目\n"
    said = parse_text(head + "三、满意度指标完成情况分析。群众满意度100%。\n").provenance
    assert [(p.field, p.value) for p in said if p.field == "satisfaction"] == [("satisfaction", 100.0)]
    target = parse_text(head + "（二）绩效目标：受益贫困人口满意度≥96%。\n").provenance
    assert not [p for p in target if p.field == "satisfaction"]
