"""Plotly figures for the dashboard: each takes a DataFrame and returns a Figure, nothing else."""
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


def score_overlay(bins: pd.DataFrame) -> go.Figure:
    """Self score and review score histograms overlaid (columns score_kind, bin, n)."""
    if bins.empty:
        return empty()
    fig = go.Figure()
    for kind, color in (("自评得分", "#1e88e5"), ("复核得分", "#fb8c00")):
        part = bins[bins["score_kind"] == kind]
        fig.add_bar(x=part["bin"], y=part["n"], name=kind, marker_color=color, opacity=0.6)
    fig.update_layout(barmode="overlay", title="自评得分与复核得分分布", xaxis_title="得分（1分一档）",
                      yaxis_title="报告数")
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


def flags_by_severity(counts: dict) -> go.Figure:
    """Bars of flag counts by severity (keys 确定, 疑似, 提示)."""
    df = pd.DataFrame({"severity": list(counts), "n": list(counts.values())})
    fig = px.bar(df, x="severity", y="n", color="severity", text="n",
                 color_discrete_map={"确定": "#e53935", "疑似": "#fb8c00", "提示": "#78909c"},
                 labels={"severity": "严重程度", "n": "线索数"}, title="异常线索（按严重程度）")
    fig.update_layout(showlegend=False)
    return _style(fig, 300)


def score_boxes(stats: pd.DataFrame) -> go.Figure:
    """Self score box per region from precomputed quartiles (columns region, n, lo, q1, med, q3, hi, mean)."""
    if stats.empty:
        return empty()
    fig = go.Figure(go.Box(x=stats["region"], q1=stats["q1"], median=stats["med"], q3=stats["q3"],
                           lowerfence=stats["lo"], upperfence=stats["hi"], mean=stats["mean"],
                           name="自评得分", marker_color="#1e88e5", boxpoints=False))
    fig.update_layout(title="各地自评得分分布（箱线图）", yaxis_title="自评得分", xaxis_title=None, showlegend=False)
    return _style(fig, 420)


def inert(points: pd.DataFrame, columns=("project_name", "implementing_unit")) -> pd.DataFrame:
    """Names from the documents escaped: plotly's hover labels read <a>, <b> and other tags."""
    return points.assign(**{c: points[c].map(lambda v: safe.h(v, "—")) for c in columns if c in points})


def score_strip(points: pd.DataFrame) -> go.Figure:
    """Self score of every report as a strip per region (columns region, self_score, project_name)."""
    if points.empty:
        return empty()
    points = inert(points)
    fig = px.strip(points, x="region", y="self_score", color="region", hover_data=["project_name", "implementing_unit"],
                   labels={"region": "地区", "self_score": "自评得分", "project_name": "项目",
                           "implementing_unit": "实施单位"}, title="各地自评得分（每点一份报告）")
    fig.update_layout(showlegend=False)
    return _style(fig, 420)


MANY_REGIONS = 20  # above this, one WebGL trace coloured by region code instead of one trace per region


def rate_vs_score(points: pd.DataFrame) -> go.Figure:
    """Execution rate against self score, one point per report coloured by region, with hover details."""
    if points.empty:
        return empty()
    points = inert(points)
    if points["region"].nunique() > MANY_REGIONS:
        return _rate_vs_score_many(points)
    fig = px.scatter(points, x="execution_rate", y="self_score", color="region",
                     hover_name="project_name",
                     hover_data={"implementing_unit": True, "year": True, "review_score": ":.1f",
                                 "inflation": ":.1f", "report_id": True, "region": False},
                     labels={"execution_rate": "预算执行率（%）", "self_score": "自评得分", "region": "地区",
                             "implementing_unit": "实施单位", "year": "年度", "review_score": "复核得分",
                             "inflation": "虚高（多报分）", "report_id": "报告编号"},
                     title="执行率与自评得分（每点一份报告）", render_mode="webgl")
    return _style(fig, 460)


def _rate_vs_score_many(points: pd.DataFrame) -> go.Figure:
    """The scatter for many regions: a single trace, colour by region code, region named on hover."""
    codes = points["region"].astype("category").cat.codes
    custom = points[["region", "implementing_unit", "year", "review_score", "inflation", "report_id"]].astype("string")
    fig = go.Figure(go.Scattergl(
        x=points["execution_rate"], y=points["self_score"], mode="markers", text=points["project_name"],
        marker=dict(color=codes, colorscale="Turbo", size=6, opacity=0.7), customdata=custom.fillna("—").values,
        hovertemplate="<b>%{text}</b><br>地区 %{customdata[0]}<br>实施单位 %{customdata[1]}<br>年度 %{customdata[2]}"
                      "<br>执行率 %{x:.2f}%<br>自评 %{y}<br>复核 %{customdata[3]}<br>虚高 %{customdata[4]}"
                      "<br>报告编号 %{customdata[5]}<extra></extra>"))
    fig.update_layout(title=f"执行率与自评得分（每点一份报告，{points['region'].nunique()} 个地区按颜色区分）",
                      xaxis_title="预算执行率（%）", yaxis_title="自评得分")
    return _style(fig, 460)


def inflation_ranking(peers: pd.DataFrame) -> go.Figure:
    """Regions ranked by mean over-claim (虚高) with the provincial peer band (columns of peer_bands)."""
    df = peers.dropna(subset=["value"]).sort_values("value")
    if df.empty:
        return empty("当前筛选下没有可比较的虚高数据")
    fig = go.Figure()
    banded = df.dropna(subset=["band_low", "band_high"])
    if not banded.empty:
        fig.add_bar(y=banded["region_name"], x=banded["band_high"] - banded["band_low"], base=banded["band_low"],
                    orientation="h", name="同省同行区间", marker_color="rgba(120,144,156,0.3)")
    colors = ["#e53935" if o else "#1e88e5" for o in df["is_outlier"].fillna(False)]
    fig.add_scatter(y=df["region_name"], x=df["value"], mode="markers", name="平均虚高（多报分）",
                    marker=dict(size=11, color=colors),
                    customdata=df[["n_reports", "status_reason"]].fillna("").values,
                    hovertemplate="%{y}<br>平均虚高 %{x:.2f} 分<br>报告 %{customdata[0]} 份<br>%{customdata[1]}<extra></extra>")
    fig.update_layout(title="各地虚高排名与同行区间", xaxis_title="平均虚高（分）", yaxis_title=None,
                      barmode="overlay")
    return _style(fig, max(300, 28 * len(df) + 120))


def rule_outcomes(summary: pd.DataFrame) -> go.Figure:
    """Stacked pass / fail / not-computable counts per rule (columns rule_id, n_pass, n_fail, n_not_computable)."""
    if summary.empty:
        return empty()
    long = summary.melt(id_vars="rule_id", value_vars=["n_pass", "n_fail", "n_not_computable"],
                        var_name="outcome", value_name="n")
    long["outcome"] = long["outcome"].map({"n_pass": "通过", "n_fail": "未通过", "n_not_computable": "无法计算"})
    fig = px.bar(long, x="rule_id", y="n", color="outcome", color_discrete_map=STATUS_COLORS,
                 labels={"rule_id": "规则", "n": "报告数", "outcome": "结果"}, title="各规则的通过、未通过与无法计算")
    return _style(fig, 380)
