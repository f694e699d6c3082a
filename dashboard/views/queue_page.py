"""异常线索: flags ranked by severity and inflation, with the supervisor's decision."""
import io

import pandas as pd
import streamlit as st

from dashboard import filters, safe, store

STATUS = {"open": "待复核", "confirmed": "已确认", "false_positive": "误报"}
DECISIONS = {"确认（问题属实）": "confirmed", "误报（无问题）": "false_positive"}
EXPORT_COLUMNS = {"report_id": "报告编号", "rule_id": "规则", "severity": "严重程度", "title": "线索",
                  "explanation": "说明", "basis": "依据", "request": "要求", "forward_text": "可转发文本",
                  "project_name": "项目", "implementing_unit": "实施单位", "province": "省份",
                  "city": "城市", "county": "区县", "year": "年度", "self_score": "自评得分",
                  "review_score": "复核得分", "inflation": "虚高", "source_loc": "原文位置", "status": "复核状态",
                  "review_note": "复核意见", "reviewer": "复核人", "reviewed_at": "复核时间"}

path, f = store.db_path(), filters.current()
catalog = store.rule_catalog(path)

st.title("异常线索")
st.caption(f"{f.describe()} · 线索是需要人工复核的信号，不是结论。")
c1, c2, c3 = st.columns([3, 2, 2])
rules = c1.multiselect("规则", catalog["rule_id"].tolist(), key="q_rules", placeholder="全部规则",
                       format_func=lambda r: f"{r} {catalog.set_index('rule_id').at[r, 'title']}")
severities = c2.multiselect("严重程度", ["确定", "疑似", "提示"], key="q_severity", placeholder="全部")
if "q_status" not in st.session_state:
    st.session_state["q_status"] = ["open"]          # open flags first: a reviewed flag leaves this list
statuses = c3.multiselect("复核状态", list(STATUS), format_func=STATUS.get, key="q_status", placeholder="全部")
search = st.text_input("搜索项目或单位名称", key="q_search", placeholder="输入项目名称或实施单位的一部分")
queue, total = store.review_queue(path, tuple(rules), tuple(severities), tuple(statuses), **f.args(), search=search)

if total == 0:
    st.info("当前筛选下没有异常线索。")
    st.stop()
st.markdown(f"共 **{total:,}** 条线索" + (f"，显示前 {len(queue):,} 条（导出包含全部）" if total > len(queue) else ""))
queue = queue.assign(status=queue["review_status"].map(STATUS),
                     link=[filters.url_for("project", f, report=r) for r in queue["report_id"]])
st.caption("勾选表格左侧的一行或多行，在下方填写结论后一次保存。")
table = st.dataframe(
    queue, hide_index=True, width="stretch", height=420, key="queue_table",
    on_select="rerun", selection_mode="multi-row",
    column_order=["status", "review_note", "severity", "rule_id", "title", "forward_text", "project_name", "city",
                  "county", "year", "self_score", "review_score", "inflation", "reviewer", "reviewed_at", "link"],
    column_config={"link": st.column_config.LinkColumn("报告", display_text="打开"), "severity": "严重程度",
                   "rule_id": "规则", "title": "线索",
                   "forward_text": st.column_config.TextColumn("说明、依据与要求（可直接转发）", width="large"),
                   "project_name": "项目", "city": "城市", "county": "区县", "year": "年度", "self_score": "自评",
                   "review_score": st.column_config.NumberColumn("复核", format="%.2f"),
                   "inflation": st.column_config.NumberColumn("虚高", format="%.2f"), "status": "复核状态",
                   "review_note": "复核意见", "reviewer": "复核人",
                   "reviewed_at": st.column_config.DatetimeColumn("复核时间", format="YYYY-MM-DD HH:mm")})
selected = queue.iloc[table.selection.rows] if table and table.selection.rows else queue.iloc[0:0]


def export_frame() -> pd.DataFrame:
    """All flags of the filter (not only those on screen), with Chinese column names."""
    full, _ = store.review_queue(path, tuple(rules), tuple(severities), tuple(statuses), **f.args(), limit=None,
                                 search=search)
    full = full.assign(status=full["review_status"].map(STATUS))
    return full[list(EXPORT_COLUMNS)].rename(columns=EXPORT_COLUMNS)


def to_csv() -> bytes:
    return export_frame().to_csv(index=False).encode("utf-8-sig")


def to_excel() -> bytes:
    buf = io.BytesIO()
    export_frame().to_excel(buf, index=False, sheet_name="异常线索")
    return buf.getvalue()


d1, d2, _ = st.columns([1, 1, 4])
d1.download_button("导出 CSV", to_csv, file_name="异常线索.csv", mime="text/csv", on_click="ignore")
d2.download_button("导出 Excel", to_excel, file_name="异常线索.xlsx", on_click="ignore",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

st.subheader("复核所选线索")
if "review_saved" in st.session_state:
    st.success(st.session_state.pop("review_saved"))
if selected.empty:
    st.info("在上表中勾选要复核的线索（可多选）。")
    st.stop()
st.markdown(f"已选择 **{len(selected)}** 条：" + "；".join(
    f"{safe.md(r.rule_id)} {safe.md(r.title)}（{safe.md(r.project_name, '未识别项目名称')}）" for r in selected.head(5).itertuples())
    + ("……" if len(selected) > 5 else ""))
with st.form("review_form", clear_on_submit=True):
    decision = st.radio("结论", list(DECISIONS), horizontal=True, key="review_decision")
    note = st.text_area("复核意见", key="review_note", placeholder="例如：已核对原件，执行率确为99.65%")
    reviewer = st.text_input("复核人", key="review_reviewer")
    submitted = st.form_submit_button(f"保存 {len(selected)} 条线索的复核结论", type="primary")
if submitted:
    chosen = list(zip(selected["report_id"], selected["rule_id"]))
    try:
        when = store.save_reviews(path, chosen, DECISIONS[decision], note, reviewer)
        st.session_state["review_saved"] = (f"已保存 {len(chosen)} 条：{decision}（{reviewer.strip()}，"
                                            f"{when:%Y年%m月%d日 %H:%M}）")
        st.rerun()
    except store.StoreError as exc:
        st.error(f"保存失败：{safe.md(exc)}")
