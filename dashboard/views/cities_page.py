"""城市对比: the cities (or counties) of a province side by side."""
import streamlit as st

from dashboard import charts, filters, store

REVIEW_SCOPE = {"complete": "完整", "partial": "部分（仅可见项目）"}
REPORT_LIMIT = 500         # reports listed for one region (the search narrows them)
MEASURES = {"mean_self": "平均自评分（按执行率调整）", "share_100": "100分占比", "all_full_share": "指标全满分占比",
            "mean_inflation": "平均虚高", "flagged_share": "有线索报告占比", "bunch_ratio": "刚过90分占[88,92)比",
            "bunch_share": "刚过90分占全部比"}
FUNNEL_HELP = """**如何读漏斗图**：每个点是一个地区，横轴是它的报告数，纵轴是它的数值。中间虚线是全省水平，
两侧的线是控制限：报告越少，随机波动越大，控制限越宽，所以呈漏斗形。落在95%控制限（黄色虚线）内属于正常波动；
在95%与99.8%之间只作提示；超出99.8%控制限（红线）、经多重比较校正仍显著、报告少时还经精确检验确认的地区，才列为线索（D1、D2），并用菱形标出名称。
平均自评分按全省平均执行率调整后比较：按评分规则，执行率低的地区本应得分较低，不因此被误判。
每个地区实际是与“全省去掉它自己”比较，悬停可见其数值、同省其他地区水平和控制限。报告数不足的地区只列份数，不计算比率。
点击某个点，可在上方列出该地区的报告。"""

path, f = store.db_path(), filters.current()
level_name = "区县" if f.city else "城市"
table = store.region_table(path, **f.args())
points = store.report_points(path, **f.args())
funnel, funnel_year = store.funnel_points(path, **f.args())

st.title("城市对比")
st.caption(f"{f.describe()} · 比较单位：{level_name}")
if f.province is None:
    st.info("提示：在左侧选择一个省份，可在省内比较各城市；选择城市后比较其区县。")
if table.empty:
    st.info("当前筛选下没有可比较的地区。")
    st.stop()

# a list of regions with their counts, in name order: comparisons of rates live in the funnel plots below
view = table[filters.matching(table, st.session_state.get("city_search", ""), ["region_name"])].reset_index(drop=True)


def pick(source: str, name: str | None) -> None:
    """A click in the table or on a funnel lists that region's reports (once per click: the selection stays)."""
    if name and st.session_state.get(f"_picked_{source}") != name and name in set(table["region_name"]):
        st.session_state["city_reports_region"] = name
    st.session_state[f"_picked_{source}"] = name


# before the region picker is drawn, the clicks of the last run choose its value
ticked = (st.session_state.get("city_table") or {}).get("selection", {}).get("rows", [])
pick("table", view["region_name"].iloc[ticked[0]] if ticked and ticked[0] < len(view) else None)
for measure in MEASURES:
    clicked = (st.session_state.get(f"funnel_{measure}") or {}).get("selection", {}).get("points", [])
    pick(measure, next((p["customdata"][7] for p in clicked if len(p.get("customdata") or []) > 7), None))

st.subheader(f"{level_name}汇总（按名称排列；各地高低请看下方漏斗图）")
st.text_input(f"搜索{level_name}", key="city_search", placeholder=f"输入{level_name}名称的一部分")
cfg = {
    "region_name": st.column_config.TextColumn(level_name), "province": st.column_config.TextColumn("省份"),
    "report_count": st.column_config.NumberColumn("报告数"),
    "budget_total": st.column_config.NumberColumn("全年预算（万元）", format="%,.2f",
                                                  help="不含金额存疑（元与万元混用或远超同省规模）的报告"),
    "money_doubtful": st.column_config.NumberColumn("金额存疑未计入（份）"),
    "execution_rate_weighted": st.column_config.NumberColumn("加权执行率（%）", format="%.2f"),
    "flags_certain": st.column_config.NumberColumn("确定"), "flags_suspected": st.column_config.NumberColumn("疑似"),
    "flags_note": st.column_config.NumberColumn("提示"),
}
if not f.city:       # a city opens its own county comparison
    view["link"] = [filters.url_for("cities", filters.Filters(r.province, r.region_name, f.year, f.kind, f.synthetic))
                    for r in view.itertuples()]
    cfg["link"] = st.column_config.LinkColumn("区县对比", display_text="各区县 →")
st.dataframe(view, column_order=list(cfg), column_config=cfg, hide_index=True, width="stretch", placeholder="—",
             key="city_table", on_select="rerun", selection_mode="single-row")
st.caption(f"点选一行（表格左侧的方框），该{level_name}的报告即列在下方；点击漏斗图上的点也一样。")

st.subheader("查看某地的报告")
names = table["region_name"].tolist()
if st.session_state.get("city_reports_region") not in names:
    st.session_state["city_reports_region"] = names[0]
region = st.selectbox(level_name, names, key="city_reports_region")
search = st.text_input("搜索项目或单位名称", key="city_report_search", placeholder="输入项目名称或实施单位的一部分")
row = table[table["region_name"] == region].iloc[0]
reports = store.report_list(path, **{**f.args(), "province": row["province"], "city": f.city or region},
                            county=region if f.city else None, limit=REPORT_LIMIT, search=search)
