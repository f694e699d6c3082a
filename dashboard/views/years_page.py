"""逐年对比: a province, a city or one unit year by year; one unit's projects across years side by side."""
import pandas as pd
import streamlit as st

from dashboard import charts, filters, safe, store

path, f = store.db_path(), filters.current()
st.title("逐年对比")
st.caption(f"{f.describe()} · 年度筛选在本页不起作用：各年并列显示。")

scope = st.radio("对比对象", ["当前筛选的地区", "一个实施单位"], horizontal=True, key="years_scope")
unit = None
if scope == "一个实施单位":
    search = st.text_input("搜索实施单位", key="years_search", placeholder="输入单位名称的一部分")
    choices = store.units(path, f.province, f.city, f.kind, f.synthetic, search)
    if choices.empty:
        st.info("当前筛选下没有匹配的实施单位。")
        st.stop()
    labels = {f"{u}（{n} 份报告，{y} 个年度）": u for u, n, y in choices.itertuples(index=False)}
    unit = labels[st.selectbox("实施单位", list(labels), key="years_unit")]

years = store.yearly(path, f.province, f.city, f.kind, f.synthetic, unit)
if years.empty:
    st.info("当前筛选下没有带年度的报告。")
    st.stop()
st.plotly_chart(charts.scores_by_year(years, f.year), width="stretch")
st.dataframe(years, hide_index=True, width="stretch", placeholder="—", column_config={
    "year": st.column_config.NumberColumn("年度", format="%d"), "reports": "报告数",
    "mean_self": st.column_config.NumberColumn("平均自评分（全部报告）", format="%.2f"),
    "reviewed": "可复核报告数",
    "mean_self_reviewed": st.column_config.NumberColumn("平均自评分（可复核报告）", format="%.2f"),
    "mean_review": st.column_config.NumberColumn("平均复核得分（同一批）", format="%.2f"),
    "mean_over_claim": st.column_config.NumberColumn("平均虚高（多报分）", format="%.2f"),
    "flags": "线索数", "reports_flagged": "有线索的报告数"})
st.caption("自评与复核的比较只用指标表完整、可复核的同一批报告；“报告数”与“可复核报告数”分列，均值都以其为基数。")

if unit:
    st.markdown(f"### {safe.md(unit)} 的项目（逐年并列）")
    projects = store.unit_projects(path, unit, f.synthetic, f.province, f.city)
    search = st.text_input("搜索项目名称", key="years_project_search", placeholder="输入项目名称的一部分")
    projects = projects[filters.matching(projects, search, ["project_name"])]
    if projects.empty:
        st.info("没有匹配的项目。")
        st.stop()
    grid = projects.pivot_table(index="project_name", columns="year", values="self_score", aggfunc="max")
    grid.columns = [f"{int(y)}年自评分" for y in grid.columns]
    repeated = projects[projects["same_as_last_year"]]
    st.dataframe(grid.reset_index().rename(columns={"project_name": "项目"}), hide_index=True, width="stretch",
                 placeholder="—")
    if not repeated.empty:
        st.warning(f"{len(repeated)} 份报告的叙述与本单位上一年几乎相同（C3）："
                   + "；".join(f"{int(r.year)}年 {safe.md(r.project_name)}" for r in repeated.itertuples()))
    st.dataframe(projects.assign(link=[f"project?report={r}" for r in projects["report_id"]]), hide_index=True,
                 width="stretch", placeholder="—", column_order=["year", "project_name", "self_score", "review_score", "inflation",
                                                "flags", "same_as_last_year", "link"],
                 column_config={"year": st.column_config.NumberColumn("年度", format="%d"), "project_name": "项目",
                                "self_score": "自评", "review_score": st.column_config.NumberColumn("复核", format="%.2f"),
                                "inflation": st.column_config.NumberColumn("虚高（多报分）", format="%.2f"),
                                "flags": "线索数", "same_as_last_year": "与上年雷同",
                                "link": st.column_config.LinkColumn("报告", display_text="打开")})
