"""复核意见 / 整改通知: a notice to one implementing unit listing each confirmed finding with its figures, basis and
what the unit must explain or correct by a deadline (false positives and flags not yet reviewed are left out);
a province's notices as one zip with an index."""
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date

import pandas as pd
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from dashboard.exports.sheets import Col, table_workbook
from dashboard.exports.workbook import blank, num, period

BASIS_OF_REVIEW = "《项目支出绩效评价管理办法》（财预〔2020〕10号）"
NO_DEADLINE = "____年__月__日"
DIGITS = "零一二三四五六七八九"
# GB/T 9704 (党政机关公文格式): margins, title in 小标宋 二号, body in 仿宋 三号, headings 黑体 / 楷体
MARGINS_MM = {"top_margin": 37, "bottom_margin": 35, "left_margin": 28, "right_margin": 26}
FONTS = {"title": ("方正小标宋简体", 22), "heading": ("黑体", 16), "subheading": ("楷体", 16)}
BODY_FONT, BODY_SIZE, LINE_PT = "仿宋", 16, 28
FILE_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')
INDEX_COLS = [Col("n", "序号", 6, "int"), Col("implementing_unit", "实施单位", 36, wrap=True),
              Col("reports", "项目数", 8, "int"), Col("confirmed", "列入意见的问题", 14, "int"),
              Col("false_positive", "误报（未列入）", 14, "int"), Col("open", "待复核（未列入）", 15, "int"),
              Col("file", "文件", 44)]


@dataclass(frozen=True)
class Notice:
    """The parts of a notice the reviewer chooses: who issues it, from which office, the reply deadline, the date."""
    issuer: str
    org: str | None
    deadline: date | None
    day: date


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (numbering of headings up to 99)."""
    tens, ones = divmod(n, 10)
    if n < 10:
        return DIGITS[n]
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


def cn_date(d: date | None) -> str:
    return NO_DEADLINE if d is None else f"{d.year}年{d.month}月{d.day}日"


def sentence(text) -> str:
    """Text ending in a full stop."""
    text = str(text or "").strip()
    return text if not text or text[-1] in "。；！？" else text + "。"


def score_line(k: int, r: dict) -> str:
    """One reviewed project with its self and review scores."""
    head = f"{k}. {r.get('project_name') or '（未识别项目名称）'}（{num(r.get('year'), '{:.0f}')}年度）：" \
           f"自评得分{num(r.get('self_score'))}分" + (f"（{r['grade']}）" if not blank(r.get("grade")) else "")
    if r.get("review_scope") == "complete":
        return f"{head}，复核得分{num(r.get('review_score'))}分。"
    if r.get("review_scope") == "partial":
        return f"{head}，指标表不完整，可见的{num(r.get('review_max'), '{:g}')}分中复核得分{num(r.get('review_score'))}分。"
    reason = r.get("review_reason")
    return f"{head}，复核得分无法计算" + (f"（{reason}）" if not blank(reason) else "") + "。"


def finding_line(m: int, f: dict) -> str:
    """One confirmed finding: what, the figures, where, the basis, the request and the reviewer's note."""
    where = f"（见自评材料{f['source_loc']}）" if not blank(f.get("source_loc")) else ""
    text = f"{m}. {f['title']}。{sentence(f.get('explanation'))[:-1]}{where}。依据：{sentence(f.get('basis'))}" \
           f"{sentence(f.get('request'))}"
    if f.get("severity") == "确定":
        text += "经核实确属填报错误的，请予以更正。"
    if not blank(f.get("review_note")) and str(f["review_note"]).strip():
        text += f"复核意见：{sentence(f['review_note'])}"
    return text


