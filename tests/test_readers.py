"""Format readers, format sniffing, bad-input safety and the document writers."""
import io
import random
import shutil
import stat
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import SimpleDocTemplate, Table

from ingest.errors import IngestError
from ingest.readers import problems, read_bytes, read_file
from ingest.readers.base import Paragraph
from ingest.writers import write_docx, write_pdf, write_xlsx

TITLE = "项目支出绩效自评表"
TABLE = [
    ["项目名称", "不动产登记服务升级", None, "金额单位：万元"],
    ["年初预算数", "110", "全年执行数", "109.62"],
    ["执行率", "99.65%", "自评得分", "98"],
]
TABLE_LINES = [
    "| 项目名称 | 不动产登记服务升级 |  | 金额单位：万元 |",
    "| 年初预算数 | 110 | 全年执行数 | 109.62 |",
    "| 执行率 | 99.65% | 自评得分 | 98 |",
]
WRITERS = {"docx": write_docx, "xlsx": write_xlsx, "pdf": write_pdf}
BOMB_MB = 300
RATIO_BOMB_MB = 50
REFUSE_WITHIN_S = 1.0
SEED = 20240601
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CJK_FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))


def spans(rendered) -> list[list[tuple]]:
    """Per grid, per row: (text, rowspan, colspan) of each cell, or 'covered'."""
    return [[[("covered" if c.covered else (c.text, c.rowspan, c.colspan)) for c in row] for row in grid.rows]
            for grid in rendered.grids()]


def pipe_lines(text: str) -> list[str]:
    """The table lines of a rendered text."""
    return [line for line in text.split("\n") if line.startswith("|")]


def error_of(call, *args) -> IngestError:
    """The IngestError a call raises."""
    with pytest.raises(IngestError) as info:
        call(*args)
    return info.value


@pytest.fixture
def docx_bytes(tmp_path) -> bytes:
    """A real generated .docx with a paragraph and a table."""
    path = tmp_path / "report.docx"
    write_docx(path, [TITLE, TABLE])
    return path.read_bytes()


def write_zeros_zip(path: Path, marker: str, megabytes: int) -> None:
    """A zip with a marker part and one member of zeros, deflated (a zip bomb)."""
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(marker, "<x/>")
        with archive.open("media/zeros.bin", "w") as member:
            for _ in range(megabytes):
                member.write(chunk)


