"""项目详情: one report in full, reachable by ?report=<id>."""
import html
import json

import pandas as pd
import streamlit as st

from dashboard import auth, downloads, filters, safe, store

STATUS = {"pass": "通过", "fail": "未通过", "not_computable": "无法计算"}
STATUS_CSS = {"通过": "background-color:#e8f5e9", "未通过": "background-color:#ffcdd2", "无法计算": "color:#757575"}
REVIEW = {"open": "待复核", "confirmed": "已确认", "false_positive": "误报"}
# Which indicator cells a failed rule points at; rows come from the flag's evidence.
RULE_CELLS = {"A3": ["score"], "B1": ["score", "actual"], "B3": ["actual", "score"], "B4": ["score", "deviation_reason"],
              "B6": ["actual"], "B7": ["target"], "B8": ["target", "actual"], "C1": ["name", "target"]}
FLAG_CSS = "background-color:#ffe082;font-weight:600"
ROW_CSS = "background-color:#fff8e1"

path, f, user = store.db_path(), filters.current(), auth.current()
st.title("项目详情")

choices = store.report_list(path, **f.args())
labels = dict(zip(choices["report_id"], choices["project_name"].fillna("（无项目名）") + " · "
                  + choices["implementing_unit"].fillna("") + " · " + choices["year"].astype("string").fillna("")
                  + "（" + choices["report_id"] + "）"))
wanted = st.query_params.get("report")
if wanted and st.session_state.get("_report_from_url") != wanted:
    labels = {wanted: labels.get(wanted, f"报告 {wanted}"), **labels}
    st.session_state["project_report"] = labels[wanted]
    st.session_state["_report_from_url"] = wanted
elif st.session_state.get("_report_from_url") and st.session_state["_report_from_url"] not in labels:
    kept = st.session_state["_report_from_url"]
    labels = {kept: st.session_state.get("project_report") or f"报告 {kept}", **labels}
if not labels:
    st.info("当前筛选下没有报告。")
    st.stop()
ids_by_label = {v: k for k, v in labels.items()}
if st.session_state.get("project_report") not in ids_by_label:
    st.session_state["project_report"] = next(iter(ids_by_label))
label = st.selectbox("选择报告", list(ids_by_label), key="project_report")
report_id = ids_by_label[label]
st.query_params["report"] = report_id
st.session_state["_report_from_url"] = report_id

d = store.report_detail(path, report_id)
if not d:
    st.error(f"找不到编号为 {safe.md(report_id)} 的报告（可能已被新版本替换或尚未导入）。")
    st.stop()
m, x = d["metrics"], d["extra"]
if not user.sees(m["province"], m["city"]):
    st.error(f"编号为 {safe.md(report_id)} 的报告不在当前账号的查看范围（{safe.md(user.scope_text())}）内。")
    st.stop()


def num(v, fmt="{:.2f}", unit="") -> str:
    return "—" if v is None or pd.isna(v) else fmt.format(v) + unit


def day(v) -> str:
    return "—" if v is None or pd.isna(v) else str(v)[:10]


st.subheader(safe.md(m["project_name"], "（未识别项目名称）"), anchor=False)
place = " ".join(str(v) for v in (m["province"], m["city"], m["county"]) if v and not pd.isna(v)) or "未识别"
st.markdown(f"**地区**：{safe.md(place)}（行政区划代码 {safe.md(m['adcode'])}）　**实施单位**：{safe.md(m['implementing_unit'])}　"
            f"**主管部门**：{safe.md(m['supervising_department'])}  \n**年度**：{safe.md(m['year'])}　"
            f"**类型**：{filters.KINDS.get(m['kind'], safe.md(m['kind']))}　**文件**：{safe.md(m['file_name'])}　"
            f"**填报日期**：{day(x.get('filed_date'))}　**项目完成日期**：{day(x.get('project_end_date'))}"
            + ("　:orange[合成数据]" if m["is_synthetic"] else ""))
