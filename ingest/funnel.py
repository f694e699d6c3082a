"""Peer comparison by funnel plots (DOMAIN.md §5; Spiegelhalter 2005, NHS-R FunnelPlotR), computed at refresh time.

Each city (or county) of a province and year is set against the rest of its province at the same level:
- five funnel measures (mean self score set to the province's mean execution rate, share at 100, share with
  every indicator full, mean over-claim among reports at least half verifiable, share of reports flagged by an
  A/B/C rule): the target is the province's value without the unit, limits at the unit's size are binomial
  (arcsine scale) for shares and σ/√n for means, overdispersion φ comes from winsorised z-scores and, when the
  χ² test finds it, an additive τ² widens the limits; one-sided p-values of the adjusted z, checked by an exact
  tail (binomial, or resampled means) where the normal limits say "outside", are Benjamini–Hochberg controlled
  over the units of the province-year (D1);
- two bunching measures (D2): of a unit's totals in [88, 92) the share in [90, 92), and of its totals in
  [60, 100) the share in [90, 92), both against the province's smooth Poisson fit of its score histogram
  without [88, 92), beside the province's own excess in [90, 92);
- the slope of self score on execution rate (D3), shrunk towards the province's slopes (empirical Bayes,
  DerSimonian–Laird τ²), flagged when its 95% posterior interval lies within ±d3_max_slope.

Pure functions over pandas frames (bench.peers simulates with them); ingest.marts reads their input
(INPUT_SQL) and writes `peer_funnel` and `peer_bunching` (queries/schema/15_peer_funnel.sql).
"""
import zlib

import numpy as np
import pandas as pd
from scipy import stats

Z95, Z998 = stats.norm.ppf(0.975), stats.norm.ppf(0.999)
WINSOR = 0.10                # FunnelPlotR's default: z-scores winsorised at the 10th and 90th percentiles
OVERDISPERSION_ALPHA = 0.05  # φ counts as present when the χ² test of I·φ on I−1 df rejects at this level
SD_FLOOR = 0.29              # a score written to the whole point varies by at least 1/√12 (D3's residual floor)
FUNNEL_MEASURES = ("mean_self", "share_100", "all_full_share", "mean_inflation", "flagged_share")
MEAN_MEASURES = ("mean_self", "mean_inflation")
# D2 per unit: of its totals in [88, 92) the share in [90, 92); and of all its totals in [60, 100) the share in
# [90, 92), against the province's smooth histogram (a unit whose every total sits at 90.x has a ratio of 1 that
# five reports cannot tell from chance, but a share that no smooth histogram gives)
BUNCH_MEASURES = ("bunch_ratio", "bunch_share")
HIST_LOW, HIST_HIGH = 60, 100   # D2 fits the integer bins [60, 100); a total of 100 is B5's business
LEVELS = ("city", "county")
ADJUST_MIN_REPORTS = 30      # a province-year's score-on-rate slope is fitted from at least this many reports
EXACT_DRAWS = 20000          # resampled means per candidate unit: a tail near 0.1% is read to about ±0.02%
EXACT_CHUNK = 4000           # drawn this many at a time, so a unit of 500 reports needs 16 MB, not 80
COLUMNS = ["level", "province", "year", "city", "county", "region_name", "measure", "numerator", "denominator",
           "value", "raw_value", "target", "n_peer_units", "sd", "z", "lo95", "hi95", "lo998", "hi998", "phi",
           "tau2", "overdispersed", "adj_lo95", "adj_hi95", "adj_lo998", "adj_hi998", "z_adj", "p_value",
           "q_value", "interval_low", "interval_high", "verdict", "is_flag", "status", "status_reason"]


def unit_rows(reports: pd.DataFrame) -> pd.DataFrame:
    """Each report once per level it belongs to: as part of its city and, when it has one, its county."""
    cities = reports[reports["city"].notna()].assign(level="city", region_name=lambda d: d["city"], county=None)
    counties = reports[reports["county"].notna()].assign(level="county", region_name=lambda d: d["county"])
    return pd.concat([cities, counties], ignore_index=True)