def memo_paragraphs(unit: str, reports: pd.DataFrame, flags: pd.DataFrame, notice: Notice) -> list[tuple[str, str]]:
    """The notice as (kind, text) paragraphs; kinds: title, to, body, heading, subheading, item, sign."""
    when, office = period(reports), notice.org or "我们"
    confirmed = flags[flags["review_status"] == "confirmed"]
    out = [("title", f"关于{unit}{when}项目支出绩效自评复核意见的通知"), ("to", f"{unit}："),
           ("body", f"根据{BASIS_OF_REVIEW}有关规定，{office}对你单位报送的{when}项目支出绩效自评材料进行了抽查复核，"
                    f"共复核项目{len(reports)}个。现将复核意见通知如下。"),
           ("heading", "一、复核项目及得分")]
    out += [("item", score_line(k, r)) for k, r in enumerate(reports.to_dict("records"), start=1)]
    out.append(("heading", "二、发现的问题"))
    if confirmed.empty:
        out.append(("body", "经复核，未发现需要你单位说明或整改的问题。"))
    k = 0
    for r in reports.to_dict("records"):
        mine = confirmed[confirmed["report_id"] == r["report_id"]]
        if mine.empty:
            continue
        k += 1
        out.append(("subheading", f"（{cn_number(k)}）{r.get('project_name') or '（未识别项目名称）'}"
                                  f"（{num(r.get('year'), '{:.0f}')}年度）"))
        out += [("item", finding_line(m, f)) for m, f in enumerate(mine.to_dict("records"), start=1)]
    if not confirmed.empty:
        out += [("heading", "三、整改要求"),
                ("body", f"请你单位于{cn_date(notice.deadline)}前，对上述问题逐项说明原因并提供佐证材料；确属自评不实或"
                         f"填报错误的，予以整改，重新核定自评得分和等级，并将整改情况书面报送{office}。")]
    reviewers = list(dict.fromkeys(n for n in confirmed["reviewer"].dropna())) or [notice.issuer]
    out += [("sign", f"复核人：{'、'.join(reviewers)}")]
    out += [("sign", notice.org)] if notice.org else []
    out.append(("sign", cn_date(notice.day)))
    return out


def memo_text(paragraphs: list[tuple[str, str]]) -> str:
    """The notice as plain text (README example, tests)."""
    return "\n".join(("　　" if kind in ("body", "item") else "") + text for kind, text in paragraphs)


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name, run.font.size, run.font.bold = name, Pt(size), bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)   # CJK text needs its own slot


def _paragraph(doc, kind: str, text: str) -> None:
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing, fmt.space_before, fmt.space_after = Pt(LINE_PT), Pt(0), Pt(0)
    name, size = FONTS.get(kind, (BODY_FONT, BODY_SIZE))
    if kind == "title":
        p.alignment, fmt.space_after, fmt.line_spacing = WD_ALIGN_PARAGRAPH.CENTER, Pt(LINE_PT), Pt(36)
    elif kind == "sign":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif kind != "to":
        fmt.first_line_indent = Pt(2 * BODY_SIZE)
    _font(p.add_run(text), name, size)


def memo_docx(unit: str, reports: pd.DataFrame, flags: pd.DataFrame, notice: Notice) -> bytes:
    """The notice as a Word document in the layout of an official notice."""
    doc = Document()
    for side, mm in MARGINS_MM.items():
        setattr(doc.sections[0], side, Mm(mm))
    paragraphs = memo_paragraphs(unit, reports, flags, notice)
    doc.core_properties.title, doc.core_properties.author = paragraphs[0][1], notice.issuer
    for kind, text in paragraphs:
        if kind == "sign" and text.startswith("复核人"):
            doc.add_paragraph()            # a blank line before the signature block
        _paragraph(doc, kind, text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def unit_memo(pack: dict, unit: str, notice: Notice) -> bytes:
    """The 复核意见 of one implementing unit from a review pack (dashboard.store.review_pack)."""
    reports = pack["reports"][pack["reports"]["implementing_unit"] == unit]
    return memo_docx(unit, reports, pack["flags"][pack["flags"]["report_id"].isin(reports["report_id"])], notice)


def file_name(unit: str, kind: str) -> str:
    return f"{FILE_UNSAFE.sub('_', unit).strip('_') or '未注明单位'}_{kind}"


def province_zip(pack: dict, notice: Notice, label: str) -> bytes:
    """Every unit's notice of a pack in one zip, with an index workbook of what each notice lists."""
    buf, index = io.BytesIO(), []
    units = list(dict.fromkeys(pack["reports"]["implementing_unit"].dropna()))
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, unit in enumerate(units, start=1):
            name = f"{n:03d}_{file_name(unit, '复核意见.docx')}"
            zf.writestr(name, unit_memo(pack, unit, notice))
            reports = pack["reports"][pack["reports"]["implementing_unit"] == unit]
            status = pack["flags"][pack["flags"]["report_id"].isin(reports["report_id"])]["review_status"]
            index.append({"n": n, "implementing_unit": unit, "reports": len(reports), "file": name,
                          **{k: int((status == k).sum()) for k in ("confirmed", "false_positive", "open")}})
        zf.writestr("000_复核意见目录.xlsx", table_workbook(
            pd.DataFrame(index, columns=[c.key for c in INDEX_COLS]), INDEX_COLS, "目录",
            f"{label} 复核意见目录（{cn_date(notice.day)}）：只列入已确认的问题"))
    return buf.getvalue()