st.link_button(f"本报告链接（?report={report_id}）", f"project?report={report_id}", icon=":material/link:")
others = store.unit_reports(path, m["implementing_unit"], report_id, *user.bounds())
if not others.empty:
    with st.expander(f"同一实施单位的其他报告（{len(others)} 份，可逐年对照）"):
        st.dataframe(others.assign(link=[f"project?report={r}" for r in others["report_id"]]), hide_index=True,
                     width="stretch", column_order=["year", "project_name", "self_score", "review_score", "inflation", "link"],
                     column_config={"year": st.column_config.NumberColumn("年度", format="%d"), "project_name": "项目",
                                    "self_score": "自评", "review_score": st.column_config.NumberColumn("复核", format="%.2f"),
                                    "inflation": st.column_config.NumberColumn("虚高（多报分）", format="%.2f"),
                                    "link": st.column_config.LinkColumn("报告", display_text="打开")})
SCOPE = {"complete": "复核得分", "partial": "复核得分（部分）"}
SEVERITY_COLOR = {"确定": "#d32f2f", "疑似": "#ef6c00", "提示": "#757575"}


def review_value(m) -> str:
    """The review score, `x / 可见y分` when only part of the table could be rescored, 无法计算 when nothing."""
    if m["review_scope"] == "partial":
        return f"{num(m['review_score'])} / {num(m['review_max'], '{:g}')}"
    return num(m["review_score"]) if m["review_scope"] == "complete" else "无法计算"


c = st.columns(6)
c[0].metric("自评得分", num(m["self_score"], "{:.1f}"), help=f"自评等级：{m['grade'] or '—'}")
c[1].metric(SCOPE.get(m["review_scope"], "复核得分"), review_value(m),
            help=m["review_reason"] or "指标表完整：可核验的项目按规则重算，其余按自评计入")
c[2].metric("虚高（多报分）", num(m["inflation"]), help="各项自评得分高出规则得分之和（含预算执行），不与少报相抵")
c[3].metric("少报分", num(m["under_claim"]), help="各项规则得分高出自评得分之和")
c[4].metric("填报执行率", num(m["stated_rate"], unit="%"))
c[5].metric("重新计算执行率", num(m["computed_rate"], unit="%"))
if m["review_reason"]:
    st.caption(f"复核说明：{safe.md(m['review_reason'])}")

uncertain = d["uncertain"]
if not uncertain.empty:
    st.warning(f"有 {len(uncertain)} 处数值由扫描件文字识别读出且置信度偏低，按**不确定**处理："
               "涉及这些数值的算术规则记为“无法计算”，请对照原件核实。")
    st.dataframe(uncertain, hide_index=True, width="stretch",
                 column_config={"item": "字段或指标", "value": "识别结果", "loc": "原文位置", "confidence": "识别置信度"})

flags = d["flags"]
st.markdown("### 异常线索")
if flags.empty:
    st.success("本报告没有触发任何规则。")
def flag_html(r) -> str:
    """One flag as HTML built from escaped parts: the finding, its basis and request, where and who reviewed it."""
    color = SEVERITY_COLOR.get(r.severity, "#757575")
    review = REVIEW.get(r.review_status, r.review_status)
    who = ""
    if not safe.blank(r.reviewer):
        when = "" if safe.blank(r.reviewed_at) else f"，{pd.Timestamp(r.reviewed_at):%Y年%m月%d日 %H:%M}"
        who = f"（{safe.h(r.reviewer)}{when}：{safe.h(r.review_note, '无意见')}）"
    return (f"<div style='margin:0.4em 0'><span style='color:{color}'>●</span> <b>{safe.h(r.rule_id)} {safe.h(r.title)}</b>"
            f"（{safe.h(r.severity)}）— {safe.h(r.explanation)}<br>依据：{safe.h(r.basis)}。{safe.h(r.request, '')}<br>"
            f"<small>原文：{safe.h(r.source_loc)} · 复核状态：{safe.h(review)}{who}</small></div>")