def rate_adjusted_scores(rows: pd.DataFrame, min_rate_sd: float) -> pd.Series:
    """Self scores set to the province-year's mean execution rate: score − b·(rate − mean rate), b the
    province-year's slope of score on rate (indirect standardisation, as hospital funnels adjust for case
    mix). The scoring rules make the score follow the rate, so a unit that spent less should score less;
    comparing raw means would flag units for spending well and blur real differences with that spread.
    Reports without a rate, and province-years with fewer than ADJUST_MIN_REPORTS rated reports or rates
    that barely vary, keep their score as filed."""
    score = rows["self_score"].astype(float)
    rate = rows["rate_for_points"].astype(float)
    both = score.notna() & rate.notna()
    d = pd.DataFrame({"g": rows["level"] + "|" + rows["province"].astype(str) + "|" + rows["year"].astype(str),
                      "x": rate.where(both), "y": score.where(both)})
    g = d.groupby("g")
    mx, my = g["x"].transform("mean"), g["y"].transform("mean")
    cov = ((d["x"] - mx) * (d["y"] - my)).groupby(d["g"]).transform("mean")
    var = ((d["x"] - mx) ** 2).groupby(d["g"]).transform("mean")
    n = g["x"].transform("count")
    slope = (cov / var).where((n >= ADJUST_MIN_REPORTS) & (var >= min_rate_sd ** 2), 0.0).fillna(0.0)
    mean_rate = rate.groupby(d["g"]).transform("mean")
    return score - (slope * (rate - mean_rate)).fillna(0.0)


def measure_inputs(rows: pd.DataFrame, min_rate_sd: float) -> dict[str, pd.Series]:
    """Per measure, the per-report value (NaN where the report does not count for that measure)."""
    verifiable = (rows["verifiable_share"] >= 0.5) & rows["inflation"].notna()
    score = rows["self_score"].astype(float)
    return {
        "mean_self": rate_adjusted_scores(rows, min_rate_sd),
        "share_100": (score >= 100).astype(float).where(score.notna()),
        "all_full_share": rows["all_full_marks"].astype(float),
        "mean_inflation": rows["inflation"].astype(float).where(verifiable),
        "flagged_share": rows["flagged"].astype(float),
    }


def aggregate(rows: pd.DataFrame, x: pd.Series) -> pd.DataFrame:
    """Numerator, denominator and sum of squares per unit."""
    keys = ["level", "province", "year", "region_name"]
    d = rows[keys + ["city", "county"]].assign(x=x.values, x2=x.values ** 2, has=x.notna().values)
    g = d.groupby(keys, dropna=False, sort=False)
    out = g.agg(city=("city", "first"), county=("county", "first"), numerator=("x", "sum"),
                sumsq=("x2", "sum"), denominator=("has", "sum"))
    return out.reset_index()


def winsorised_phi(z: np.ndarray) -> float:
    """Overdispersion factor: mean square of the z-scores winsorised at WINSOR and 1 − WINSOR of the units,
    and at least the most extreme unit at each end: a province has 4 to 20 units, and an interpolated 90th
    percentile of five would let the one unit under suspicion set the width of its own limits."""
    zs = np.sort(z)
    k = max(1, int(np.floor(WINSOR * len(zs))))
    return float(np.mean(np.clip(z, zs[k], zs[-k - 1]) ** 2))


def additive_tau2(phi: float, s: np.ndarray) -> float:
    """Between-unit variance (DerSimonian–Laird form, Spiegelhalter 2005): (Iφ − (I−1)) / (Σw − Σw²/Σw)."""
    w = 1 / s ** 2
    i = len(s)
    return float(max(0.0, (i * phi - (i - 1)) / (w.sum() - (w ** 2).sum() / w.sum())))


