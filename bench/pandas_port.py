"""The marts' computation for one province and year written in pandas, for bench.compare's like-for-like timing.

A port of the SQL, not a sketch: the indicator rescoring of int_indicators_scored (directions, units,
deadlines, qualitative bands, the formula text), the review score and over-claim of int_metrics_per_report
(linear execution points at the printed or implied weight), region_rollup's and score_distribution's city
rows, and the flags of the rules in PORTED_RULES with their explanations. bench.compare checks every figure
against what the SQL gives on the same data. Not ported: the other rules, rule applicability (on the
generated data every input a ported rule declares is present), OCR confidence, narrative signals.
"""
import numpy as np
import pandas as pd

from ingest.rule_settings import values

PORTED_RULES = ("B1", "B3", "B4")
PERCENT = ("%", "％", "百分比", "百分点")
DEADLINE_UNITS = ("月", "工作日", "天", "小时", "分钟", "周", "个月", "年")
COST = "成本|费用|单价|时长|用时|耗时|响应时间|办理时间|周期|投诉|发生率|差错率|错误率|事故|违规|违纪|超支|逾期|控制|空置率|损耗|故障率|返工|死亡率|发病率"
NOT_COST = "节约|节省|节支|下降|降低|压缩|及时率|控制率|达标率|合格率|完成率"
NOT_MET = "未完成|未达到|未达成|未实现|没有完成|尚未"
PARTIAL = "基本实现|基本完成|基本达到|基本达成|部分完成|部分实现|部分达到|部分达成"
RATE_NAME = "率|比例|比重|占比|程度|度|%|％"


def sql_round(x, digits: int):
    """DuckDB's round: halves away from zero (numpy's round takes halves to even)."""
    scale = 10.0 ** digits
    return np.sign(x) * np.floor(np.abs(x) * scale + 0.5) / scale


def fmt_num(x: pd.Series) -> pd.Series:
    """As the fmt_num macro: two decimals, trailing zeros and point dropped; null stays null."""
    x = pd.to_numeric(x, errors="coerce").astype(float)
    ok = np.isfinite(x)
    text = pd.Series([f"{v:.2f}" for v in sql_round(np.where(ok, x, 0.0), 2) + 0.0], index=x.index)
    text = text.str.replace(r"0+$", "", regex=True).str.replace(r"\.$", "", regex=True)
    return text.where(ok, None)


def fmt_text(t: pd.Series) -> pd.Series:
    """As the fmt_text macro: ≥/≤ for >=/<=, whitespace collapsed, empty as null."""
    out = t.str.replace(">=", "≥", regex=False).str.replace("<=", "≤", regex=False)
    out = out.str.replace(r"\s+", " ", regex=True).str.strip()
    return out.where(out != "", None)


def cat(*parts) -> pd.Series:
    """SQL `||`: any null part makes the whole null."""
    out = None
    for p in parts:
        out = p if out is None else out + p
    return out


def contains(s: pd.Series, pattern: str) -> pd.Series:
    return s.fillna("").str.contains(pattern, regex=True)


def key_unit(u: pd.Series) -> pd.Series:
    return u.where(~u.isin(PERCENT), "%")