for r in flags.itertuples():
    st.html(flag_html(r))
    # the finding, its basis and the request as one paragraph with a copy button, to forward to the unit as it is
    with st.expander("复制为可转发的一段文字"):
        st.code(r.forward_text, language=None, wrap_lines=True)

DECISIONS = {"确认（问题属实）": "confirmed", "误报（无问题）": "false_positive"}
if not flags.empty and not user.can_review:
    st.caption(f"当前账号（{safe.md(user.describe())}）只能查看复核结论，不能复核。")
elif not flags.empty:
    if "project_review_saved" in st.session_state:
        st.success(st.session_state.pop("project_review_saved"))
    titles = {r.rule_id: f"{r.rule_id} {r.title}（{REVIEW.get(r.review_status, r.review_status)}）" for r in flags.itertuples()}
    open_first = [r for r in flags.sort_values("review_status", key=lambda s: s != "open")["rule_id"]]
    with st.form("project_review", clear_on_submit=True):
        st.markdown("**复核本报告的线索**")
        chosen = st.multiselect("线索（可多选）", open_first, format_func=titles.get, key="pr_flags",
                                placeholder="选择一条或多条线索")
        decision = st.radio("结论", list(DECISIONS), horizontal=True, key="pr_decision")
        note = st.text_area("复核意见", key="pr_note")
        st.caption(f"复核人：{safe.md(user.name)}（当前登录账号）。改判时原结论保留在下方复核记录中。")
        if st.form_submit_button("保存复核结论", type="primary"):
            try:
                when = store.save_reviews(path, [(report_id, r) for r in chosen], DECISIONS[decision], note, user)
                st.session_state["project_review_saved"] = (f"已保存 {len(chosen)} 条：{decision}（{user.name}，"
                                                            f"{when:%Y年%m月%d日 %H:%M}）")
                st.rerun()
            except store.StoreError as exc:
                st.error(f"保存失败：{safe.md(exc)}")

history = store.review_history(path, report_id)
if not history.empty:
    changed = history.groupby("rule_id")["revision"].max().gt(1).sum()
    st.markdown("### 复核记录")
    st.caption(f"每一次复核结论都保留，最新一条为当前结论" + (f"；{changed} 条线索曾改判" if changed else "") + "。")
    st.dataframe(history.assign(decision=history["decision"].map(REVIEW),
                                previous_decision=history["previous_decision"].map(REVIEW),
                                is_current=history["is_current"].map({True: "当前结论", False: "已被改判"})),
                 hide_index=True, width="stretch", placeholder="—",
                 column_order=["rule_id", "title", "revision", "decision", "previous_decision", "note", "reviewer",
                               "reviewed_at", "is_current"],
                 column_config={"rule_id": "规则", "title": "线索", "revision": st.column_config.NumberColumn("第几次", format="%d"),
                                "decision": "结论", "previous_decision": "原结论", "note": "复核意见", "reviewer": "复核人",
                                "reviewed_at": st.column_config.DatetimeColumn("复核时间", format="YYYY-MM-DD HH:mm"),
                                "is_current": "状态"})

if m["implementing_unit"] and not pd.isna(m["implementing_unit"]):
    year = None if pd.isna(m["year"]) else int(m["year"])
    with st.expander(f"本单位{f'{year}年度' if year else ''}复核底稿与复核意见"):
        st.caption(f"{safe.md(m['implementing_unit'])}{f'{year}年度' if year else ''}在当前账号范围内的全部项目："
                   "复核底稿列出每个项目的指标复核和线索结论；复核意见只列入已确认的问题。")
        deadline = downloads.deadline_input("project_deadline") if user.can_review else None
        downloads.unit_buttons(path, (m["province"], user.bounds()[1], year, None, f.synthetic or bool(m["is_synthetic"])),
                               m["implementing_unit"],
                               user, "project_unit", deadline)

