"""Plotly figures for the dashboard: each takes a DataFrame and returns a Figure, nothing else."""
import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from dashboard import safe

GRADE_ORDER = ["优", "良", "中", "差"]
GRADE_COLORS = {"优": "#2e7d32", "良": "#9ccc65", "中": "#ffb300", "差": "#e53935"}
STATUS_COLORS = {"通过": "#66bb6a", "未通过": "#ef5350", "无法计算": "#bdbdbd"}
FONT = dict(family="Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif")


def _style(fig: go.Figure, height: int = 380) -> go.Figure:
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10), font=FONT,
                      legend=dict(orientation="h", y=-0.2))
    return fig


def empty(message: str = "当前筛选下没有数据") -> go.Figure:
    """A blank figure carrying a message."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, font=dict(size=16))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _style(fig, 240)


def score_overlay(bins: pd.DataFrame, period: str) -> go.Figure:
    """Self and review score distributions as two step lines over the same reports (columns score_kind, bin,
    n, n_reports): step lines do not hide each other the way overlaid bars do."""
    if bins.empty:
        return empty("没有指标表完整、可复核的报告")
    fig = go.Figure()
    low = max(int(bins["bin"].min()) - 1, 0)
    # the review line dashed: where both distributions coincide, neither hides the other
    for kind, color, dash in (("自评得分", "#1e88e5", "solid"), ("复核得分", "#e65100", "dash")):
        part = bins[bins["score_kind"] == kind].set_index("bin")["n"].reindex(range(low, 101), fill_value=0)
        fig.add_scatter(x=part.index, y=part.values, name=kind, mode="lines",
                        line=dict(shape="hvh", color=color, width=2, dash=dash))
    fig.update_layout(title=f"自评得分与复核得分分布（{period}，同一批 {int(bins['n_reports'].iloc[0]):,} 份可复核的报告）",
                      xaxis_title="得分（1分一档）", yaxis_title="报告数", legend=dict(orientation="h", y=1.02, x=1,
                                                                              xanchor="right", yanchor="bottom"))
    return _style(fig)


def grades_by_year(df: pd.DataFrame) -> go.Figure:
    """Stacked bars of stated grades per year (columns year, grade, n)."""
    if df.empty:
        return empty()
    fig = px.bar(df, x="year", y="n", color="grade", category_orders={"grade": GRADE_ORDER},
                 color_discrete_map=GRADE_COLORS, labels={"year": "年度", "n": "报告数", "grade": "自评等级"},
                 title="各年度自评等级")
    fig.update_xaxes(type="category")
    return _style(fig)


def flags_by_severity(counts: dict, period: str) -> go.Figure:
    """Bars of flag counts by severity (keys 确定, 疑似, 提示)."""
    df = pd.DataFrame({"severity": list(counts), "n": list(counts.values())})
    fig = px.bar(df, x="severity", y="n", color="severity", text="n",
                 color_discrete_map={"确定": "#e53935", "疑似": "#fb8c00", "提示": "#78909c"},
                 labels={"severity": "严重程度", "n": "线索数"}, title=f"异常线索（按严重程度，{period}）")
    fig.update_layout(showlegend=False)
    return _style(fig, 300)


def inert(points: pd.DataFrame, columns=("project_name", "implementing_unit")) -> pd.DataFrame:
    """Names from the documents escaped: plotly's hover labels read <a>, <b> and other tags."""
    return points.assign(**{c: points[c].map(lambda v: safe.h(v, "—")) for c in columns if c in points})


HIGHLIGHT, OTHERS = "#d84315", "#90a4ae"     # the chosen region, and every other one (named on hover)


def two_decimals(v) -> str:
    """A score or an amount as read: two decimals, a blank as —."""
    return "—" if v is None or pd.isna(v) else f"{v:.2f}"


