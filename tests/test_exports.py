"""What a reviewer sends, opened the way the recipient opens it: the Ningbo seed unit's 复核底稿 with openpyxl and its
复核意见 with python-docx, checked against the database; a province's zip; the queue's formatted export; README's
generated section."""
import io
import shutil
import zipfile
from datetime import date

import duckdb
import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from dashboard import store
from dashboard.exports import flags as flag_export
from dashboard.exports import memo, readme, sheets, workbook

UNIT, REPORT = readme.EXAMPLE_UNIT, readme.EXAMPLE_REPORT


@pytest.fixture(scope="module")
def reviewed_db(seed_db, tmp_path_factory):
    """The seed database with the README example's verdicts (A2 changed to confirmed, B4 confirmed, B8 false)."""
    path = tmp_path_factory.mktemp("exports") / "reviewed.duckdb"
    shutil.copyfile(seed_db, path)
    readme.add_example_verdicts(path)
    return path


def query(db, sql, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).df()
    finally:
        con.close()


@pytest.fixture(scope="module")
def book(reviewed_db):
    return load_workbook(io.BytesIO(workbook.unit_workbook(readme.example_pack(reviewed_db), UNIT, readme.EXAMPLE_MADE)))


@pytest.fixture(scope="module")
def notice(reviewed_db):
    return Document(io.BytesIO(memo.unit_memo(readme.example_pack(reviewed_db), UNIT, readme.EXAMPLE_NOTICE)))


def rows(ws, header: str) -> tuple[list, list[list]]:
    """The table whose header row starts with `header`: its header and the rows under it up to a blank row."""
    all_rows = [[c.value for c in r] for r in ws.iter_rows()]
    top = next(i for i, r in enumerate(all_rows) if r[0] == header)
    body = []
    for r in all_rows[top + 1:]:
        if all(v is None for v in r):
            break
        body.append(r)
    return all_rows[top], body


def test_overview_sheet_matches_the_database(reviewed_db, book):
    m = query(reviewed_db, "select * from report_metrics where implementing_unit = ?", [UNIT])
    q = query(reviewed_db, "select severity, review_status from review_queue where report_id = ?", [REPORT])
    assert book.sheetnames == ["总览", "1 不动产登记电子证书（证明）建设项目"]
    ws = book["总览"]
    header, body = rows(ws, "序号")
    assert header[:10] == ["序号", "年度", "项目名称", "工作表", "自评得分", "自评等级", "复核得分", "复核范围",
                           "多报分（虚高）", "少报分"]
    assert len(body) == len(m) == 1
    row = dict(zip(header, body[0]))
    assert (row["年度"], row["项目名称"], row["报告编号"]) == (2021, m["project_name"][0], REPORT)
    assert (row["自评得分"], row["复核得分"], row["多报分（虚高）"], row["少报分"]) == pytest.approx(
        (m["self_score"][0], m["review_score"][0], m["inflation"][0], m["under_claim"][0]))
    for severity in ("确定", "疑似", "提示"):
        assert row[severity] == (q["severity"] == severity).sum()
    assert (row["已确认"], row["误报"], row["待复核"]) == tuple(
        (q["review_status"] == s).sum() for s in ("confirmed", "false_positive", "open")) == (2, 1, 4)
    assert ws.freeze_panes == "A5" and ws.auto_filter.ref.startswith("A4:")
    assert ws.cell(5, 4).hyperlink.location == f"'{book.sheetnames[1]}'!A1"     # the sheet column links to it