def score_indicators(ind: pd.DataFrame, s: dict) -> pd.DataFrame:
    """int_indicators_scored: each indicator rescored from its target and actual, with its formula."""
    i = ind.copy()
    for col in ("name", "target", "actual"):
        i[col] = i[col].str.strip()
    i["deviation_reason"] = i["deviation_reason"].str.strip().replace("", None)
    for col in ("target_unit", "actual_unit"):
        i[col] = i[col].str.strip().replace("", None)
    i["is_substantive"] = (i.target.fillna("") != "") | (i.actual.fillna("") != "") | i.score.notna() | i.weight.notna()
    tk, ak = key_unit(i.target_unit), key_unit(i.actual_unit)
    i["is_deadline"] = (i.target_cmp.isin(["<=", "<"]) & i.target_unit.isin(DEADLINE_UNITS)
                        & contains(i.target, r"(?:前|内)(?:完成|办结|结束|响应)?\s*$"))
    cost = (contains(i.level2.fillna("") + i.name.fillna(""), COST) & ~contains(i.name, NOT_COST)
            & ~i.target.fillna("").str.contains("正向", regex=False))
    i["direction"] = np.select(
        [i.target_cmp.isin(["<=", "<"]), i.target_cmp.isin([">=", ">"]), (i.target_cmp == "=") & cost,
         i.target_cmp == "=", cost & i.target_num.notna(), i.target_unit.isin(["工作日", "天", "小时", "分钟"])],
        ["lower", "higher", "lower", "equal", "lower", "lower"], "higher")
    both = tk.notna() & ak.notna()
    people = tk.isin(["人", "人次"]) & ak.isin(["人", "人次"])
    conflict = both & (tk != ak) & ~people
    i["units_differ"] = ~i.is_deadline & conflict
    safe_people = ((i.direction == "higher") & (ak == "人")) | ((i.direction == "lower") & (ak == "人次"))
    reason = np.select(
        [i.target_num.isna() & i.actual_num.isna(), i.target_num.isna(),
         i.actual_num.isna() & (i.actual.fillna("") == ""), i.actual_num.isna(), i.actual_cmp.notna(), conflict,
         both & (tk != ak) & ~safe_people,
         (ak == "%") & tk.isna() & ~contains(i.name, RATE_NAME)],
        ["定性表述", "目标值无数字", "实际值缺失", "实际值无数字", "实际值只复述了目标",
         cat("单位不同（", i.target_unit.fillna("无"), "与", i.actual_unit.fillna("无"), "）").fillna(""),
         cat("单位不同（", i.target_unit, "与", i.actual_unit, "）").fillna(""), "计数目标填报为百分比"], "")
    i["unverifiable_reason"] = pd.Series(reason, index=i.index).replace("", None)
    i["is_quantitative"] = i.unverifiable_reason.isna()
    band = np.select([i.is_quantitative, contains(i.actual, NOT_MET), contains(i.actual, PARTIAL)],
                     ["", "not_met", "partial"], "")
    i["qualitative_band"] = pd.Series(band, index=i.index).replace("", None)
    q, t, a, w = i.is_quantitative, i.target_num, i.actual_num, i.weight
    met = np.select([i.direction == "higher", i.direction == "lower"], [a >= t, a <= t], (a - t).abs() < 1e-9)
    i["is_met"] = pd.Series(met, index=i.index).where(q)
    points = np.select(
        [~i.is_substantive | w.isna(), q & (i.is_met == True), q & (i.direction == "higher") & (t > 0),  # noqa: E712
         q & (i.direction == "lower") & (t > 0) & (a < 2 * t), q & (i.direction == "equal") & (t > 0) & (a > 0), q,
         i.score.isna(), i.qualitative_band == "partial", i.qualitative_band == "not_met"],
        [np.nan, w, w * a.clip(lower=0) / t, w * (1 - (a - t) / t), w * np.minimum(a / t, t / a), 0.0,
         np.nan, np.minimum(i.score, 0.8 * w), np.minimum(i.score, 0.6 * w)], i.score)
    i["review_points"] = sql_round(points.astype(float), 4)
    tol = s["score_tolerance"]
    scored = i.score.notna() & w.notna()
    i["is_full_marks"] = scored & (i.score >= w - tol)
    i["is_over_weight"] = scored & (i.score > w + tol)
    i["is_points_lost"] = scored & (i.score < w - tol)
    i["is_verifiable"] = q | i.qualitative_band.notna()
    i["over_claim"] = sql_round(np.maximum(i.score - i.review_points, 0), 4).where(
        i.is_verifiable & i.score.notna() & i.review_points.notna())
    i["under_claim"] = sql_round(np.maximum(i.review_points - i.score, 0), 4).where(
        q & i.score.notna() & i.review_points.notna())
    i["actual_equals_target"] = ((t.notna() & a.notna() & (t == a))
                                 | (i.actual.str.replace(" ", "") == i.target.str.replace(" ", "")).fillna(False)
                                 | contains(i.actual, r"^\s*100(?:\.0+)?\s*[%％]"))
    i["rule_formula"] = formulas(i)
    return i


