"""复核底稿: one workbook per implementing unit, an overview sheet of its projects and one sheet per project with
each indicator as claimed and as reviewed, then the project's findings with the reviewer's verdict."""
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.hyperlink import Hyperlink

from dashboard.exports.sheets import Col, sheet_name, table, title, to_bytes, write_rows, header_row, set_widths

STATUS = {"open": "待复核", "confirmed": "已确认", "false_positive": "误报"}
SCOPE = {"complete": "完整", "partial": "部分（指标表不完整）"}
NATURE = {"higher": "正向", "lower": "反向", "equal": "等于"}
OVERVIEW_SHEET = "总览"

OVERVIEW_COLS = [
    Col("n", "序号", 6, "int"), Col("year", "年度", 8, "int"), Col("project_name", "项目名称", 38, wrap=True),
    Col("sheet", "工作表", 18), Col("self_score", "自评得分", 10, "score"), Col("grade", "自评等级", 9),
    Col("review_score", "复核得分", 10, "score"), Col("scope", "复核范围", 14, wrap=True),
    Col("inflation", "多报分（虚高）", 12, "score"), Col("under_claim", "少报分", 10, "score"),
    Col("确定", "确定", 7, "int"), Col("疑似", "疑似", 7, "int"), Col("提示", "提示", 7, "int"),
    Col("confirmed", "已确认", 8, "int"), Col("false_positive", "误报", 7, "int"), Col("open", "待复核", 8, "int"),
    Col("status", "复核状态", 11), Col("report_id", "报告编号", 19),
]
INDICATOR_COLS = [
    Col("level1", "一级指标", 11, wrap=True), Col("level2", "二级指标", 13, wrap=True),
    Col("name", "三级指标", 24, wrap=True), Col("nature", "指标性质", 9), Col("target_value", "指标值", 14, wrap=True),
    Col("target_unit", "度量单位", 9), Col("weight", "权重", 8, "score"), Col("actual", "自评完成值", 14, wrap=True),
    Col("score", "自评得分", 10, "score"), Col("review_value", "复核完成值", 12, wrap=True),
    Col("review_points", "复核得分", 10, "score"), Col("deviation", "偏离度", 10, "pct"),
    Col("remark", "备注", 60, wrap=True),
]
FINDING_COLS = [
    Col("n", "序号", 6, "int"), Col("rule_id", "规则", 7), Col("severity", "严重程度", 9), Col("title", "线索", 22, wrap=True),
    Col("explanation", "说明", 48, wrap=True), Col("basis", "依据", 22, wrap=True), Col("request", "要求", 18, wrap=True),
    Col("source_loc", "原文位置", 12), Col("status", "复核结论", 10), Col("review_note", "复核意见", 28, wrap=True),
    Col("reviewer", "复核人", 12), Col("reviewed_at", "复核时间", 17, "time"),
]
# What each column of a project sheet means, for the README (generated from here, not typed there).
INDICATOR_MEANING = {
    "指标性质": "正向（越高越好）、反向（越低越好，含时限）、等于，或定性（目标值无数字）",
    "指标值": "年度指标值：解析出的数字，无数字时为原文",
    "复核完成值": "复核认可的实际值（数字）；单位不同、照抄目标、定性表述等写“无法核验”",
    "复核得分": "按财预〔2020〕10号规则重算的得分；无法核验的按自评计入",
    "偏离度": "（复核完成值 − 指标值）÷ 指标值",
    "备注": "计分依据、多报/少报分、单位填写的偏差原因、原文位置",
}


@dataclass(frozen=True)
class Made:
    """Who made an export and when (printed in it)."""
    by: str
    at: datetime


def blank(v) -> bool:
    return v is None or (not isinstance(v, str) and pd.isna(v))


def num(v, fmt: str = "{:.2f}") -> str:
    return "—" if blank(v) else fmt.format(v)


def scope_text(report: dict) -> str:
    return SCOPE.get(report.get("review_scope"), "无法计算")


def exec_row(report: dict) -> dict | None:
    """The budget-execution line as the first row: the executed share of the budget, scored on the printed weight."""
    if all(blank(report.get(k)) for k in ("exec_weight_known", "exec_score", "stated_rate")):
        return None
    rate = report.get("computed_rate")
    remark = ("按 min(执行率, 100%) × 分值计分" if not blank(rate) else "无法由执行数和预算数重算执行率，不复核") + (
        f"；全年执行数{num(report.get('executed'))}万元 ÷ 预算数{num(report.get('exec_budget'))}万元"
        if not blank(rate) else "")
    return {"level1": "预算执行", "level2": None, "name": "预算执行率", "nature": "正向", "target_value": 100,
            "target_unit": "%", "weight": report.get("exec_weight_known"),
            "actual": None if blank(report.get("stated_rate")) else f"{report['stated_rate']:g}%",
            "score": report.get("exec_score"), "review_value": None if blank(rate) else round(rate, 2),
            "review_points": report.get("exec_review_points"),
            "deviation": None if blank(rate) else (min(rate, 100) - 100) / 100, "remark": remark}