def test_project_sheet_lists_every_indicator_as_claimed_and_reviewed(reviewed_db, book):
    ind = query(reviewed_db, """select * from int_indicators_scored where report_id = ? and is_substantive
                                order by seq""", [REPORT])
    m = query(reviewed_db, "select * from report_metrics where report_id = ?", [REPORT]).iloc[0]
    ws = book.worksheets[1]
    header, body = rows(ws, "一级指标")
    assert header == ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重", "自评完成值", "自评得分",
                      "复核完成值", "复核得分", "偏离度", "备注"]
    execution, indicators, total = body[0], body[1:-1], body[-1]
    assert execution[2] == "预算执行率" and execution[8] == m["exec_score"] == 10
    assert execution[10] == pytest.approx(9.97) and execution[9] == pytest.approx(99.65)
    assert [r[2] for r in indicators] == list(ind["name"])
    assert [r[6] for r in indicators] == list(ind["weight"]) and [r[8] for r in indicators] == list(ind["score"])
    assert [r[10] for r in indicators] == pytest.approx(list(ind["review_points"]))
    assert total[0] == "合计" and total[10] == pytest.approx(m["review_score"]) == 98.97
    assert sum(r[10] for r in body[:-1]) == pytest.approx(m["review_score"])       # the lines add up to the total
    first = dict(zip(header, indicators[0]))          # 硬件采购/维护数量: ≤3台, 3台
    assert (first["指标性质"], first["指标值"], first["度量单位"], first["复核完成值"]) == ("反向", 3, "台", 3)
    hours = dict(zip(header, indicators[3]))          # ≤0.5小时 answered by 100%: cannot be checked
    assert hours["复核完成值"] == "无法核验" and "单位不同" in hours["备注"] and hours["偏离度"] is None
    satisfaction = dict(zip(header, indicators[-1]))
    assert "少报1.00分" in satisfaction["备注"] and "第226行" in satisfaction["备注"]
    # numbers are numbers with formats, the header frozen and filtered
    cells = {c.value: c for c in ws[6]}
    assert ws.cell(7, 7).number_format == "0.00" and isinstance(ws.cell(7, 7).value, (int, float))
    assert ws.cell(6, 12).number_format == "0.00%" and cells["预算执行率"].font is not None
    assert ws.freeze_panes == "A6" and ws.auto_filter.ref.startswith("A5:M")
    assert ws.column_dimensions["M"].width >= 40


def test_project_sheet_findings_carry_the_latest_verdict(reviewed_db, book):
    q = query(reviewed_db, "select rule_id, severity, basis, source_loc, review_status, reviewer from review_queue "
                           "where report_id = ?", [REPORT]).set_index("rule_id")
    ws = book.worksheets[1]
    header, body = rows(ws, "序号")
    found = {r[1]: dict(zip(header, r)) for r in body}
    assert set(found) == set(q.index)
    word = {"confirmed": "已确认", "false_positive": "误报", "open": "待复核"}
    for rule, r in found.items():
        assert (r["严重程度"], r["依据"], r["原文位置"], r["复核结论"]) == (
            q.at[rule, "severity"], q.at[rule, "basis"], q.at[rule, "source_loc"], word[q.at[rule, "review_status"]])
    assert found["A2"]["复核结论"] == "已确认" and found["A2"]["复核意见"].startswith("执行率99.65%")   # changed verdict
    assert found["B8"]["复核结论"] == "误报" and found["B2"]["复核人"] is None
    severity_cells = {r[1]: ws.cell(row=i, column=3) for i, r in enumerate(ws.iter_rows(values_only=True), 1)
                      if r[1] in found and r[2] in sheets.SEVERITY_FILL}
    assert severity_cells["A2"].fill.fgColor.rgb.endswith(sheets.SEVERITY_FILL["确定"])
    assert severity_cells["B2"].fill.fgColor.rgb.endswith(sheets.SEVERITY_FILL["疑似"])