def formulas(i: pd.DataFrame) -> pd.Series:
    """The rule and arithmetic behind review_points, as int_indicators_scored writes it."""
    q, d, m = i.is_quantitative, i.direction, i.is_met == True  # noqa: E712
    t, a, w, rp = fmt_num(i.target_num), fmt_num(i.actual_num), fmt_num(i.weight), fmt_num(i.review_points)
    tn, an = i.target_num, i.actual_num
    conds = [~i.is_substantive, i.weight.isna(), q & i.is_deadline & m, q & (d == "higher") & m,
             q & (d == "higher") & (tn > 0), q & (d == "lower") & m, q & (d == "lower") & (tn > 0) & (an < 2 * tn),
             q & (d == "lower"), q & (d == "equal") & m, q & (d == "equal") & (tn > 0) & (an > 0), q,
             i.score.isna(), i.qualitative_band == "partial", i.qualitative_band == "not_met"]
    texts = [None, "未列分值，不复核", cat("实际", i.actual, "未超过时限", i.target, "，得满分", w),
             cat("实际值", a, "÷目标值", t, "≥1，得满分", w), cat("实际值", a, "÷目标值", t, "×分值", w, "＝", rp),
             cat("实际值", a, "≤目标值", t, "，得满分", w),
             cat("(1−(实际", a, "−目标", t, ")÷目标", t, ")×分值", w, "＝", rp),
             cat("实际值", a, "达到目标值", t, "的2倍及以上，得0分"), cat("实际值", a, "＝目标值", t, "，得满分", w),
             cat("实际值与目标值", t, "的较小比值×分值", w, "＝", rp), cat("目标值", t, "无法按比例计分，得0分"),
             cat(i.unverifiable_reason, "，且未填得分，不复核"),
             cat("定性指标“", i.actual, "”属部分达成，最高得分值的80%：", w, "×80%＝", fmt_num(0.8 * i.weight), "，计", rp),
             cat("定性指标“", i.actual, "”属未达成，最高得分值的60%：", w, "×60%＝", fmt_num(0.6 * i.weight), "，计", rp)]
    out = pd.Series(cat(i.unverifiable_reason, "，无法核验，按自评得分", fmt_num(i.score), "计入"), index=i.index, dtype=object)
    done = pd.Series(False, index=i.index)
    for c, text in zip(conds, texts):
        pick = c.fillna(False) & ~done
        out[pick] = None if text is None else (text if isinstance(text, str) else text[pick])
        done |= pick
    return out


def review_reports(reports: pd.DataFrame, scored: pd.DataFrame, s: dict) -> pd.DataFrame:
    """int_metrics_per_report's review: execution points, review score, over- and under-claim per report."""
    g = scored.groupby("report_id")
    sub = scored[scored.is_substantive]
    tot = pd.DataFrame({
        "n_indicators": sub.groupby("report_id").size(), "n_scored": g.score.count(),
        "sum_weights": g.weight.sum(min_count=1), "sum_scores": g.score.sum(min_count=1),
        "n_weighted_substantive": sub.groupby("report_id").weight.count(),
        "sum_review_points": g.review_points.sum(min_count=1),
        "reviewed_weight": scored.weight.where(scored.review_points.notna()).groupby(scored.report_id).sum(min_count=1),
        "n_unscored_weighted": (sub.review_points.isna() & sub.weight.notna()).groupby(sub.report_id).sum(),
        "n_full_marks": g.is_full_marks.sum(), "n_actual_equals_target": g.actual_equals_target.sum(),
        "n_verifiable": (scored.is_verifiable & scored.over_claim.notna()).groupby(scored.report_id).sum(),
        "indicator_over_claim": g.over_claim.sum(min_count=1), "indicator_under_claim": g.under_claim.sum(min_count=1)})
    r = reports.join(tot, on="report_id")
    r["table_complete"] = True   # the generated reports carry no completeness record (read as complete)
    budget = r.budget_initial.fillna(r.budget_full_year) if s["exec_denominator"] == "initial" \
        else r.budget_full_year.fillna(r.budget_initial)
    r["exec_budget"] = budget
    whole = r.table_complete & (r.n_weighted_substantive == r.n_indicators) & (r.n_indicators > 0)
    implied = np.select([whole & (r.weight_total > r.sum_weights),
                         whole & r.weight_total.isna() & (s["weight_total"] - r.sum_weights == s["default_exec_weight"])],
                        [r.weight_total - r.sum_weights, s["default_exec_weight"]], np.nan)
    r["exec_weight_known"] = r.exec_weight.fillna(pd.Series(implied, index=r.index))
    r["computed_rate"] = sql_round(r.executed / budget * 100, 4).where(budget > 0)
    r["rate_for_points"] = r.computed_rate.fillna(r.execution_rate)
    share = np.minimum(r.rate_for_points, 100) / 100
    r["exec_review_points"] = sql_round(share * r.exec_weight_known, 2)
    complete = r.table_complete & (r.n_weighted_substantive == r.n_indicators) & (r.n_unscored_weighted == 0) \
        & r.exec_review_points.notna()
    scope = np.select([r.n_indicators.fillna(0).eq(0) | r.n_weighted_substantive.fillna(0).eq(0), complete],
                      ["", "complete"], "partial")
    r["review_scope"] = pd.Series(scope, index=r.index).replace("", None)
    r["review_score"] = sql_round(r.exec_review_points.fillna(0) + r.sum_review_points.fillna(0), 2).where(
        r.review_scope.notna())
    has_exec = r.exec_score.notna() & r.exec_review_points.notna()
    exec_over = np.maximum(r.exec_score - r.exec_review_points, 0).where(has_exec)
    exec_under = np.maximum(r.exec_review_points - r.exec_score, 0).where(has_exec)
    claimable = has_exec | (r.n_verifiable.fillna(0) > 0)
    r["over_claim"] = sql_round(exec_over.fillna(0) + r.indicator_over_claim.fillna(0), 2).where(claimable)
    r["under_claim"] = sql_round(exec_under.fillna(0) + r.indicator_under_claim.fillna(0), 2).where(claimable)
    r["inflation"] = r.over_claim
    r["all_full_marks"] = (r.n_scored > 0) & (r.n_full_marks == r.n_scored)
    return r


