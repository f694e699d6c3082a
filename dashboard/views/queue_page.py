"""异常线索: flags ranked by severity and inflation, with the supervisor's decision; a unit's 复核底稿 and 复核意见."""
import pandas as pd
import streamlit as st

from dashboard import auth, downloads, filters, safe, store
from dashboard.exports.flags import QUEUE_COLUMNS as EXPORT_COLUMNS
from dashboard.exports.sheets import rounded_csv, table_workbook

STATUS = {"open": "待复核", "confirmed": "已确认", "false_positive": "误报"}
DECISIONS = {"确认（问题属实）": "confirmed", "误报（无问题）": "false_positive"}

path, f, user = store.db_path(), filters.current(), auth.current()
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
st.caption("勾选表格左侧的一行或多行，在下方填写结论后一次保存。" if user.can_review
           else "只读账号：可查看线索、复核结论并导出，不能复核。")
table = st.dataframe(
    queue, hide_index=True, width="stretch", height=420, key="queue_table",
    on_select="rerun" if user.can_review else "ignore", selection_mode="multi-row",
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
rows = table.selection.rows if user.can_review and table else []
selected = queue.iloc[rows] if rows else queue.iloc[0:0]


def export_frame() -> pd.DataFrame:
    """All flags of the filter (not only those on screen), with their review status in words."""
    full, _ = store.review_queue(path, tuple(rules), tuple(severities), tuple(statuses), **f.args(), limit=None,
                                 search=search)
    return full.assign(status=full["review_status"].map(STATUS))


d1, d2, _ = st.columns([1, 1, 4])
d1.download_button("导出 CSV", lambda: rounded_csv(export_frame(), EXPORT_COLUMNS), file_name="异常线索.csv",
                   mime="text/csv", on_click="ignore")
d2.download_button("导出 Excel", lambda: table_workbook(export_frame(), EXPORT_COLUMNS, "异常线索",
                                                          f"异常线索（{f.describe()}）"),
                   file_name="异常线索.xlsx", on_click="ignore", mime=downloads.XLSX)


def review_form() -> None:
    """One decision on the selected rows, signed by the signed-in account."""
    st.markdown(f"已选择 **{len(selected)}** 条：" + "；".join(
        f"{safe.md(r.rule_id)} {safe.md(r.title)}（{safe.md(r.project_name, '未识别项目名称')}）"
        for r in selected.head(5).itertuples()) + ("……" if len(selected) > 5 else ""))
    with st.form("review_form", clear_on_submit=True):
        decision = st.radio("结论", list(DECISIONS), horizontal=True, key="review_decision")
        note = st.text_area("复核意见", key="review_note", placeholder="例如：已核对原件，执行率确为99.65%")
        st.caption(f"复核人：{safe.md(user.name)}（当前登录账号）。改判时原结论保留在复核记录中。")
        submitted = st.form_submit_button(f"保存 {len(selected)} 条线索的复核结论", type="primary")
    if submitted:
        chosen = list(zip(selected["report_id"], selected["rule_id"]))
        try:
            when = store.save_reviews(path, chosen, DECISIONS[decision], note, user)
            st.session_state["review_saved"] = f"已保存 {len(chosen)} 条：{decision}（{user.name}，{when:%Y年%m月%d日 %H:%M}）"
            st.rerun()
        except store.StoreError as exc:
            st.error(f"保存失败：{safe.md(exc)}")


st.subheader("复核所选线索")
if "review_saved" in st.session_state:
    st.success(st.session_state.pop("review_saved"))
if not user.can_review:
    st.info(f"当前账号（{safe.md(user.describe())}）只能查看线索和复核结论，不能保存复核结论。")
elif selected.empty:
    st.info("在上表中勾选要复核的线索（可多选）。")
else:
    review_form()

st.subheader("复核底稿与复核意见")
st.caption("按单位出具：复核底稿（Excel）列出每个项目的指标复核和线索结论；复核意见（Word）只列入已确认的问题，"
           "误报和尚未复核的线索不列入。范围为左侧筛选的年度、类型和数据。")
unit_list = store.review_units(path, **f.args())
if unit_list.empty:
    st.info("当前筛选下没有注明实施单位的报告。")
else:
    unit_labels = {f"{u.implementing_unit}（{u.province}，{u.reports} 个项目，已确认 {u.confirmed}、误报 {u.false_positive}、"
                   f"待复核 {u.open}）": (u.province, u.implementing_unit) for u in unit_list.itertuples()}
    province, unit = unit_labels[st.selectbox("实施单位", list(unit_labels), key="export_unit")]
    deadline = downloads.deadline_input("export_deadline") if user.can_review else None
    downloads.unit_buttons(path, (province, f.city, f.year, f.kind, f.synthetic), unit, user, "queue_unit", deadline)
    downloads.province_button(path, f, user, deadline)