def rate_vs_score(points: pd.DataFrame, period: str, highlight: str | None = None) -> go.Figure:
    """Execution rate against self score, one point per report: every region in one grey, the chosen region in
    colour on top, each point's region and report named on hover (no legend of dozens of colours)."""
    if points.empty:
        return empty()
    points = inert(points, ("project_name", "implementing_unit", "region"))
    chosen = points["region"] == safe.h(highlight, "—") if highlight else pd.Series(False, index=points.index)
    fig = go.Figure()
    for part, name, color, size in ((points[~chosen], "其他地区（悬停可见名称）", OTHERS, 5),
                                    (points[chosen], safe.h(highlight, "—"), HIGHLIGHT, 8)):
        if part.empty:
            continue
        custom = pd.DataFrame({"region": part["region"], "unit": part["implementing_unit"],
                               "year": part["year"].map(lambda y: "—" if pd.isna(y) else f"{int(y)}"),
                               "review": part["review_score"].map(two_decimals),
                               "inflation": part["inflation"].map(two_decimals), "id": part["report_id"]})
        fig.add_trace(go.Scattergl(
            x=part["execution_rate"], y=part["self_score"], mode="markers", name=name, text=part["project_name"],
            marker=dict(color=color, size=size, opacity=0.85 if color == HIGHLIGHT else 0.5),
            customdata=custom.values,
            hovertemplate="<b>%{text}</b><br>地区 %{customdata[0]}<br>实施单位 %{customdata[1]}<br>年度 %{customdata[2]}"
                          "<br>执行率 %{x:.2f}%<br>自评 %{y}<br>复核 %{customdata[3]}<br>虚高 %{customdata[4]}"
                          "<br>报告编号 %{customdata[5]}<extra></extra>"))
    fig.update_layout(title=f"执行率与自评得分（{period}，每点一份报告" + (f"，突出显示{safe.h(highlight)}" if highlight else "")
                      + "）", xaxis_title="预算执行率（%）", yaxis_title="自评得分",
                      legend=dict(orientation="h", y=1.02, x=1, xanchor="right", yanchor="bottom"))
    return _style(fig, 460)


FUNNEL_VERDICT_COLORS = {"above_998": "#e53935", "above_998_fdr": "#fb8c00", "above_998_exact": "#fb8c00",
                         "above_95": "#fdd835",
                         "within": "#1e88e5", "below_95": "#1e88e5", "below_998": "#8e24aa"}


