"""README's section on what a reviewer sends, generated from real exports of a seed unit: the workbook's sheets
and header rows read back from the file, and the memo's text. `python -m dashboard.exports readme` rewrites it;
a test keeps README equal to it."""
import io
from datetime import date, datetime
from pathlib import Path

import duckdb
from openpyxl import load_workbook

from dashboard.exports import memo, workbook

README = Path(__file__).resolve().parents[2] / "README.md"
START = "<!-- review exports: python -m dashboard.exports readme -->"
END = "<!-- end of review exports -->"
EXAMPLE_UNIT, EXAMPLE_PROVINCE, EXAMPLE_REPORT = "宁波市北仑区不动产登记服务中心", "浙江省", "9392b10226a92a2e"
# The example's verdicts on the Ningbo seed's flags (one changed: its first verdict stays in the history).
EXAMPLE_VERDICTS = (
    ("A2", "false_positive", None, "浙江复核员", "2026-01-05 09:00:00"),
    ("A2", "confirmed", "执行率99.65%，预算执行应得9.97分", "浙江复核员", "2026-01-06 10:30:00"),
    ("B4", "confirmed", None, "浙江复核员", "2026-01-06 10:31:00"),
    ("B8", "false_positive", "响应时间按“按时响应率100%”填报，非单位错误", "浙江复核员", "2026-01-06 10:32:00"),
)
EXAMPLE_MADE = workbook.Made("浙江复核员", datetime(2026, 1, 7, 9, 0))
EXAMPLE_NOTICE = memo.Notice("浙江复核员", "浙江省财政厅", date(2026, 2, 6), date(2026, 1, 7))


def add_example_verdicts(db_path) -> None:
    """Record the example's verdicts in a seed database."""
    con = duckdb.connect(str(db_path))
    try:
        con.executemany("insert into flag_reviews values (?, ?, ?, ?, ?, ?)",
                        [[EXAMPLE_REPORT, *v] for v in EXAMPLE_VERDICTS])
    finally:
        con.close()


def example_pack(db_path) -> dict:
    from dashboard import store

    return store.review_pack(str(db_path), EXAMPLE_PROVINCE, None, None, None, True, unit=EXAMPLE_UNIT)


def sheet_lines(xlsx: bytes) -> list[str]:
    """Each sheet of a workbook with the header rows of its tables, as read back from the file."""
    wb = load_workbook(io.BytesIO(xlsx))
    lines = ["| 工作表 | 表 | 列 |", "|---|---|---|"]
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=1, max_row=ws.max_row):
            values = [c.value for c in row if c.value is not None]
            if values[:1] in (["序号"], ["一级指标"]) and len(values) > 3:       # a table's header row
                table = "指标（含预算执行行与合计行）" if values[0] == "一级指标" else (
                    "项目一览" if ws.title == workbook.OVERVIEW_SHEET else "发现的问题及复核结论")
                lines.append(f"| {ws.title} | {table} | {'、'.join(values)} |")
    return lines


def section(db_path) -> str:
    """The README section for a seed database carrying the example verdicts."""
    pack = example_pack(db_path)
    xlsx = workbook.unit_workbook(pack, EXAMPLE_UNIT, EXAMPLE_MADE)
    text = memo.memo_text(memo.memo_paragraphs(EXAMPLE_UNIT, pack["reports"], pack["flags"], EXAMPLE_NOTICE))
    word = {"confirmed": "确认", "false_positive": "误报", "open": "待复核"}
    verdicts = "；".join(f"{rule} {word[d]}（{at[:16]}）" for rule, d, _, _, at in EXAMPLE_VERDICTS)
    by_rule: dict[str, list[str]] = {}
    for rule, d, *_ in EXAMPLE_VERDICTS:
        by_rule.setdefault(rule, []).append(word[d])
    changed = "；".join(f"{r} 先记为{v[0]}后改判{v[-1]}" for r, v in by_rule.items() if len(v) > 1)
    status = pack["flags"].groupby("review_status")["rule_id"].apply(lambda s: "、".join(s)).to_dict()
    meanings = [f"- **{name}**：{meaning}" for name, meaning in workbook.INDICATOR_MEANING.items()]
    return "\n".join([
        START,
        f"示例：种子数据库中的{EXAMPLE_UNIT}（{EXAMPLE_PROVINCE}，种子报告 {EXAMPLE_REPORT}），复核记录：{verdicts}。"
        + (f"{changed}，前后两条都留在复核记录中。" if changed else ""),
        "",
        f"**复核底稿**（`{memo.file_name(EXAMPLE_UNIT, '复核底稿.xlsx')}`）：表头加粗着色并冻结、可筛选，列宽固定，"
        "数字以数字存储并带格式（得分两位小数，偏离度百分比），严重程度与复核结论着色；总览的“工作表”列链接到各项目工作表。",
        "",
        *sheet_lines(xlsx),
        "",
        *meanings,
        "",
        f"**复核意见**（`{memo.file_name(EXAMPLE_UNIT, '复核意见.docx')}`，公文版式：小标宋标题、仿宋正文、黑体/楷体标题，"
        f"GB/T 9704 页边距）。只列入已确认的问题（{status.get('confirmed', '无')}），误报（{status.get('false_positive', '无')}）"
        f"和尚未复核的线索（{status.get('open', '无')}）不列入：",
        "",
        "```text",
        text,
        "```",
        END,
    ])


def rewrite(text: str, new_section: str) -> str:
    """README text with its section (markers included) replaced."""
    if START not in text or END not in text:
        raise ValueError(f"README 中没有 {START} … {END} 标记")
    return text[:text.index(START)] + new_section + text[text.index(END) + len(END):]


def current(readme: Path = README) -> str:
    """The section README carries now, markers included."""
    text = readme.read_text(encoding="utf-8")
    return text[text.index(START):text.index(END) + len(END)]
