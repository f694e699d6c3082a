"""总览: headline figures, score distributions and grades by year."""
import pandas as pd
import streamlit as st

from dashboard import charts, filters, regions_map, store

path, f = store.db_path(), filters.current()
head = store.headline(path, **f.args())
bins = store.score_bins(path, **f.args())
grades = store.grades_by_year(path, **f.args())

st.title("总览")
st.caption(f.describe())
if f.synthetic and head["synthetic"]:
    st.warning(f"当前数据包含合成数据 {int(head['synthetic'])} 份（用于演示），统计结果不代表真实情况。"
               "可在左侧关闭“包含合成数据”。", icon=":material/science:")
if not head["reports"]:
    st.info("当前筛选下没有报告。")
    st.stop()


def money_label(v) -> str:
    """The budget metric's label with its unit: 亿元 once 万元 would no longer fit the metric."""
    return "预算总额（亿元）" if v == v and v is not None and abs(v) >= 1e5 else "预算总额（万元）"


def money(v, unit: bool = False) -> str:
    """Two decimals, in 亿元 from 10 亿 on (the unit written out only when asked)."""
    if v is None or v != v:
        return "—"
    if abs(v) >= 1e5:
        return f"{v / 1e4:,.2f}" + (" 亿元" if unit else "")
    return f"{v:,.2f}" + (" 万元" if unit else "")


def pct(x) -> str:
    return "—" if x is None or x != x else f"{100 * x:.1f}%"


c = st.columns(6)
c[0].metric("报告数", f"{int(head['reports']):,}")
c[1].metric("城市数", f"{int(head['cities']):,}")
doubtful = int(head["money_doubtful"])
left_out = f"；另有 {doubtful} 份报告金额存疑（元与万元混用或远超同省规模），未计入" if doubtful else ""
c[2].metric(money_label(head["budget_total"]), money(head["budget_total"]),
            delta=None if head["budget_median"] != head["budget_median"] else f"中位数 {money(head['budget_median'], unit=True)}",
            delta_color="off", help=f"{int(head['budget_n'])} 份报告全年预算数合计{left_out}")
c[3].metric("加权执行率", "—" if head["exec_rate"] != head["exec_rate"] else f"{head['exec_rate']:.2f}%",
            help=f"∑执行数 ÷ ∑预算数（按预算加权）{left_out}")
c[4].metric("“优”占比", pct(head["share_you"]), help=f"基数：{int(head['reports'])} 份报告中填报了等级的")
c[5].metric("指标全满分占比", pct(head["share_full"]), help="每个指标得分都等于分值的报告占比")

if doubtful:
    st.caption(f"金额合计与执行率未计入 {doubtful} 份金额存疑的报告（元与万元混用，或超过同省同年预算中位数的1000倍）。")

regions = store.map_regions(path, **f.args())
if not regions.empty:
    measure = st.radio("地图着色", list(store.MAP_MEASURES), format_func=store.MAP_MEASURES.get, horizontal=True,
                       key="map_measure")
    missing = [c for c in regions["adcode"] if regions_map.boundary(str(c)) is None]
    shown = regions[~regions["adcode"].isin(missing)]
    event = st.plotly_chart(charts.region_map(shown, measure, store.MAP_MEASURES[measure], f.period()),
                            width="stretch", on_select="rerun", selection_mode="points", key="region_map")
    st.caption(("各省" if not f.province else "各区县" if f.city else "各城市")
               + "：颜色深浅只表示数值高低；报告少的地区数值波动大，比较请看“城市对比”的漏斗图。"
               + (f"另有 {len(missing)} 个地区没有边界数据，未画出。" if missing else ""))
    points = (event or {}).get("selection", {}).get("points", [])
    if points and not f.city:           # a click on a province or city filters to it (next run, before the sidebar)
        code = points[0].get("customdata")
        code = code[0] if isinstance(code, list) else code
        name = shown.set_index("adcode")["name"].get(str(code))
        if name:
            st.session_state[filters.PENDING_CITY if f.province else filters.PENDING_PROVINCE] = name
            st.rerun()

left, right = st.columns([2, 1])
left.plotly_chart(charts.score_overlay(bins, f.period()), width="stretch")
right.plotly_chart(charts.flags_by_severity({"确定": int(head["flags_certain"]), "疑似": int(head["flags_suspected"]),
                                             "提示": int(head["flags_note"])}, f.period()), width="stretch")
st.plotly_chart(charts.grades_by_year(grades), width="stretch")
st.caption("复核得分按财预〔2020〕10号的评分规则由原始数据重新计算，只计指标表完整的报告（不完整的只给可见项目的部分复核得分）；"
           "“虚高”是各项自评得分高出规则得分的合计（多报分），不与少报的项目相抵。")