def funnel_lines(df: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Limit lines for the whole province over the units' sizes: the pooled target, binomial (arcsine) limits
    for shares or σ/√n for means, widened by τ² when the group is overdispersed (as ingest.funnel computes them
    per unit, there against the province without that unit)."""
    ok = df[df["status"] == "ok"]
    if ok.empty:
        return pd.DataFrame()
    # D2's targets come from the province's smooth histogram, the same for every unit; the others pool the units
    fixed = ok["target"].nunique() == 1 and measure in ("bunch_ratio", "bunch_share")
    p0 = float(ok["target"].iloc[0]) if fixed else df["numerator"].sum() / df["denominator"].sum()
    tau2 = float(ok["tau2"].iloc[0]) if bool(ok["overdispersed"].iloc[0]) else 0.0
    n = np.unique(np.round(np.geomspace(max(ok["denominator"].min() * 0.8, 2), ok["denominator"].max() * 1.15, 80)))
    out = {"n": n, "target": np.full(len(n), p0)}
    for name, z in (("lo95", -1.959964), ("hi95", 1.959964), ("lo998", -3.090232), ("hi998", 3.090232)):
        if measure in ("mean_self", "mean_inflation"):
            sd = float(ok["sd"].median())
            out[name] = p0 + z * np.sqrt(sd ** 2 / n + tau2)
        else:
            out[name] = np.sin(np.clip(np.arcsin(np.sqrt(p0)) + z * np.sqrt(1 / (4 * n) + tau2), 0, np.pi / 2)) ** 2
    return pd.DataFrame(out)


def funnel_plot(df: pd.DataFrame, measure: str, highlight: str | None = None) -> go.Figure:
    """One measure's funnel: each unit's value against its number of reports, the province's limits, units
    outside marked and named (columns of peer_funnel_points for one province, year, level and measure); the
    chosen unit ringed, and with a city chosen (column in_city) the counties of other cities faded."""
    df = df[df["measure"] == measure]
    pts = df[(df["status"] == "ok") & df["value"].notna()].copy()
    if pts.empty:
        return empty("该指标下没有达到最低报告数、可以比较的地区")
    scale, unit = float(pts["scale"].iloc[0]), str(pts["unit"].iloc[0])
    fig = go.Figure()
    lines = funnel_lines(df, measure)
    for name, label, dash, color in (("hi998", "99.8%控制限", "solid", "#c62828"), ("lo998", None, "solid", "#c62828"),
                                     ("hi95", "95%控制限", "dash", "#f9a825"), ("lo95", None, "dash", "#f9a825"),
                                     ("target", "全省水平", "dot", "#546e7a")):
        fig.add_scatter(x=lines["n"], y=lines[name] * scale, mode="lines", name=label or name,
                        showlegend=label is not None, hoverinfo="skip", line=dict(dash=dash, color=color, width=1.5))
    outside = pts["verdict"].isin(["above_998", "above_998_fdr", "above_998_exact", "below_998"])
    pts["name_h"] = pts["region_name"].map(lambda v: safe.h(v, "—"))
    pts["verdict_h"] = pts["verdict_zh"].map(lambda v: safe.h(v, "—"))
    pts["q_text"] = pts["q_value"].map(lambda q: "—" if pd.isna(q) else ("<0.001" if q < 0.001 else f"{q:.3f}"))
    custom = pd.DataFrame({
        "name": pts["name_h"], "target": (pts["target"] * scale).round(2), "lo": (pts["adj_lo998"] * scale).round(2),
        "hi": (pts["adj_hi998"] * scale).round(2), "verdict": pts["verdict_h"], "q": pts["q_text"],
        "num": pts["numerator"].round(2), "region": pts["region_name"]})
    fig.add_scatter(
        x=pts["denominator"], y=pts["value"] * scale, mode="markers+text",
        text=[n if o else "" for n, o in zip(pts["name_h"], outside)], textposition="top center",
        marker=dict(size=[13 if o else 9 for o in outside], line=dict(width=1, color="#263238"),
                    color=[FUNNEL_VERDICT_COLORS.get(v, "#1e88e5") for v in pts["verdict"]],
                    symbol=["diamond" if o else "circle" for o in outside],
                    opacity=pts["in_city"].map({True: 1.0, False: 0.3}).tolist() if "in_city" in pts else 1.0),
        name="地区", customdata=custom.values,
        hovertemplate="<b>%{customdata[0]}</b><br>报告 %{x} 份<br>数值 %{y:.2f}" + unit
                      + "<br>同省其他地区 %{customdata[1]}" + unit + "<br>99.8%控制限 %{customdata[2]}～%{customdata[3]}"
                      + unit + "<br>%{customdata[4]}<br>校正后 q＝%{customdata[5]}<extra></extra>")
    chosen = pts[pts["region_name"] == highlight]
    if len(chosen):
        fig.add_scatter(x=chosen["denominator"], y=chosen["value"] * scale, mode="markers", hoverinfo="skip",
                        name=f"所选：{safe.h(highlight)}", marker=dict(size=22, color="rgba(0,0,0,0)",
                                                                    line=dict(width=3, color=HIGHLIGHT)))
    fig.update_layout(title=f"{pts['measure_zh'].iloc[0]}：漏斗图（{int(pts['year'].iloc[0])}年度）",
                      xaxis_title="报告数（份）", yaxis_title=f"{pts['measure_zh'].iloc[0]}（{unit}）",
                      clickmode="event+select")
    return _style(fig, 440)


def slope_intervals(df: pd.DataFrame, delta: float, highlight: str | None = None) -> go.Figure:
    """D3: each unit's shrunken slope of self score on execution rate with its 95% interval, and the ±delta
    band of "near zero" (sorted by the shrunken estimate, never by the raw one); the chosen unit in colour and
    named in bold, with a city chosen (column in_city) only its counties."""
    pts = df[(df["measure"] == "self_rate_slope") & (df["status"] == "ok")].sort_values("value")
    if "in_city" in pts:
        pts = pts[pts["in_city"]]
    if pts.empty:
        return empty("没有执行率有足够变化、可以估计斜率的地区")
    names = pts["region_name"].map(lambda v: f"<b>{safe.h(v)}</b>" if v == highlight else safe.h(v, "—"))
    fig = go.Figure()
    fig.add_vrect(x0=-delta, x1=delta, fillcolor="rgba(229,57,53,0.12)", line_width=0,
                  annotation_text=f"±{delta:g}：视为不随执行率变化", annotation_position="top left")
    fig.add_scatter(
        x=pts["value"], y=names, mode="markers", name="收缩后的斜率（95%区间）",
        marker=dict(size=[14 if r == highlight else 10 for r in pts["region_name"]],
                    color=["#e53935" if f else "#1e88e5" for f in pts["is_flag"]],
                    line=dict(width=[3 if r == highlight else 0 for r in pts["region_name"]], color=HIGHLIGHT)),
        error_x=dict(type="data", symmetric=False, array=pts["interval_high"] - pts["value"],
                     arrayminus=pts["value"] - pts["interval_low"]),
        customdata=pd.DataFrame({"n": pts["denominator"], "raw": pts["raw_value"].round(3)}).values,
        hovertemplate="%{y}<br>收缩斜率 %{x:.3f} 分/百分点<br>单独估计 %{customdata[1]}<br>报告 %{customdata[0]} 份<extra></extra>")
    fig.update_layout(title=f"自评分随执行率的斜率（{int(pts['year'].iloc[0])}年度，向全省收缩，含95%区间）",
                      xaxis_title="执行率每升1个百分点，自评分变化（分）",
                      yaxis_title=None)
    return _style(fig, max(300, 26 * len(pts) + 140))


def rule_outcomes(summary: pd.DataFrame, scope: str) -> go.Figure:
    """Stacked pass / fail / not-computable counts per rule (columns rule_id, n_pass, n_fail, n_not_computable)."""
    if summary.empty:
        return empty()
    long = summary.melt(id_vars="rule_id", value_vars=["n_pass", "n_fail", "n_not_computable"],
                        var_name="outcome", value_name="n")
    long["outcome"] = long["outcome"].map({"n_pass": "通过", "n_fail": "未通过", "n_not_computable": "无法计算"})
    fig = px.bar(long, x="rule_id", y="n", color="outcome", color_discrete_map=STATUS_COLORS,
                 labels={"rule_id": "规则", "n": "报告数", "outcome": "结果"}, title=f"各规则的通过、未通过与无法计算（{scope}）")
    return _style(fig, 380)


def scores_by_year(years: pd.DataFrame, chosen: int | None = None) -> go.Figure:
    """Mean self and review scores of the same reviewable reports by year, with the base in the hover; the year
    chosen in the filters shaded."""
    fig = go.Figure()
    x = years["year"].astype(int).astype(str)
    if chosen is not None and str(chosen) in set(x):
        fig.add_vrect(x0=list(x).index(str(chosen)) - 0.5, x1=list(x).index(str(chosen)) + 0.5, line_width=0,
                      fillcolor="rgba(255,193,7,0.18)", annotation_text=f"所选 {chosen}年", annotation_position="top left")
    for col, name, color in (("mean_self_reviewed", "平均自评分", "#1e88e5"), ("mean_review", "平均复核得分", "#e65100")):
        fig.add_scatter(x=x, y=years[col], name=name, mode="lines+markers", line=dict(color=color),
                        customdata=years[["reviewed"]].values,
                        hovertemplate=f"%{{x}}年 {name} %{{y:.2f}}（%{{customdata[0]}} 份可复核报告）<extra></extra>")
    fig.add_bar(x=x, y=years["mean_over_claim"], name="平均虚高（多报分）", marker_color="#c62828", opacity=0.5, yaxis="y2",
                hovertemplate="%{x}年 平均虚高 %{y:.2f} 分<extra></extra>")
    fig.update_layout(title="各年度自评分、复核得分与虚高（同一批可复核的报告）", xaxis_title="年度",
                      xaxis=dict(type="category"), yaxis=dict(title="得分"),
                      yaxis2=dict(title="虚高（分）", overlaying="y", side="right", showgrid=False, rangemode="tozero",
                                  tickformat=".2f"),
                      legend=dict(orientation="h", y=1.02, x=1, xanchor="right", yanchor="bottom"))
    return _style(fig, 400)


def region_map(regions: pd.DataFrame, measure: str, label: str, period: str) -> go.Figure:
    """Provinces, cities or counties coloured by a measure, each a filled outline on equal-scaled axes (works
    offline); hover gives the value and its base, a click selects the region (customdata holds its code)."""
    from plotly.colors import sample_colorscale

    from dashboard import regions_map

    shares = measure.startswith("share")
    values = regions[measure] * (100 if shares else 1)
    low, high = float(values.min()), float(values.max())
    unit = "%" if shares else "分"
    fig = go.Figure()
    for (_, r), v in zip(regions.iterrows(), values):
        share = 0.5 if high == low or v != v else (v - low) / (high - low)
        color = "#e0e0e0" if v != v else sample_colorscale("OrRd", [share])[0]
        text = (f"<b>{safe.h(r['name'])}</b><br>{label} {'—' if v != v else f'{v:.2f}{unit}'}"
                f"<br>报告 {int(r['reports'])} 份（可复核 {int(r['reviewed'])} 份）")
        xs, ys = regions_map.outline(str(r["adcode"]))
        fig.add_scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=color, line=dict(color="white", width=0.8),
                        hoveron="fills", text=text, hoverinfo="text", customdata=np.full(len(xs), str(r["adcode"])),
                        showlegend=False)
    if low == low:
        fig.add_scatter(x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip",
                        marker=dict(colorscale="OrRd", cmin=low, cmax=high, color=[low], showscale=True,
                                    colorbar=dict(title=unit)))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1.15)   # about the latitude's stretch in China
    fig.update_layout(title=f"{label}（{period}，点击地区可筛选）", dragmode=False, plot_bgcolor="white")
    return _style(fig, 460)
