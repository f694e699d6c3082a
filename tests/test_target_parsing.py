"""Targets and actuals read as reviewers read them (ingest.numbers.parse_measure, ingest.indicators)."""
import pytest

from ingest.indicators import joined_measure
from ingest.numbers import parse_measure


@pytest.mark.parametrize("text,cmp,num,unit", [
    # comparators as symbols and as words, before or after the figure
    ("≥99.5%", ">=", 99.5, "%"),
    ("≤0.5小时", "<=", 0.5, "小时"),
    ("不低于95%", ">=", 95, "%"),
    ("不超过20万元", "<=", 20, "万元"),
    ("不少于3个", ">=", 3, "个"),
    ("95%以上", ">=", 95, "%"),
    ("5%以下", "<=", 5, "%"),
    ("20万元以下", "<=", 20, "万元"),
    ("控制在5%以内", "<=", 5, "%"),
    ("控制在3天以内", "<=", 3, "天"),
    ("达到95%以上", ">=", 95, "%"),
    ("正向95%", ">=", 95, "%"),
    ("反向5%", "<=", 5, "%"),
    # Chinese numerals before a measure word
    ("三个", None, 3, "个"),
    ("十二项", None, 12, "项"),
    ("不少于三个", ">=", 3, "个"),
    ("两次", None, 2, "次"),
    ("十二项以上", ">=", 12, "项"),
    ("一百零五人", None, 105, "人"),
    # deadlines: a month (day ÷ 100), at most
    ("9月前", "<=", 9, "月"),
    ("2021年9月底前", "<=", 9.31, "月"),
    ("12月31日前", "<=", 12.31, "月"),
    ("年底前", "<=", 12.31, "月"),
    ("7月", None, 7, "月"),
    # durations: lower is better, the unit cleaned of 个 and 内
    ("10个工作日内", "<=", 10, "工作日"),
    ("二十个工作日内", "<=", 20, "工作日"),
    ("2天内", "<=", 2, "天"),
    # the same unit written two ways
    ("95百分比", None, 95, "%"),
    ("96％", None, 96, "%"),
])
def test_measure(text, cmp, num, unit):
    m = parse_measure(text)
    assert m is not None and (m.cmp, m.num, m.unit) == (cmp, pytest.approx(num), unit)


def test_range_reads_as_at_least_its_low_end():
    m = parse_measure("90%-95%")
    assert (m.cmp, m.num, m.unit, m.kind, m.upper) == (">=", 90, "%", "range", 95)
    assert parse_measure("90-95%").upper == 95


def test_deadline_and_duration_kinds():
    assert parse_measure("9月前").kind == "deadline"
    assert parse_measure("10个工作日内").kind == "duration"


@pytest.mark.parametrize("text", ["大幅提高", "一定程度提高", "一次性补助", "一般", "统一平台", "是", "", None])
def test_words_are_not_measures(text):
    assert parse_measure(text) is None


@pytest.mark.parametrize("value,cmp,unit,expected", [
    ("95", "≥", "%", "≥95%"),            # split columns: 指标方向 | 指标值 | 度量单位
    ("95", "正向", "%", "≥95%"),
    ("5", "反向", "%", "≤5%"),
    ("3", "大于等于", "台", "≥3台"),
    ("≥95%", "≥", "%", "≥95%"),          # a comparator or unit already written is not added twice
    ("95%", None, "%", "95%"),
    ("12", None, "—", "12"),             # a dash in the unit column is no unit
    ("是", "正向", None, "是"),           # a word carries no comparator or unit
    (None, "≥", "%", None),
])
def test_joined_measure(value, cmp, unit, expected):
    assert joined_measure(value, cmp, unit) == expected