# --- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["empty.docx", "empty.txt", "empty"])
def test_empty_file_is_refused(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    error = error_of(read_file, path)
    assert (error.code, error.zh, error.en) == ("empty", "文件为空", "file is empty")


@pytest.mark.parametrize("name", ["garbage.bin", "garbage.docx", "garbage.txt", "garbage.pdf"])
def test_binary_garbage_is_refused(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(random.Random(SEED).randbytes(64 * 1024))
    assert error_of(read_file, path).code == "binary"


def test_truncated_docx_is_corrupt(tmp_path, docx_bytes):
    path = tmp_path / "truncated.docx"
    path.write_bytes(docx_bytes[: len(docx_bytes) // 2])
    error = error_of(read_file, path)
    assert error.code == "corrupt"
    assert error.zh == "文件已损坏或不完整（无法作为 Word 文档打开）"


def test_truncated_xlsx_is_corrupt(tmp_path):
    path = tmp_path / "report.xlsx"
    write_xlsx(path, [TABLE])
    path.write_bytes(path.read_bytes()[:-200])
    error = error_of(read_file, path)
    assert error.code == "corrupt" and "Excel" in error.zh


def test_zip_with_damaged_member_is_corrupt(tmp_path, docx_bytes):
    damaged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as source, zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, b"<not xml" if info.filename.endswith(".xml") else
                            source.read(info))
    assert error_of(read_bytes, damaged.getvalue(), "r.docx").code == "corrupt"


@pytest.fixture(scope="module", params=[("docx", "word/document.xml"), ("xlsx", "xl/workbook.xml")])
def zip_bomb(request, tmp_path_factory) -> Path:
    """A 300 MB member of zeros dressed as a .docx or an .xlsx (about 300 KB on disk)."""
    ext, marker = request.param
    path = tmp_path_factory.mktemp("bomb") / f"bomb.{ext}"
    write_zeros_zip(path, marker, BOMB_MB)
    return path


def test_zip_bomb_is_refused_without_inflating(zip_bomb, monkeypatch):
    def no_inflating(*args, **kwargs):
        raise AssertionError("a zip member was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_inflating)
    started = time.perf_counter()
    error = error_of(read_file, zip_bomb)
    assert error.code == "zip_bomb"
    assert time.perf_counter() - started < REFUSE_WITHIN_S
    assert "压缩炸弹" in error.zh


def test_zip_bomb_by_ratio_is_refused(tmp_path):
    path = tmp_path / "ratio.xlsx"
    write_zeros_zip(path, "xl/workbook.xml", RATIO_BOMB_MB)
    error = error_of(read_file, path)
    assert error.code == "zip_bomb" and "压缩比" in error.zh


def test_file_over_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    path.write_text("项目名称\n" * 2000, encoding="utf-8")
    monkeypatch.setenv("EVAL_MAX_FILE_MB", "0.01")

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    error = error_of(read_file, path)
    assert error.code == "too_large"
    assert error.zh == "文件大小 0.0 MB 超过上限 0.01 MB"


def test_bytes_over_size_limit_are_refused(monkeypatch):
    monkeypatch.setenv("EVAL_MAX_FILE_MB", "0.001")
    assert error_of(read_bytes, b"x" * 2048, "a.txt").code == "too_large"


def test_too_large_message_names_both_sizes():
    error = problems.too_large(int(63.2 * problems.MB), 50 * problems.MB)
    assert error.zh == "文件大小 63.2 MB 超过上限 50 MB"


@pytest.mark.parametrize("ext", [".pdf", ".docx", ".xlsx", ".xls", ".doc"])
def test_text_with_binary_extension_is_wrong_extension(tmp_path, ext):
    path = tmp_path / f"report{ext}"
    path.write_text("项目名称：不动产登记\n自评得分：98\n", encoding="utf-8")
    error = error_of(read_file, path)
    assert error.code == "wrong_extension" and ext in error.zh


def test_docx_saved_as_xlsx_is_read_as_docx(tmp_path, docx_bytes):
    path = tmp_path / "report.xlsx"
    path.write_bytes(docx_bytes)
    rendered = read_file(path)
    assert rendered.format == "docx"
    assert pipe_lines(rendered.text) == TABLE_LINES
    assert any(".xlsx" in w and "Word" in w for w in rendered.warnings)


def test_html_saved_as_txt_is_read_as_html():
    rendered = read_bytes("<TABLE><tr><td>项目名称</td><td>测试</td></tr></TABLE>".encode(), "a.txt")
    assert rendered.format == "html"
    assert pipe_lines(rendered.text) == ["| 项目名称 | 测试 |"]
    assert rendered.warnings


def test_zip_that_is_not_office_is_refused():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as target:
        target.writestr("readme.txt", "hello")
    assert error_of(read_bytes, archive.getvalue(), "a.zip").code == "binary"


def test_scanned_pdf_without_any_text(tmp_path):
    """A page without a text layer is read by OCR; one that shows no text at all is refused clearly."""
    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path), invariant=1)
    page.rect(100, 100, 300, 400, fill=1)
    page.save()
    error = error_of(read_file, path)
    assert error.code == "no_text_found"
    assert "文字" in error.zh and error.en.startswith("no text was found")


def test_doc_without_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    path = tmp_path / "old.doc"
    path.write_bytes(OLE2_MAGIC + bytes(4096))
    error = error_of(read_file, path)
    assert error.code == "doc_needs_libreoffice" and "LibreOffice" in error.zh


def test_doc_is_converted_with_libreoffice(tmp_path, monkeypatch, docx_bytes):
    converted = tmp_path / "converted.docx"
    converted.write_bytes(docx_bytes)
    fake = tmp_path / "soffice"
    fake.write_text(f"#!{sys.executable}\nimport shutil, sys\n"
                    "out = sys.argv[sys.argv.index('--outdir') + 1]\n"
                    f"shutil.copy({str(converted)!r}, out + '/input.docx')\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(shutil, "which", lambda name: str(fake) if name == "soffice" else None)
    rendered = read_bytes(OLE2_MAGIC + bytes(4096), "old.doc")
    assert rendered.format == "doc"
    assert pipe_lines(rendered.text) == TABLE_LINES
    assert rendered.origins[1:3] == ["表1", "表1 第1行"]


def test_missing_file(tmp_path):
    assert error_of(read_file, tmp_path / "nope.docx").code == "missing"


# --- round trips ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_writer_round_trip(tmp_path, fmt):
    path = tmp_path / f"report.{fmt}"
    WRITERS[fmt](path, [TITLE, TABLE, "自评结论：优"])
    rendered = read_file(path)
    title_row = ["| 项目支出绩效自评表 |  |  |  |"] if fmt == "xlsx" else []
    closing_row = ["| 自评结论：优 |  |  |  |"] if fmt == "xlsx" else []
    assert rendered.format == fmt
    assert pipe_lines(rendered.text) == title_row + TABLE_LINES + closing_row
    assert rendered.warnings == []
    if fmt != "xlsx":
        lines = [line for line in rendered.text.split("\n") if line]
        assert lines[0] == TITLE and lines[-1] == "自评结论：优"


@pytest.mark.parametrize("fmt, row_origin", [
    ("docx", "表1 第2行"), ("xlsx", '工作表"Sheet" 第2行'), ("pdf", "第1页 表1 第2行")])
def test_round_trip_origins(tmp_path, fmt, row_origin):
    path = tmp_path / f"report.{fmt}"
    WRITERS[fmt](path, [TABLE])
    rendered = read_file(path)
    line_no = rendered.text.split("\n").index(TABLE_LINES[1]) + 1
    assert rendered.origin_of(line_no) == row_origin


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_writers_are_deterministic(tmp_path, fmt):
    first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    WRITERS[fmt](first, [TITLE, TABLE])
    time.sleep(1.1)  # zip member times and "modified" stamps have one-second resolution
    WRITERS[fmt](second, [TITLE, TABLE])
    assert first.read_bytes() == second.read_bytes()


# --- text ------------------------------------------------------------------------------


def test_gb18030_and_utf8_bom_decode_the_same():
    text = "项目支出绩效自评表\n年初预算数：110万元\n执行率：99.65%\n"
    from_gb = read_bytes(text.encode("gb18030"), "a.txt")
    from_bom = read_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"), "a.txt")
    from_utf16 = read_bytes(text.encode("utf-16"), "a.txt")
    assert from_gb.text == from_bom.text == from_utf16.text == text
    assert from_gb.warnings == []


@pytest.mark.parametrize("short", ["项目名称：测试", "得分"])
def test_short_gb18030_text(short):
    assert read_bytes(short.encode("gb18030"), "a.txt").text == short


def test_text_newlines_and_origins():
    rendered = read_bytes("第一行\r\n第二行\r第三行\n".encode("utf-8"), "a.md")
    assert rendered.text == "第一行\n第二行\n第三行\n"
    assert rendered.origin_of(3) == "第3行"


# --- docx details ------------------------------------------------------------------------


def test_docx_merges_nesting_and_cell_text(tmp_path):
    document = Document()
    document.add_paragraph("前言")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "产出指标"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "数量|质量"
    table.cell(1, 1).text = "第一段"
    table.cell(1, 1).add_paragraph("第二段")
    table.cell(2, 0).text = "效益"
    inner = table.cell(2, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "内1", "内2"
    path = tmp_path / "merged.docx"
    document.save(path)
    rendered = read_file(path)
    assert pipe_lines(rendered.text) == [
        "| 产出指标 | 数量｜质量 |  |",
        "|  | 第一段 第二段 |  |",
        "| 效益 |  |  |",
        "| 内1 | 内2 |  |",
    ]
    assert rendered.origins[-2] == "表1 第3行 内嵌表1 第1行"
    assert spans(rendered) == [
        [[("产出指标", 2, 1), ("数量｜质量", 1, 2), "covered"],
         ["covered", ("第一段 第二段", 1, 1), ("", 1, 1)],
         [("效益", 1, 1), ("", 1, 1), ("", 1, 1)]],
        [[("内1", 1, 1), ("内2", 1, 1)]],
    ]
    outer, inner = rendered.grids()
    assert (outer.first_line, inner.first_line, inner.origin) == (3, 6, "表1 第3行 内嵌表1")
    assert outer.rows[1][1].origin == "表1 第2行 第2列"


def test_docx_hostile_grid_span_is_refused_naming_the_limit(tmp_path):
    document = Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "宽"
    span = table.rows[0].cells[0]._tc.get_or_add_tcPr()
    span.append(span.makeelement(qn("w:gridSpan"), {qn("w:val"): "100000000"}))
    path = tmp_path / "wide.docx"
    document.save(path)
    error = error_of(read_file, path)
    assert error.code == "limit_exceeded" and "max_span" in error.zh and "max_span" in error.en


# --- spreadsheets ----------------------------------------------------------------------


def test_xlsx_numbers_percentages_merges_and_sheets(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "自评表"
    sheet.append(["预算", 110.0, 99.650000001, None, "备注", None])
    sheet.append([None, None, None])
    sheet.append(["执行率", 0.9965, "合并", None])
    sheet["B3"].number_format = "0.00%"
    sheet.merge_cells("C3:D4")
    workbook.create_sheet("指标").append(["数量指标", 1e-7])
    path = tmp_path / "numbers.xlsx"
    workbook.save(path)
    rendered = read_file(path)
    assert pipe_lines(rendered.text) == [
        "| 预算 | 110 | 99.65 |  | 备注 |",
        "| 执行率 | 99.65% | 合并 |  |  |",
        "| 数量指标 | 0.0000001 |",
    ]
    assert '工作表"自评表" 第3行' in rendered.origins
    first = rendered.grids()[0]
    assert (first.rows[1][2].text, first.rows[1][2].rowspan, first.rows[1][2].colspan) == ("合并", 1, 2)
    assert first.rows[1][3].covered and not first.rows[0][3].covered
    assert first.rows[1][2].origin == '工作表"自评表" 第3行 第3列'
    assert '工作表"指标" 第1行' in rendered.origins


def test_xls_numbers_percentages_and_merges(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("自评表")
    sheet.write_merge(0, 0, 0, 2, TITLE)
    sheet.write(1, 0, "预算数")
    sheet.write(1, 1, 110.0)
    sheet.write(1, 2, 99.650000001)
    sheet.write(2, 0, "执行率")
    sheet.write(2, 1, 0.9965, xlwt.easyxf(num_format_str="0.00%"))
    path = tmp_path / "old.xls"
    book.save(str(path))
    rendered = read_file(path)
    assert rendered.format == "xls"
    assert pipe_lines(rendered.text) == [
        f"| {TITLE} |  |  |", "| 预算数 | 110 | 99.65 |", "| 执行率 | 99.65% |  |"]
    assert rendered.origins[2] == '工作表"自评表" 第2行'
    assert spans(rendered)[0][0] == [(TITLE, 1, 3), "covered", "covered"]


# --- html --------------------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html><html><head><meta charset="gb2312"><title>标题</title>
<style>td {color: red}</style></head><body>
<h1>项目支出绩效自评表</h1><p>第一段<br>第二行</p>
<table>
<tr><th rowspan="2">一级指标</th><th colspan="2">二级指标</th><th>分值</th></tr>
<tr><td>数量</td><td>质量</td><td rowspan="2">10</td></tr>
<tr><td>效益</td><td colspan="2">社会
效益</td></tr>
</table><script>document.write("x")</script><div>完</div></body></html>"""


def test_html_table_with_colspan_and_rowspan():
    rendered = read_bytes(HTML_PAGE.encode("gb18030"), "page.htm")
    assert rendered.format == "html"
    assert rendered.text.split("\n") == [
        "项目支出绩效自评表", "第一段", "第二行", "",
        "| 一级指标 | 二级指标 |  | 分值 |",
        "|  | 数量 | 质量 | 10 |",
        "| 效益 | 社会 效益 |  |  |",
        "", "完",
    ]
    assert rendered.origin_of(5) == "第5行"
    assert spans(rendered) == [[
        [("一级指标", 2, 1), ("二级指标", 1, 2), "covered", ("分值", 1, 1)],
        ["covered", ("数量", 1, 1), ("质量", 1, 1), ("10", 2, 1)],
        [("效益", 1, 1), ("社会 效益", 1, 2), "covered", "covered"],
    ]]
    assert [b.text for b in rendered.blocks if isinstance(b, Paragraph)] == ["项目支出绩效自评表", "第一段", "第二行", "完"]
    assert rendered.grids()[0].first_line == 5 and rendered.grids()[0].rows[2][1].line == 7


def test_pdf_ruled_table_with_spans(tmp_path):
    path = tmp_path / "spans.pdf"
    styles = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, -1), CJK_FONT),
              ("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (2, 0))]
    table = Table([["产出指标", "数量指标", ""], ["", "登记", "98"]], style=styles)
    SimpleDocTemplate(str(path)).build([table])
    rendered = read_file(path)
    assert pipe_lines(rendered.text) == ["| 产出指标 | 数量指标 |  |", "|  | 登记 | 98 |"]
    assert spans(rendered) == [[[("产出指标", 2, 1), ("数量指标", 1, 2), "covered"],
                                ["covered", ("登记", 1, 1), ("98", 1, 1)]]]
    assert rendered.grids()[0].rows[1][2].origin == "第1页 表1 第2行 第3列"
