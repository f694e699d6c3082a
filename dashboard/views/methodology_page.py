"""规则说明: every rule with definition, basis, thresholds and its outcomes."""
import streamlit as st

from dashboard import charts, filters, store

path, f = store.db_path(), filters.current()
summary = store.rule_summary(path, **f.args())

st.title("规则说明")
st.info("每条线索都是提请人工复核的信号，不是结论：规则只检查报告中的数字和文字是否自洽、"
        "是否符合评分办法，最终判断需要复核人员结合原件和实际情况作出。", icon=":material/info:")
st.markdown("评分依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）——预算执行率 10 分、产出 50 分、效益 30 分、"
            "满意度 10 分；等级：优 ≥ 90，良 80–90，中 60–80，差 < 60。各地做法可能不同，"
            "下列每条规则注明了现行阈值，由系统管理员按本省办法设定。")
st.caption(f"统计范围：{f.describe()}（随左侧筛选变化）。")

st.plotly_chart(charts.rule_outcomes(summary, f.describe()), width="stretch")
severity = st.radio("严重程度", ["全部", "确定", "疑似", "提示"], horizontal=True, key="method_severity")
shown = summary if severity == "全部" else summary[summary["severity"] == severity]
for r in shown.itertuples():
    total = r.n_pass + r.n_fail + r.n_not_computable
    with st.expander(f"{r.rule_id} {r.title}（{r.severity}）— 未通过 {r.n_fail} / 共 {total}"):
        st.markdown(f"**定义**：{r.definition}")
        st.markdown(f"**依据**：{r.basis or '—'}")
        st.markdown(f"**对被评单位的要求**：{r.request or '—'}")
        st.markdown(f"**现行阈值**：{r.thresholds or '无'}")
        st.markdown(f"**结果**：通过 {r.n_pass}，未通过 {r.n_fail}，无法计算 {r.n_not_computable}"
                    + (f"（最常见原因：{r.top_not_computable_reason}）" if r.top_not_computable_reason else ""))
st.dataframe(shown, hide_index=True, width="stretch", placeholder="—",
             column_config={"rule_id": "规则", "severity": "严重程度", "title": "名称", "definition": "定义",
                            "basis": "依据", "request": "要求", "thresholds": "阈值", "n_pass": "通过", "n_fail": "未通过",
                            "n_not_computable": "无法计算", "top_not_computable_reason": "无法计算的主要原因"})
