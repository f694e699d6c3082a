"""Indicator and fund tables read from grids by column role."""
from ingest.completeness import completeness
from ingest.grid_tables import apply_grid_tables
from ingest.model import Report
from ingest.readers.base import Grid, GridCell

HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]


def grid(rows: list[list[str]], origin: str = "表1") -> Grid:
    """A grid of plain cells; '^' marks a position covered by the cell above."""
    return Grid([[GridCell("" if t == "^" else t, r, c, covered=t == "^", origin=f"{origin} 第{r + 1}行 第{c + 1}列")
                  for c, t in enumerate(row)] for r, row in enumerate(rows)], origin)


def test_table_cut_by_a_page_break_goes_on_in_the_next_grid():
    first = grid([HEADER, ["产出指标", "数量指标", "办件量", "≥3万件", "3.2万件", "", "18"]])
    second = grid([["^", "质量指标", "准确率", "≥99%", "99.8%", "10", "10"], ["总分", "", "", "", "", "100", "95"]],
                  "第2页 表1")
    report = Report("f", "s", "pdf")
    apply_grid_tables([first, second], report)
    assert [(i.level1, i.level2, i.name, i.weight, i.score) for i in report.indicators] == [
        ("产出指标", "数量指标", "办件量", None, 18.0), ("产出指标", "质量指标", "准确率", 10.0, 10.0)]
    assert report.completeness["indicator_table"] == {"source": "grid", "closed_by_total_row": True,
                                                      "ends_before_document": True}
    table = completeness(report)["indicator_table"]
    assert table["complete"] is True and table["visible_weight"] == 10.0 and "总分" in table["reason"]


def test_shifted_rows_leave_the_text_reading_in_place():
    shifted = grid([HEADER, ["产出指标", "大幅提高", "100%", "10", "10", "", ""]])
    report = Report("f", "s", "docx")
    apply_grid_tables([shifted], report)
    assert report.indicators == [] and "对不上" in report.warnings[0]


def test_fund_rows_in_yuan_become_wan_yuan_as_grid_values():
    funds = grid([["项目资金（元）", "", "年初预算数", "全年预算数", "全年执行数", "执行率"],
                  ["^", "年度资金总额", "1100000", "1100000", "1096200", "99.65%"]])
    report = Report("f", "s", "xlsx")
    report.set("budget_initial", 1100000.0, "1100000", 3)
    apply_grid_tables([funds], report)
    assert (report.get("budget_initial"), report.get("executed"), report.get("money_unit")) == (110.0, 109.62, "元")
    assert report.chosen("executed").origin == "grid"