st.markdown("### 资金（填报 vs 重新计算）")
cmp = pd.DataFrame([
    ["执行率（%）", m["stated_rate"], m["computed_rate"], m["rate_gap"]],
    ["预算执行得分", m["exec_score"], m["exec_review_points"],
     None if pd.isna(m["exec_score"]) or pd.isna(m["exec_review_points"]) else m["exec_score"] - m["exec_review_points"]],
], columns=["项目", "填报", "重新计算", "差异"])
st.dataframe(cmp, hide_index=True, column_config={c: st.column_config.NumberColumn(c, format="%.2f")
                                                 for c in ("填报", "重新计算", "差异")})
funds = d["funds"].assign(raw=lambda t: t["raw"].where(t["raw"].fillna("").str.strip() != "", "—"),
                          row_label=lambda t: t["row_label"].fillna("—"))
money = {c: st.column_config.NumberColumn(label, format="%.2f") for c, label in
         (("budget_initial", "年初预算（万元）"), ("budget_full_year", "全年预算（万元）"), ("executed", "全年执行（万元）"),
          ("execution_rate", "执行率（%）"), ("weight", "分值"), ("score", "得分"))}
st.dataframe(funds, hide_index=True, width="stretch",
             column_config={"row_no": None, "row_label": "资金项", **money, "raw": "原文",
                            "line": st.column_config.NumberColumn("行号", format="%d")})


def flagged_cells(flags: pd.DataFrame) -> dict[int, set[str]]:
    """Indicator seq → columns a failed rule points at, read from the flags' evidence."""
    cells: dict[int, set[str]] = {}
    for r in flags.itertuples():
        try:
            items = json.loads(r.evidence or "{}").get("indicators") or []
        except (ValueError, AttributeError):
            items = []
        for item in items:
            if isinstance(item, dict) and item.get("seq") is not None:
                cells.setdefault(int(item["seq"]), set()).update(RULE_CELLS.get(r.rule_id, ["name"]))
    return cells


ind = d["indicators"]
st.markdown("### 绩效指标")
if ind.empty:
    st.info("未读到指标。")
else:
    cells = flagged_cells(flags)
    cols = ["seq", "level1", "level2", "name", "target", "actual", "weight", "score", "rule_points", "rule_formula",
            "over_claim", "under_claim", "deviation_reason", "is_quantitative", "line"]
    view = ind[cols].reset_index(drop=True)
    view = view.assign(number=view["seq"] + 1, is_quantitative=view["is_quantitative"].map({True: "是", False: "否"}))

    def paint(frame: pd.DataFrame) -> pd.DataFrame:
        css = pd.DataFrame("", index=frame.index, columns=frame.columns)
        for i, seq in frame["seq"].items():
            for col in cells.get(int(seq), ()):
                css.loc[i, :] = css.loc[i, :].where(css.loc[i, :] != "", ROW_CSS)
                css.loc[i, col] = FLAG_CSS
        return css

    st.dataframe(view.style.apply(paint, axis=None), hide_index=True, width="stretch",
                 column_order=["number", *cols[1:]],
                 column_config={"number": st.column_config.NumberColumn("序号", format="%d"), "level1": "一级",
                                "level2": "二级", "name": "指标", "target": "目标值", "actual": "实际值",
                                **{c: st.column_config.NumberColumn(label, format="%.2f") for c, label in
                                   (("weight", "分值"), ("score", "自评得分"), ("rule_points", "规则得分"),
                                    ("over_claim", "多报"), ("under_claim", "少报"))},
                                "rule_formula": st.column_config.TextColumn("计分依据", width="large"),
                                "deviation_reason": "偏差原因", "is_quantitative": "可核验",
                                "line": st.column_config.NumberColumn("行号", format="%d")})
    st.caption("黄色：被规则标记的单元格（浅黄为所在行）。规则得分按目标值与实际值重新计算（正向：实际÷目标×分值；"
               "反向：实际≤目标得满分，超出时(1−(实际−目标)÷目标)×分值，达2倍得0分）；定性指标按达成程度分档"
               "（部分达成不超过分值的80%，未达成不超过60%）；无法核验的按自评计入。未列分值的指标不推定分值，不复核。")

    st.markdown("### 复核得分构成")
    parts = ind[ind["is_substantive"].fillna(False)].groupby("level1", dropna=False).agg(
        分值=("weight", lambda s: s.sum(min_count=1)), 自评=("score", lambda s: s.sum(min_count=1)),
        复核=("review_points", lambda s: s.sum(min_count=1)),
        多报=("over_claim", lambda s: s.sum(min_count=1)), 少报=("under_claim", lambda s: s.sum(min_count=1)),
        不可核验指标=("is_quantitative", lambda s: int((~s.fillna(False).astype(bool)).sum())))
    parts = parts.reset_index().rename(columns={"level1": "部分"})
    exec_over = (None if pd.isna(m["exec_score"]) or pd.isna(m["exec_review_points"])
                 else max(m["exec_score"] - m["exec_review_points"], 0))
    exec_under = (None if pd.isna(m["exec_score"]) or pd.isna(m["exec_review_points"])
                  else max(m["exec_review_points"] - m["exec_score"], 0))
    exec_row = pd.DataFrame([{"部分": "预算执行", "分值": m["exec_weight_known"], "自评": m["exec_score"],
                              "复核": m["exec_review_points"], "多报": exec_over, "少报": exec_under,
                              "不可核验指标": 0 if not pd.isna(m["exec_review_points"]) else 1}])
    total = pd.DataFrame([{"部分": f"合计（{SCOPE.get(m['review_scope'], '无法复核')}）",
                           "分值": m["review_max"] if m["review_scope"] == "partial" else m["weight_total"],
                           "自评": m["self_score"], "复核": m["review_score"], "多报": m["over_claim"],
                           "少报": m["under_claim"], "不可核验指标": int(m["n_unverifiable"] or 0)}])
    st.dataframe(pd.concat([exec_row, parts, total], ignore_index=True), hide_index=True)