reports = reports.assign(link=[filters.url_for("project", f, report=r) for r in reports["report_id"]],
                         review_scope=reports["review_scope"].map(REVIEW_SCOPE).fillna("无法计算"))
shown = (f"匹配“{search.strip()}”的 {len(reports):,} 份" if search.strip() else f"共 {int(row['report_count']):,} 份")
st.caption(f"{region}：{shown}报告，线索多的在前" + ("；只列前 500 份，可用搜索缩小范围" if len(reports) >= REPORT_LIMIT else ""))
st.dataframe(reports, hide_index=True, width="stretch", placeholder="—",
             column_order=["link", "project_name", "implementing_unit", "county", "year", "self_score",
                           "review_score", "review_scope", "inflation", "under_claim", "grade", "flags_certain",
                           "flags_suspected"],
             column_config={"link": st.column_config.LinkColumn("详情", display_text="打开"),
                            "project_name": "项目", "implementing_unit": "实施单位", "county": "区县",
                            "year": st.column_config.NumberColumn("年度", format="%d"), "self_score": "自评",
                            "review_score": st.column_config.NumberColumn("复核", format="%.2f"),
                            "review_scope": "复核范围",
                            "inflation": st.column_config.NumberColumn("虚高（多报）", format="%.2f"),
                            "under_claim": st.column_config.NumberColumn("少报", format="%.2f"), "grade": "等级",
                            "flags_certain": "确定", "flags_suspected": "疑似"})

st.subheader("漏斗图：与同省其他地区比较")
st.markdown(FUNNEL_HELP)
if f.province is None:
    st.info("漏斗图按省比较：请在左侧选择一个省份。")
elif funnel.empty:
    st.info("该省当前没有可比较的地区数据。")
else:
    st.caption(f"{f.province} · {funnel_year}年度{'' if f.year else '（最近一年；可在左侧选择年度）'} · "
               f"{'各区县（与全省区县比较，' + f.city + '的区县突出显示）' if f.city else '各城市'}"
               + ("" if f.kind is None and f.synthetic else " · 按当前筛选的报告计算；D1–D3线索按该省该年全部报告计算，可能不同"))
    tabs = st.tabs([MEASURES[m] for m in MEASURES])
    for tab, measure in zip(tabs, MEASURES):
        with tab:
            rows = funnel[funnel["measure"] == measure]
            st.plotly_chart(charts.funnel_plot(funnel, measure, region), width="stretch", key=f"funnel_{measure}",
                            on_select="rerun", selection_mode="points")
            ok = rows[rows["status"] == "ok"]
            if len(ok) and bool(ok["overdispersed"].iloc[0]):
                st.caption(f"各地区差异大于随机波动（过度离散系数 φ＝{ok['phi'].iloc[0]:.2f}），控制限已加入地区间方差 "
                           f"τ²＝{ok['tau2'].iloc[0]:.4g} 放宽。")
            elif len(ok):
                st.caption(f"过度离散检验未见显著差异（φ＝{ok['phi'].iloc[0]:.2f}），控制限按随机波动计算。")
            out = rows[rows["verdict"].isin(["above_998", "above_998_fdr", "above_998_exact", "above_95", "below_998"])]
            if len(out):
                st.dataframe(out.assign(value=out["value"] * out["scale"], target=out["target"] * out["scale"],
                                        adj_hi998=out["adj_hi998"] * out["scale"]),
                             hide_index=True, width="stretch", placeholder="—",
                             column_order=["region_name", "denominator", "value", "target", "adj_hi998", "verdict_zh"],
                             column_config={"region_name": level_name, "denominator": "报告数",
                                            "value": st.column_config.NumberColumn("数值", format="%.2f"),
                                            "target": st.column_config.NumberColumn("同省其他地区", format="%.2f"),
                                            "adj_hi998": st.column_config.NumberColumn("99.8%上限", format="%.2f"),
                                            "verdict_zh": "结论"})
            small = rows[rows["status"] != "ok"]
            if len(small):
                with st.expander(f"未进入漏斗图的{level_name}（{len(small)}个）：只列份数，不计算比率"):
                    st.dataframe(small.assign(numerator=small["numerator"].round(2)), hide_index=True, width="stretch",
                                 placeholder="—",
                                 column_order=["region_name", "numerator", "denominator", "status_reason"],
                                 column_config={"region_name": level_name, "numerator": "符合该指标的份数/分数合计",
                                                "denominator": "报告数", "status_reason": "原因"})
    with st.expander("自评分是否随执行率变化（D3：向全省收缩的斜率及其95%区间）"):
        delta = store.setting_value(path, "d3_max_slope")
        st.plotly_chart(charts.slope_intervals(funnel, delta, region), width="stretch", key="funnel_slopes")
        st.caption("按收缩后的估计排列并给出区间；区间整体落在红色带内的地区，自评分几乎不随执行率变化。"
                   "报告少或执行率变化小的地区区间宽，不据此下结论。")

st.subheader("每份报告的执行率与自评得分")
st.plotly_chart(charts.rate_vs_score(points, f.period(), region), width="stretch")
st.caption(f"{region}的报告突出显示，其他地区为灰色（悬停可见地区和项目名称）。"
           + (f"报告较多，按报告编号抽取 {store.POINT_LIMIT:,} 份显示。" if len(points) >= store.POINT_LIMIT else ""))