def flags(r: pd.DataFrame, scored: pd.DataFrame) -> pd.DataFrame:
    """(report_id, rule_id, explanation) of the ported rules."""
    out = []
    b1 = r[(r.n_indicators > 0) & (r.all_full_marks | (r.n_actual_equals_target == r.n_indicators))]
    full = cat("全部", b1.n_indicators.astype(int).astype(str), "个指标均得满分") + cat(
        "（指标得分合计", fmt_num(b1.sum_scores), "分＝分值合计", fmt_num(b1.sum_weights), "分）").fillna("")
    equal = cat("全部", b1.n_indicators.astype(int).astype(str), "个指标的实际完成值均恰好等于目标值或100%")
    parts = pd.concat([full.where(b1.all_full_marks), equal.where(b1.n_actual_equals_target == b1.n_indicators)], axis=1)
    out.append(pd.DataFrame({"report_id": b1.report_id, "rule_id": "B1",
                             "explanation": parts.apply(lambda row: "；".join(v for v in row if isinstance(v, str)), axis=1)}))
    out.append(indicator_rule(scored[scored.is_quantitative & (scored.is_met == False) & scored.is_full_marks],  # noqa: E712
                              "B3", b3_text))
    lost = scored[scored.is_points_lost & scored.deviation_reason.isna()]
    b4 = indicator_rule(lost, "B4", lambda i: cat(name(i), "分值", fmt_num(i.weight), "分，得", fmt_num(i.score), "分，扣",
                                                   fmt_num(i.weight - i.score), "分"))
    n = lost.groupby("report_id").size().reindex(b4.report_id).to_numpy()
    b4["explanation"] = b4.explanation + np.where(n == 1, "；该项扣分未填写偏差原因", [f"；以上{k}项扣分均未填写偏差原因" for k in n])
    out.append(b4)
    return pd.concat(out, ignore_index=True)


def name(i: pd.DataFrame) -> pd.Series:
    return cat("「", fmt_text(i.name), "」").fillna("未填名称的指标")


def b3_text(i: pd.DataFrame) -> pd.Series:
    t, a, tn, an, w = fmt_num(i.target_num), fmt_num(i.actual_num), i.target_num, i.actual_num, fmt_num(i.weight)
    higher, lower = (i.direction == "higher") & (tn > 0), (i.direction == "lower") & (tn > 0)
    share = pd.Series(np.select([higher, lower], [cat("，完成目标的", fmt_num(100 * an / tn), "%").fillna(""),
                                                  cat("，超出目标", fmt_num(100 * (an - tn) / tn), "%").fillna("")], ""),
                      index=i.index)
    how = pd.Series("按规则应得", index=i.index, dtype=object)
    how = how.mask(lower, "实际达到目标的2倍及以上，应得")
    how = how.mask(lower & (an < 2 * tn), cat("按(1−(实际−目标)÷目标)×分值应得(1−(", a, "−", t, ")÷", t, ")×", w, "分＝"))
    how = how.mask(higher, cat("按实际÷目标×分值应得", a, "÷", t, "×", w, "分＝"))
    return cat(name(i), "目标", fmt_text(i.target).fillna(t), "，实际", fmt_text(i.actual).fillna(a), share,
               "，未达到目标，仍填报满分", fmt_num(i.score), "分", cat("（", how, fmt_num(i.review_points), "分）").fillna(""))