st.markdown("### 全部规则结果")
rules = d["rules"].assign(status=lambda t: t["status"].map(STATUS)).rename(
    columns={"rule_id": "规则", "severity": "严重程度", "title": "名称", "status": "结果", "reason": "无法计算的原因"})
st.dataframe(rules.style.map(lambda v: STATUS_CSS.get(v, ""), subset=["结果"]), hide_index=True, width="stretch")

if not d["warnings"].empty:
    with st.expander(f"解析警告（{len(d['warnings'])}）"):
        for w in d["warnings"]["message"]:
            st.markdown(f"- {safe.md(w)}")


def source_lines(text: str, marks: dict[int, list[str]]) -> str:
    """The source text as numbered HTML lines, flagged lines highlighted with their rule ids."""
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        tag = marks.get(n)
        style = "background:#ffe082;" if tag else ""
        note = f"<span style='color:#c62828;font-weight:600'> ◀ {' '.join(tag)}</span>" if tag else ""
        out.append(f"<div style='{style}white-space:pre-wrap'><span style='color:#9e9e9e'>{n:>4}</span>  "
                   f"{html.escape(line)}{note}</div>")
    return "<div style='font-family:monospace;font-size:13px'>" + "".join(out) + "</div>"


st.markdown("### 原文")
marks: dict[int, list[str]] = {}
for r in flags.itertuples():
    if r.source_line is not None and not pd.isna(r.source_line):
        marks.setdefault(int(r.source_line), []).append(r.rule_id)
if not ind.empty:
    by_seq = dict(zip(ind["seq"], ind["line"]))
    for seq, _ in flagged_cells(flags).items():
        line = by_seq.get(seq)
        if line is not None and not pd.isna(line):
            for r in flags.itertuples():
                if f'"seq":{seq}' in (r.evidence or "").replace(" ", "") and r.rule_id not in marks.get(int(line), []):
                    marks.setdefault(int(line), []).append(r.rule_id)
text = x.get("source_text") or ""
st.caption(f"共 {len(text.splitlines())} 行，黄色行为线索所指的原文（◀ 后为规则编号）。")
with st.container(height=520):
    if text:
        st.html(source_lines(text, marks))
    else:
        st.info("没有保存原文。")
