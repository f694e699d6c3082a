"""城市对比: the cities (or counties) of a province side by side."""
import streamlit as st

from dashboard import charts, filters, store

REVIEW_SCOPE = {"complete": "完整", "partial": "部分（仅可见项目）"}

path, f = store.db_path(), filters.current()
level_name = "区县" if f.city else "城市"
table = store.region_table(path, **f.args())
stats = store.score_stats(path, **f.args())
points = store.report_points(path, **f.args())
peers, peer_year = store.peer_inflation(path, f.province, f.city, f.year, f.synthetic)

st.title("城市对比")
st.caption(f"{f.describe()} · 比较单位：{level_name}")
if f.province is None:
    st.info("提示：在左侧选择一个省份，可在省内比较各城市；选择城市后比较其区县。")
if table.empty:
    st.info("当前筛选下没有可比较的地区。")
    st.stop()

sort_by = st.selectbox("排序依据", ["报告数", "平均自评得分", "平均虚高", "加权执行率", "“优”占比", "线索（确定+疑似）"],
                       key="city_sort")
order = {"报告数": "report_count", "平均自评得分": "mean_self_score", "平均虚高": "mean_inflation",
         "加权执行率": "execution_rate_weighted", "“优”占比": "share_you"}
view = table.assign(flags_main=table["flags_certain"] + table["flags_suspected"])
view = view.sort_values(order.get(sort_by, "flags_main"), ascending=False, na_position="last")
view["link"] = [filters.url_for("cities", filters.Filters(r.province, r.region_name if not f.city else f.city,
                                                           f.year, f.kind, f.synthetic)) for r in view.itertuples()]
view["share_you"] *= 100
view["share_all_full_marks"] *= 100
cfg = {
    "region_name": st.column_config.TextColumn(level_name), "province": st.column_config.TextColumn("省份"),
    "report_count": st.column_config.NumberColumn("报告数"), "budget_total": st.column_config.NumberColumn("预算（万元）", format="%.1f"),
    "execution_rate_weighted": st.column_config.NumberColumn("加权执行率%", format="%.2f"),
    "mean_self_score": st.column_config.NumberColumn("平均自评", format="%.2f"),
    "mean_review_score": st.column_config.NumberColumn("平均复核", format="%.2f", help="只计指标表完整、可复核的报告"),
    "mean_inflation": st.column_config.NumberColumn("平均虚高", format="%.2f", help="多报分：各项自评高出规则得分之和，不与少报相抵"),
    "mean_under_claim": st.column_config.NumberColumn("平均少报", format="%.2f"),
    "share_you": st.column_config.NumberColumn("优%", format="%.1f"),
    "share_all_full_marks": st.column_config.NumberColumn("全满分%", format="%.1f"),
    "flags_certain": st.column_config.NumberColumn("确定"), "flags_suspected": st.column_config.NumberColumn("疑似"),
    "flags_note": st.column_config.NumberColumn("提示"),
    "link": st.column_config.LinkColumn("查看报告", display_text="报告 →"),
}
st.subheader(f"{level_name}汇总（点击表头可排序）")
st.dataframe(view, column_order=list(cfg), column_config=cfg, hide_index=True, width="stretch")

left, right = st.columns(2)
small = len(points) <= 600
left.plotly_chart(charts.score_strip(points) if small else charts.score_boxes(stats), width="stretch")
right.plotly_chart(charts.inflation_ranking(peers), width="stretch")
if peer_year:
    right.caption(f"同行区间：{peer_year}年度，与同省其他{level_name}比较（稳健 z 值 / Tukey 区间）；"
                  "报告太少的地区不计算区间，悬停可见原因。")
st.plotly_chart(charts.rate_vs_score(points), width="stretch")
if len(points) >= store.POINT_LIMIT:
    st.caption(f"报告较多，散点图按报告编号抽取 {store.POINT_LIMIT:,} 份显示。")

st.subheader("查看某地的报告")
region = st.selectbox(level_name, table["region_name"].tolist(), key="city_reports_region")
row = table[table["region_name"] == region].iloc[0]
reports = store.report_list(path, **{**f.args(), "province": row["province"], "city": f.city or region},
                            county=region if f.city else None, limit=500)
reports = reports.assign(link=[filters.url_for("project", f, report=r) for r in reports["report_id"]],
                         review_scope=reports["review_scope"].map(REVIEW_SCOPE).fillna("无法计算"))
st.dataframe(reports, hide_index=True, width="stretch",
             column_order=["link", "project_name", "implementing_unit", "county", "year", "self_score",
                           "review_score", "review_scope", "inflation", "under_claim", "grade", "flags_certain",
                           "flags_suspected"],
             column_config={"link": st.column_config.LinkColumn("详情", display_text="打开"),
                            "project_name": "项目", "implementing_unit": "实施单位", "county": "区县", "year": "年度",
                            "self_score": "自评", "review_score": st.column_config.NumberColumn("复核", format="%.2f"),
                            "review_scope": "复核范围",
                            "inflation": st.column_config.NumberColumn("虚高（多报）", format="%.2f"),
                            "under_claim": st.column_config.NumberColumn("少报", format="%.2f"), "grade": "等级",
                            "flags_certain": "确定", "flags_suspected": "疑似"})