def indicator_rule(rows: pd.DataFrame, rule_id: str, text) -> pd.DataFrame:
    """One flag per report: its indicators' sentences joined in order."""
    rows = rows.sort_values(["report_id", "seq"])
    detail = text(rows).groupby(rows.report_id).agg("；".join)
    return pd.DataFrame({"report_id": detail.index, "rule_id": rule_id, "explanation": detail.to_numpy()})


def city_rollup(r: pd.DataFrame, flag_counts: pd.DataFrame) -> pd.DataFrame:
    """region_rollup's city rows of the year (data_scope all)."""
    r = r[r.city.notna()].join(flag_counts, on="report_id")
    complete = r.review_score.where(r.review_scope == "complete")
    grade = r.grade.str[0].where(r.grade.str[0].isin(["优", "良", "中", "差"]))
    paid = r.executed.where(r.exec_budget > 0)
    d = r.assign(complete=complete, you=np.where(grade.isna(), np.nan, (grade == "优").astype(float)),
                 full=np.where(r.all_full_marks, 1.0, np.where(r.n_indicators > 0, 0.0, np.nan)),
                 paid=paid, budget_paid=r.exec_budget.where(r.executed.notna()), flagged=r.n_flags.notna())
    g = d.groupby("city")
    out = pd.DataFrame({
        "report_count": g.size(), "budget_total": g.exec_budget.sum(min_count=1),
        "executed_total": g.executed.sum(min_count=1),
        "execution_rate_weighted": 100 * g.paid.sum(min_count=1) / g.budget_paid.sum(min_count=1).replace(0, np.nan),
        "mean_self_score": g.self_score.mean(), "median_self_score": g.self_score.median(),
        "mean_review_score": g.complete.mean(), "median_review_score": g.complete.median(),
        "review_count": g.complete.count(), "share_you": g.you.mean(), "share_all_full_marks": g.full.mean(),
        "mean_inflation": g.inflation.mean(), "mean_under_claim": g.under_claim.mean(),
        "flags_certain": g.n_certain.sum(), "flags_suspected": g.n_suspected.sum(), "flags_note": g.n_note.sum(),
        "reports_flagged": g.flagged.sum()})
    return out.reset_index()


def score_bins(r: pd.DataFrame) -> pd.DataFrame:
    """score_distribution's city rows of the year (data_scope all): self and review scores in 1-point bins."""
    r = r[r.city.notna()]
    parts = [pd.DataFrame({"city": r.city, "score_kind": kind, "score": r[col]}).dropna(subset=["score"])
             for kind, col in (("self", "self_score"), ("review", "review_score"))]
    s = pd.concat(parts)
    s["bin"] = np.clip(np.floor(s.score), 0, 100).astype(int)
    return s.groupby(["city", "score_kind", "bin"]).size().rename("n_reports").reset_index()


def settings() -> dict:
    """The settings the port reads, as numbers where they are numbers."""
    v = values()
    return dict(score_tolerance=float(v["score_tolerance"]), exec_denominator=v["exec_denominator"],
                weight_total=float(v["weight_total"]), default_exec_weight=float(v["default_exec_weight"]),
                exec_rule=v["exec_rule"])


def compute(reports: pd.DataFrame, indicators: pd.DataFrame, province: str, year: int, severity: dict,
            catalog_flags: pd.DataFrame | None = None) -> dict:
    """Everything for one province and year, from whole base-table frames: the province-year is selected first."""
    s = settings()
    if s["exec_rule"] != "linear":
        raise ValueError("the port computes linear execution points only")
    r = reports[(reports.province == province) & (reports.year == year) & reports.is_current]
    i = indicators[indicators.report_id.isin(r.report_id)]
    scored = score_indicators(i, s)
    r = review_reports(r, scored, s)
    f = flags(r, scored)
    counted = f.assign(severity=f.rule_id.map(severity))
    counts = pd.DataFrame({
        "n_certain": (counted.severity == "确定").groupby(counted.report_id).sum(),
        "n_suspected": (counted.severity == "疑似").groupby(counted.report_id).sum(),
        "n_note": (counted.severity == "提示").groupby(counted.report_id).sum()})
    counts["n_flags"] = counts.sum(axis=1)
    return {"indicators": scored, "reports": r, "flags": f, "rollup": city_rollup(r, counts), "bins": score_bins(r)}