def indicator_row(i: dict) -> dict:
    """One indicator as the 底稿 shows it."""
    quantitative = bool(i.get("is_quantitative"))
    target_num, actual_num = i.get("target_num"), i.get("actual_num")
    parts = [i.get("rule_formula")]
    if not blank(i.get("over_claim")) and i["over_claim"] > 0:
        parts.append(f"多报{num(i['over_claim'])}分")
    if not blank(i.get("under_claim")) and i["under_claim"] > 0:
        parts.append(f"少报{num(i['under_claim'])}分")
    if not blank(i.get("deviation_reason")) and str(i["deviation_reason"]).strip():
        parts.append(f"偏差原因：{i['deviation_reason']}")
    parts.append(f"原文{i['loc']}" if not blank(i.get("loc")) else None)
    return {
        "level1": i.get("level1"), "level2": i.get("level2"), "name": i.get("name"),
        "nature": "定性" if blank(target_num) else NATURE.get(i.get("direction"), "正向"),
        "target_value": i.get("target") if blank(target_num) else target_num, "target_unit": i.get("target_unit"),
        "weight": i.get("weight"), "actual": i.get("actual"), "score": i.get("score"),
        "review_value": actual_num if quantitative else "无法核验",
        "review_points": i.get("review_points"),
        "deviation": (actual_num - target_num) / target_num if quantitative and target_num else None,
        "remark": "；".join(p for p in parts if not blank(p)),
    }


def indicator_rows(report: dict, indicators: pd.DataFrame) -> pd.DataFrame:
    """The budget-execution line, every substantive indicator and a total line."""
    rows = [r for r in [exec_row(report)] if r]
    substantive = indicators[indicators["is_substantive"].fillna(True).astype(bool)]
    rows += [indicator_row(i) for i in substantive.to_dict("records")]
    weights = [r["weight"] for r in rows if not blank(r["weight"])]
    rows.append({"level1": "合计", "weight": sum(weights) if weights else None, "score": report.get("self_score"),
                 "review_points": report.get("review_score"),
                 "remark": f"复核范围：{scope_text(report)}" + (f"；{report['review_reason']}"
                                                            if not blank(report.get("review_reason")) else "")})
    return pd.DataFrame(rows, columns=[c.key for c in INDICATOR_COLS])


def finding_rows(flags: pd.DataFrame) -> pd.DataFrame:
    out = flags.assign(status=flags["review_status"].map(STATUS).fillna("待复核"))
    return out.assign(n=range(1, len(out) + 1))


def overview_rows(reports: pd.DataFrame, flags: pd.DataFrame, sheets: dict[str, str]) -> pd.DataFrame:
    rows = []
    for n, r in enumerate(reports.to_dict("records"), start=1):
        f = flags[flags["report_id"] == r["report_id"]]
        counts = {s: int((f["severity"] == s).sum()) for s in ("确定", "疑似", "提示")}
        status = {k: int((f["review_status"] == k).sum()) for k in STATUS}
        rows.append({**r, **counts, **status, "n": n, "sheet": sheets[r["report_id"]], "scope": scope_text(r),
                     "status": "无线索" if f.empty else ("待复核" if status["open"] else "已复核")})
    return pd.DataFrame(rows, columns=[c.key for c in OVERVIEW_COLS])


def project_sheet(ws, unit: str, report: dict, indicators: pd.DataFrame, flags: pd.DataFrame) -> None:
    title(ws, 1, report.get("project_name") or "（未识别项目名称）")
    ws.cell(row=2, column=1, value=f"{unit} · {num(report.get('year'), '{:.0f}')}年度 · 报告编号 {report['report_id']}"
                                   f" · 原文 {report.get('file_name') or '—'}")
    ws.cell(row=3, column=1, value=f"自评得分 {num(report.get('self_score'))}（{report.get('grade') or '未填等级'}） · "
                                   f"复核得分 {num(report.get('review_score'))}（{scope_text(report)}） · "
                                   f"多报 {num(report.get('inflation'))} 分 · 少报 {num(report.get('under_claim'))} 分")
    last = table(ws, 5, INDICATOR_COLS, indicator_rows(report, indicators))
    for cell in ws[last]:
        cell.font = Font(bold=True)       # the total line
    top = last + 3
    title(ws, top - 1, f"发现的问题（{len(flags)} 条）", 12)
    if flags.empty:
        ws.cell(row=top, column=1, value="本项目未触发任何规则。")
        return
    header_row(ws, top, FINDING_COLS)
    write_rows(ws, top, FINDING_COLS, finding_rows(flags).to_dict("records"))
    set_widths(ws, FINDING_COLS)


def unit_workbook(pack: dict, unit: str, made: Made) -> bytes:
    """The 复核底稿 of one implementing unit from a review pack (dashboard.store.review_pack)."""
    reports = pack["reports"][pack["reports"]["implementing_unit"] == unit]
    wb = Workbook()
    ws = wb.active
    ws.title = OVERVIEW_SHEET
    taken = {OVERVIEW_SHEET}
    sheets = {r["report_id"]: sheet_name(f"{n} {r.get('project_name') or '未识别项目'}", taken)
              for n, r in enumerate(reports.to_dict("records"), start=1)}
    flags = pack["flags"]
    for r in reports.to_dict("records"):
        project_sheet(wb.create_sheet(sheets[r["report_id"]]), unit, r,
                      pack["indicators"][pack["indicators"]["report_id"] == r["report_id"]],
                      flags[flags["report_id"] == r["report_id"]])
    title(ws, 1, f"{unit} 项目支出绩效自评复核底稿")
    ws.cell(row=2, column=1, value=f"{period(reports)} · 共 {len(reports)} 个项目 · 生成：{made.by}，"
                                   f"{made.at:%Y-%m-%d %H:%M}")
    table(ws, 4, OVERVIEW_COLS, overview_rows(reports, flags, sheets))
    for row, r in enumerate(reports.to_dict("records"), start=5):
        link = ws.cell(row=row, column=4)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{sheets[r['report_id']]}'!A1")
        link.font = Font(color="0563C1", underline="single")
    return to_bytes(wb)


def period(reports: pd.DataFrame) -> str:
    """The years the reports cover: 2021年度, or 2019—2022年度."""
    years = sorted({int(y) for y in reports["year"].dropna()})
    if not years:
        return "年度未注明"
    return f"{years[0]}年度" if len(years) == 1 else f"{years[0]}—{years[-1]}年度"