def test_memo_lists_confirmed_findings_with_figures_basis_and_deadline(reviewed_db, notice):
    q = query(reviewed_db, "select * from review_queue where report_id = ?", [REPORT]).set_index("rule_id")
    text = "\n".join(p.text for p in notice.paragraphs)
    assert notice.paragraphs[0].text == f"关于{UNIT}2021年度项目支出绩效自评复核意见的通知"
    assert f"{UNIT}：" in text and "共复核项目1个" in text and "自评得分98.00分（优），复核得分98.97分" in text
    for rule in ("A2", "B4"):                          # confirmed: listed with figures, basis and request
        assert q.at[rule, "title"] in text and q.at[rule, "explanation"] in text and q.at[rule, "source_loc"] in text
    assert "依据：财预〔2020〕10号 附件1。请说明原因并提供佐证。" in text and "109.62万元" in text
    assert "复核意见：执行率99.65%，预算执行应得9.97分。" in text
    for rule in ("B8", "B2", "B5", "B6", "C4"):        # a false positive and open flags are left out
        assert q.at[rule, "explanation"] not in text
    assert "请你单位于2026年2月6日前" in text and "复核人：浙江复核员" in text and text.endswith("2026年1月7日")
    title = notice.paragraphs[0].runs[0]
    assert title.font.size.pt == 22 and title._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert notice.core_properties.author == "浙江复核员"
    assert round(notice.sections[0].left_margin.mm) == 28


def test_memo_of_a_unit_without_confirmed_findings_asks_nothing(seed_db):
    pack = store.review_pack(str(seed_db), "湖南省", None, None, None, True)
    unit = pack["reports"]["implementing_unit"].iloc[0]
    text = memo.memo_text(memo.memo_paragraphs(unit, pack["reports"], pack["flags"],
                                               memo.Notice("测试复核员", None, None, date(2026, 1, 7))))
    assert "未发现需要你单位说明或整改的问题" in text and "整改要求" not in text and "我们对你单位" in text
    assert "复核人：测试复核员" in text


def test_province_zip_has_every_units_memo_and_an_index(reviewed_db):
    pack = store.review_pack(str(reviewed_db), None, None, None, None, True)
    data = memo.province_zip(pack, readme.EXAMPLE_NOTICE, "全部")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = sorted(zf.namelist())
        units = sorted(set(pack["reports"]["implementing_unit"]))
        assert len(names) == len(units) + 1 and names[0] == "000_复核意见目录.xlsx"
        index = load_workbook(io.BytesIO(zf.read(names[0])))["目录"]
        listed = {r[1]: r for r in index.iter_rows(min_row=4, values_only=True)}
        assert set(listed) == set(units) and listed[UNIT][3:6] == (2, 1, 4)
        ningbo = next(n for n in names if UNIT in n)
        assert "复核人：浙江复核员" in "\n".join(p.text for p in Document(io.BytesIO(zf.read(ningbo))).paragraphs)


def test_queue_export_is_formatted(reviewed_db):
    queue, _ = store.review_queue(str(reviewed_db), (), (), (), None, None, None, None, True, limit=None)
    queue = queue.assign(status=queue["review_status"].map(workbook.STATUS))
    ws = load_workbook(io.BytesIO(sheets.table_workbook(queue, flag_export.QUEUE_COLUMNS, "异常线索", "异常线索")))["异常线索"]
    assert [c.value for c in ws[3]][:3] == ["报告编号", "规则", "严重程度"]
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref == f"A3:V{3 + len(queue)}"
    score_col = [c.header for c in flag_export.QUEUE_COLUMNS].index("复核得分") + 1
    scored = [ws.cell(r, score_col) for r in range(4, 4 + len(queue)) if ws.cell(r, score_col).value is not None]
    assert scored and all(c.number_format == "0.00" and isinstance(c.value, (int, float)) for c in scored)
    assert ws.column_dimensions["E"].width == 48
    csv = sheets.rounded_csv(queue, flag_export.QUEUE_COLUMNS).decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("报告编号,规则,严重程度") and "98.97" in csv


def test_readme_shows_the_generated_exports(reviewed_db):
    """README's example is what the code makes for the seed unit, not typed (python -m dashboard.exports readme)."""
    assert readme.current() == readme.section(reviewed_db)


def test_sheet_names_are_legal_and_unique():
    taken = {"总览"}
    names = [sheets.sheet_name("1 项目[一期]:改造/升级*?" + "长" * 40, taken) for _ in range(3)]
    assert len(set(names)) == 3 and all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
