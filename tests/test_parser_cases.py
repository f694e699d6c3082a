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