def bh(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (q-values)."""
    p = np.asarray(p, float)
    m = len(p)
    if m == 0:
        return p
    order = np.argsort(p)
    ranked = p[order] * m / np.arange(1, m + 1)
    q = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(q, 1.0)
    return out


def funnel_group(u: pd.DataFrame, kind: str, min_reports: float, min_units: float,
                 fixed_target: float | None = None) -> pd.DataFrame:
    """One province-year-level-measure: target without the unit, z, limits, φ, τ² and adjusted limits.
    u holds numerator, denominator, sumsq per unit (all units, small ones included in the targets)."""
    u = u.copy()
    tot_num, tot_den, tot_sq = u["numerator"].sum(), u["denominator"].sum(), u["sumsq"].sum()
    n = u["denominator"].to_numpy(float)
    rest_n = tot_den - n
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(n > 0, u["numerator"] / n, np.nan)
        target = np.where(rest_n > 0, (tot_num - u["numerator"]) / rest_n, np.nan)
        rest_var = np.where(rest_n > 1, (tot_sq - u["sumsq"]) / rest_n - target ** 2, np.nan)
    peers = np.array([(u["denominator"] > 0).sum() - (x > 0) for x in n])
    if fixed_target is not None and np.isfinite(fixed_target):
        # D2: the share in [90, 92) that the province's smooth histogram predicts, fitted without [88, 92), so
        # neither this unit's bunching nor its peers' sparse counts in the window set its target
        target = np.full(len(u), fixed_target)
        peers = np.full(len(u), max(int(min_units), (u["denominator"] > 0).sum() - 1))
    sd = np.sqrt(np.clip(rest_var, 0, None)) if kind == "mean" else np.full(len(u), np.nan)
    status = np.select([n == 0, n < min_reports, peers < min_units, (kind == "mean") & ~(sd > 1e-9)],
                       ["missing_value", "too_few_reports", "too_few_peers", "zero_spread"], "ok")
    ok = status == "ok"
    with np.errstate(divide="ignore", invalid="ignore"):
        if kind == "share":
            y, theta, s = np.arcsin(np.sqrt(value)), np.arcsin(np.sqrt(np.clip(target, 0, 1))), 0.5 / np.sqrt(n)
        else:
            y, theta, s = value, target, sd / np.sqrt(n)
        z = np.where(ok, (y - theta) / s, np.nan)
    phi = tau2 = np.nan
    over = False
    # φ describes the units in control: a unit far outside (|z| beyond 99.8% in this first pass) would
    # otherwise shift every other unit's target and widen the very limits it is judged by; the others are
    # re-scored against the province without themselves and without those units
    far = ok & (np.abs(z) > Z998)
    core = ok & ~far
    if core.sum() >= 3:
        far_num, far_den = u["numerator"].to_numpy(float)[far].sum(), n[far].sum()
        far_sq = u["sumsq"].to_numpy(float)[far].sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            ic_n = rest_n - far_den
            ic_target = (tot_num - far_num - u["numerator"].to_numpy(float)) / ic_n
            if kind == "share":
                ic_z = (y - np.arcsin(np.sqrt(np.clip(ic_target, 0, 1)))) / s
            else:
                ic_sd = np.sqrt(np.clip((tot_sq - far_sq - u["sumsq"].to_numpy(float)) / ic_n - ic_target ** 2, 0, None))
                ic_z = (y - ic_target) / (ic_sd / np.sqrt(n))
        zc = ic_z[core]
        zc = zc[np.isfinite(zc)]
        if len(zc) >= 3:
            phi = winsorised_phi(zc)
            i = len(zc)
            over = bool(stats.chi2.sf(i * phi, i - 1) < OVERDISPERSION_ALPHA)
            tau2 = additive_tau2(phi, s[core][np.isfinite(ic_z[core])])
    t2 = tau2 if over else 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        s_adj = np.sqrt(s ** 2 + t2)
        z_adj = np.where(ok, (y - theta) / s_adj, np.nan)

    def back(centre, width):
        if kind == "share":
            return np.sin(np.clip(centre + width, 0, np.pi / 2)) ** 2
        return centre + width

    out = u.assign(value=np.where(n >= min_reports, value, np.nan), target=np.where(peers >= min_units, target, np.nan),
                   n_peer_units=peers, sd=sd, z=z, phi=phi, tau2=tau2, overdispersed=over, z_adj=z_adj,
                   status=status)
    for name, zz, ss in (("lo95", -Z95, s), ("hi95", Z95, s), ("lo998", -Z998, s), ("hi998", Z998, s),
                         ("adj_lo95", -Z95, s_adj), ("adj_hi95", Z95, s_adj), ("adj_lo998", -Z998, s_adj),
                         ("adj_hi998", Z998, s_adj)):
        out[name] = np.where(ok, back(theta, zz * ss), np.nan)
    out["p_value"] = np.where(ok, stats.norm.sf(z_adj), np.nan)
    return out


def exact_tail(u: pd.DataFrame, values: pd.DataFrame, kind: str, key: str, fixed: bool) -> np.ndarray:
    """One-sided tail probability of each candidate unit's value (z_adj beyond 99.8%) without the normal
    approximation, as a permutation test: were the unit's reports any n of its province-year's reports, how
    often would they reach its value? For shares that is the hypergeometric tail (Fisher's exact test), or the
    binomial tail when the target is the province's smooth histogram (D2); for means, the share of EXACT_DRAWS
    means of n reports drawn from the province-year's reports, the unit's own included: over-claims are mostly
    0 with a few reports worth several points, and leaving the unit's own large ones out of the pool would make
    them look rarer than they are. Seeded by the unit's name, so a refresh of one province-year gives the same
    answer as a full one."""
    out = np.full(len(u), np.nan)
    cand = np.flatnonzero((u["z_adj"] > Z998).to_numpy())
    total, hits = u["denominator"].sum(), u["numerator"].sum()
    # sorted, so the draws do not depend on the order the reports were loaded in
    pool = np.sort(values["x"].dropna().to_numpy())
    for i in cand:
        row = u.iloc[i]
        n, k = int(row["denominator"]), round(row["numerator"])
        if kind == "share":
            out[i] = (stats.binom.sf(k - 1, n, row["target"]) if fixed
                      else stats.hypergeom.sf(k - 1, int(total), round(hits), n))
            continue
        if n > 500:   # the mean of this many reports is normal enough
            out[i] = row["p_value"]
            continue
        rng = np.random.default_rng(zlib.crc32(f"{key}|{row['region_name']}".encode()))
        reach = sum(int(np.sum(pool[rng.integers(0, len(pool), (EXACT_CHUNK, n))].mean(axis=1) >= row["value"] - 1e-9))
                    for _ in range(EXACT_DRAWS // EXACT_CHUNK))
        out[i] = (reach + 1) / (EXACT_DRAWS + 1)
    return out


def verdicts(df: pd.DataFrame, fdr: float) -> pd.DataFrame:
    """BH over the units of each province-year, level and measure, then the verdict and the flag (one-sided: above)."""
    df = df.copy()
    df["q_value"] = np.nan
    ok = df["status"] == "ok"
    # a unit's p-value is the larger of the normal one (with τ²) and the exact one, where that was computed
    df["p_value"] = np.fmax(df["p_value"], df["exact_p"])
    for _, idx in df[ok].groupby(["province", "year", "level", "measure"]).groups.items():
        df.loc[idx, "q_value"] = bh(df.loc[idx, "p_value"].to_numpy())
    z = df["z_adj"]
    exact_ok = ~(df["exact_p"] >= stats.norm.sf(Z998))
    df["is_flag"] = ok & (z > Z998) & exact_ok & (df["q_value"] <= fdr)
    df["verdict"] = np.select(
        [~ok, df["is_flag"], (z > Z998) & ~exact_ok, z > Z998, z > Z95, z < -Z998, z < -Z95],
        ["not_computable", "above_998", "above_998_exact", "above_998_fdr", "above_95", "below_998", "below_95"],
        "within")
    return df


def funnels(reports: pd.DataFrame, settings: dict, bunch: pd.DataFrame) -> pd.DataFrame:
    """The five D1 measures and D2's bunching share per unit, with targets, limits, verdicts and reasons."""
    rows = unit_rows(reports)
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    inputs = measure_inputs(rows, settings["d3_min_rate_spread"])
    low, width = settings["bunch_low"], settings["bunch_width"]
    score = rows["self_score"].astype(float)
    in_window = (score >= low - width) & (score < low + width)
    above = ((score >= low) & (score < low + width)).astype(float)
    inputs["bunch_ratio"] = above.where(in_window)
    inputs["bunch_share"] = above.where((score >= HIST_LOW) & (score < HIST_HIGH))
    fitted = {(m, p, y): r for m, col in (("bunch_ratio", "fitted_ratio"), ("bunch_share", "fitted_share"))
              for p, y, r in zip(bunch["province"], bunch["year"], bunch[col])}
    parts = []
    for measure, x in inputs.items():
        kind = "mean" if measure in MEAN_MEASURES else "share"
        agg = aggregate(rows, x)
        values = rows[["level", "province", "year", "region_name"]].assign(x=x.values)
        by_group = values.groupby(["level", "province", "year"], sort=False).indices
        for (level, prov, year), g in agg.groupby(["level", "province", "year"], sort=False):
            fixed = fitted.get((measure, prov, int(year)))
            fixed = None if fixed is None or pd.isna(fixed) else float(fixed)
            part = funnel_group(g, kind, settings["peer_min_reports"], settings["peer_min_units"], fixed)
            own = values.iloc[by_group[(level, prov, year)]]
            part["exact_p"] = exact_tail(part, own, kind, f"{level}|{prov}|{int(year)}|{measure}", fixed is not None)
            parts.append(part.assign(measure=measure, family="D2" if measure in BUNCH_MEASURES else "D1"))
    df = verdicts(pd.concat(parts, ignore_index=True), settings["funnel_fdr"])
    # beside the rate-adjusted mean self score, the mean as filed
    raw = aggregate(rows, rows["self_score"].astype(float))
    raw = raw.assign(measure="mean_self", raw_value=raw["numerator"] / raw["denominator"].where(raw["denominator"] > 0))
    keys = ["level", "province", "year", "region_name", "measure"]
    df = df.merge(raw[keys + ["raw_value"]], on=keys, how="left")
    return df.assign(interval_low=np.nan, interval_high=np.nan)


def slopes(reports: pd.DataFrame, settings: dict) -> pd.DataFrame:
    """D3: per unit, OLS slope of self score on execution rate, shrunk towards its province's (empirical Bayes)."""
    rows = unit_rows(reports)
    rows = rows[rows["self_score"].notna() & rows["rate_for_points"].notna()]
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    x, y = rows["rate_for_points"].astype(float), rows["self_score"].astype(float)
    d = rows[["level", "province", "year", "region_name", "city", "county"]].assign(
        x=x, y=y, xx=x * x, yy=y * y, xy=x * y)
    g = d.groupby(["level", "province", "year", "region_name"], sort=False)
    u = g.agg(city=("city", "first"), county=("county", "first"), n=("x", "size"), sx=("x", "sum"),
              sy=("y", "sum"), sxx=("xx", "sum"), syy=("yy", "sum"), sxy=("xy", "sum")).reset_index()
    n = u["n"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        cxx = u["sxx"] - u["sx"] ** 2 / n
        cyy = u["syy"] - u["sy"] ** 2 / n
        cxy = u["sxy"] - u["sx"] * u["sy"] / n
        b = cxy / cxx
        rss = np.clip(cyy - b * cxy, 0, None)
        resid_sd = np.maximum(np.sqrt(rss / np.maximum(n - 2, 1)), SD_FLOOR)
        se = resid_sd / np.sqrt(cxx)
        rate_sd = np.sqrt(np.clip(cxx / n, 0, None))
    status = np.select([n < settings["peer_min_reports"], ~(rate_sd >= settings["d3_min_rate_spread"])],
                       ["too_few_reports", "zero_spread"], "ok")
    u = u.assign(raw_value=np.where(status == "ok", b, np.nan), se=np.where(status == "ok", se, np.nan),
                 rate_sd=rate_sd, status=status, denominator=n)
    parts = []
    delta = settings["d3_max_slope"]
    for _, grp in u.groupby(["level", "province", "year"], sort=False):
        grp = grp.copy()
        ok = grp["status"] == "ok"
        bi, si = grp["raw_value"].to_numpy(float), grp["se"].to_numpy(float)
        mu, tau2 = np.nan, np.nan
        if ok.sum() >= settings["peer_min_units"]:
            w = 1 / si[ok] ** 2
            mu_fixed = np.sum(w * bi[ok]) / w.sum()
            q = np.sum(w * (bi[ok] - mu_fixed) ** 2)
            tau2 = max(0.0, (q - (ok.sum() - 1)) / (w.sum() - (w ** 2).sum() / w.sum()))
            wr = 1 / (si[ok] ** 2 + tau2)
            mu = np.sum(wr * bi[ok]) / wr.sum()
        if np.isfinite(mu):
            shrink = si ** 2 / (si ** 2 + tau2) if tau2 > 0 else np.ones_like(si)
            post = (1 - shrink) * bi + shrink * mu
            post_sd = np.sqrt((1 - shrink) * si ** 2) if tau2 > 0 else np.zeros_like(si)
            # a province whose slopes agree (τ² = 0) lends each unit its common slope: keep the unit's own
            # uncertainty then, or a flat unit in a steep province could never be told apart
            post = np.where(tau2 > 0, post, bi)
            post_sd = np.where(tau2 > 0, post_sd, si)
        else:
            post, post_sd = bi, si   # no province slope to shrink towards: the unit's own estimate
        grp["value"] = np.where(ok, post, np.nan)
        grp["interval_low"] = np.where(ok, post - Z95 * post_sd, np.nan)
        grp["interval_high"] = np.where(ok, post + Z95 * post_sd, np.nan)
        grp["target"], grp["tau2"] = mu, tau2
        grp["n_peer_units"] = ok.sum() - ok.astype(int)
        parts.append(grp)
    df = pd.concat(parts, ignore_index=True)
    ok = df["status"] == "ok"
    df["is_flag"] = ok & (df["interval_low"] > -delta) & (df["interval_high"] < delta)
    df["verdict"] = np.select([~ok, df["is_flag"]], ["not_computable", "near_zero"], "not_near_zero")
    df["lo998"], df["hi998"], df["sd"] = -delta, delta, df["rate_sd"]
    return df.assign(measure="self_rate_slope", numerator=np.nan, z=np.nan, z_adj=np.nan, p_value=np.nan,
                     q_value=np.nan, phi=np.nan, overdispersed=False)


def reasons(df: pd.DataFrame, settings: dict) -> pd.Series:
    """Why a unit could not be compared, in the words a supervisor reads."""
    mins, minu = int(settings["peer_min_reports"]), int(settings["peer_min_units"])
    out = []
    for st, m, n, peers, target in zip(df["status"], df["measure"], df["denominator"], df["n_peer_units"], df["target"]):
        n = int(n) if pd.notna(n) else 0
        if st == "ok":
            out.append(None)
        elif st == "missing_value":
            out.append("本地区没有至少一半可核验的报告，无法计算虚高" if m == "mean_inflation"
                       else "本地区没有可计算该指标的报告")
        elif st == "too_few_reports":
            what = {"bunch_ratio": "总分在[88,92)的报告", "bunch_share": "总分在[60,100)的报告"}.get(m, "可计算该指标的报告")
            out.append(f"{what}仅{n}份，少于最低{mins}份，只列份数，不计算比率")
        elif st == "too_few_peers":
            out.append(f"同省同年同级其他地区仅{int(peers)}个，少于最低{minu}个，无从比较")
        elif m == "self_rate_slope":
            out.append(f"执行率的标准差低于{settings['d3_min_rate_spread']:g}个百分点，执行率几乎没有变化，无法判断得分是否随之变化")
        else:
            same = f"均为{target:g}" if pd.notna(target) else "全部相同"
            out.append(f"同省同年其他地区各报告该指标{same}，离散度为零，无法计算控制限")
    return pd.Series(out, index=df.index, dtype=object)


def poisson_fit(y: np.ndarray, x: np.ndarray, iterations: int = 50) -> np.ndarray:
    """Poisson regression with log link by iteratively reweighted least squares (a smooth histogram fit)."""
    beta = np.zeros(x.shape[1])
    beta[0] = np.log(max(y.mean(), 1e-9))
    for _ in range(iterations):
        mu = np.exp(x @ beta)
        w = mu
        zz = x @ beta + (y - mu) / mu
        new = np.linalg.solve(x.T @ (w[:, None] * x), x.T @ (w * zz))
        if np.max(np.abs(new - beta)) < 1e-8:
            return new
        beta = new
    return beta


def bunching(reports: pd.DataFrame, settings: dict) -> pd.DataFrame:
    """D2, province side: observed totals in [low, low+width) against a smooth Poisson fit of the
    province-year's histogram of integer bins in [60, 100) without the window [low−width, low+width)."""
    low, width = int(settings["bunch_low"]), int(settings["bunch_width"])
    rows = []
    for (prov, year), g in reports[reports["self_score"].notna()].groupby(["province", "year"], sort=False):
        s = g["self_score"].astype(float)
        s = s[(s >= HIST_LOW) & (s < HIST_HIGH)]
        counts = np.bincount(np.floor(s).astype(int) - HIST_LOW, minlength=HIST_HIGH - HIST_LOW)
        bins = np.arange(HIST_LOW, HIST_HIGH)
        fit_mask = (bins < low - width) | (bins >= low + width)
        window = (bins >= low) & (bins < low + width)
        observed = int(counts[window].sum())
        rec = dict(province=prov, year=int(year), n_reports=int(len(g)), n_fitted=int(counts[fit_mask].sum()),
                   observed=observed, expected=None, excess=None, p_value=None, fitted_ratio=None, fitted_share=None,
                   status="ok",
                   status_reason=None)
        if rec["n_fitted"] < 30 or (counts[fit_mask] > 0).sum() < 6:
            rec.update(status="too_few_reports",
                       status_reason=f"窗口外可拟合的总分仅{rec['n_fitted']}份，不足30份，无法拟合平滑分布")
        else:
            xs = (bins - 85.0) / 10.0
            design = np.column_stack([np.ones_like(xs), xs, xs ** 2, xs ** 3])
            try:
                beta = poisson_fit(counts[fit_mask], design[fit_mask])
                expected = float(np.exp(design[window] @ beta).sum())
                below = (bins >= low - width) & (bins < low)
                rec["fitted_ratio"] = expected / (expected + float(np.exp(design[below] @ beta).sum()))
                rec["fitted_share"] = expected / float(np.exp(design @ beta).sum())
                rec.update(expected=expected, excess=observed - expected,
                           p_value=float(stats.poisson.sf(observed - 1, expected)))
            except Exception as exc:  # a degenerate histogram: say so rather than pass
                rec.update(status="fit_failed", status_reason=f"平滑分布拟合失败：{type(exc).__name__}")
        rows.append(rec)
    return pd.DataFrame(rows, columns=["province", "year", "n_reports", "n_fitted", "observed", "expected", "excess",
                                       "p_value", "fitted_ratio", "fitted_share", "status", "status_reason"])


def compute(reports: pd.DataFrame, settings: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """peer_funnel rows (D1 measures, D2's bunching share, D3's slope) and peer_bunching rows."""
    reports = reports[reports["province"].notna() & reports["year"].notna()]
    bunch = bunching(reports, settings)
    parts = [p for p in (funnels(reports, settings, bunch), slopes(reports, settings)) if not p.empty]
    df = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COLUMNS)
    if not df.empty:
        df["status_reason"] = reasons(df, settings)
    bunch = bunch.drop(columns="fitted_share")   # used for the units' targets above; peer_bunching keeps the ratio
    for col in COLUMNS:
        if col not in df:
            df[col] = np.nan
    return df[COLUMNS], bunch


INPUT_SQL = """
    select m.province, m.year, m.city, m.county, m.self_score, m.all_full_marks, m.inflation, m.verifiable_share,
           m.rate_for_points, coalesce(f.flagged, false) as flagged
    from int_metrics_per_report as m
    left join (select report_id, true as flagged from flags where rule_id not like 'D%' group by report_id) as f
      using (report_id)
    where m.province is not null and m.year is not null
"""
SETTING_NAMES = ("peer_min_reports", "peer_min_units", "bunch_low", "bunch_width", "funnel_fdr",
                 "d3_max_slope", "d3_min_rate_spread")
