"""Null simulation and power of the peer rules D1–D3 (ingest.funnel, the code the refresh runs).

    python -m bench.peers [--provinces 300] [--trials 300] [--seed 11] [--no-write]

Null: provinces of 16 units (cities) with 5–300 reports each (log-uniform), where no unit differs: every
report's execution rate, self score, full-mark flags, over-claim and A/B/C-flag are drawn from one province-wide
model in which the score follows the execution rate (0.1 point per percentage point from the execution line,
0.45 from the indicators, as ingest/demo's normal units; a second null keeps only the execution line's 0.1).
Reported: the share of units each D rule flags. Power: one unit of 100 (and 30, 300) reports gets a planted
effect (+2 points mean self score; +20 points share with every indicator full; half its totals moved into
[90, 92); scores independent of the rate); reported: the share of trials in which that unit is flagged.
The section replaces the peers part of bench/RESULTS.md.
"""
import argparse
import datetime as dt
import time

import numpy as np
import pandas as pd

from bench.common import machine, publish
from ingest import funnel

START, END = "<!-- peers:start -->", "<!-- peers:end -->"
SETTINGS = dict(peer_min_reports=5, peer_min_units=3, bunch_low=90, bunch_width=2, funnel_fdr=0.05,
                d3_max_slope=0.05, d3_min_rate_spread=2)
UNITS = 16


def rates(rng, n: int) -> np.ndarray:
    """Execution rates as the demo draws them: 45% at 100, 45% in [85, 99.9), 10% in [75, 85)."""
    u = rng.random(n)
    return np.where(u < 0.45, 100.0, np.where(u < 0.9, rng.uniform(85, 99.9, n), rng.uniform(75, 85, n)))


def unit_reports(rng, name: str, n: int, slope: float, effect: str | None = None) -> pd.DataFrame:
    """n reports of one unit under the province model, with an optional planted effect."""
    rate = rates(rng, n)
    score = 88.0 + slope * (rate - 95) + rng.normal(0, 3.0, n)
    full = rng.random(n) < 0.2
    if effect == "mean+2":
        score = score + 2
    elif effect == "full+20":
        full = rng.random(n) < 0.4
    elif effect == "bunch":
        move = rng.random(n) < 0.5
        score = np.where(move, rng.uniform(90, 92, n), score)
    elif effect == "flat":
        score = 94.0 + rng.normal(0, 0.4, n)
    score = np.minimum(np.round(score, 1), 100.0)
    return pd.DataFrame({
        "province": "模拟省", "year": 2023, "city": name, "county": None, "self_score": score,
        "all_full_marks": full, "inflation": np.maximum(rng.normal(0.3, 0.6, n), 0).round(2),
        "verifiable_share": rng.uniform(0.3, 1.0, n), "rate_for_points": rate, "flagged": rng.random(n) < 0.3})


def province(rng, k: int, slope: float, planted: tuple | None = None) -> pd.DataFrame:
    """One province of UNITS units of 5–300 reports (unit 0 replaced by the planted one when given)."""
    sizes = np.round(np.exp(rng.uniform(np.log(5), np.log(300), UNITS))).astype(int)
    parts = []
    for i, n in enumerate(sizes):
        effect = None
        if planted and i == 0:
            effect, n = planted
        parts.append(unit_reports(rng, f"省{k}市{i:02d}", int(n), slope, effect))
    return pd.concat(parts, ignore_index=True).assign(province=f"省{k}")


def flags_by_rule(df: pd.DataFrame) -> pd.DataFrame:
    """Per unit: flagged by D1 (any funnel measure), D2 (bunching), D3 (slope); and its size."""
    rows, _ = funnel.compute(df, SETTINGS)
    rows = rows.assign(rule=rows["measure"].map(lambda m: "D2" if m in funnel.BUNCH_MEASURES else "D3" if m == "self_rate_slope"
                                                else "D1"))
    flagged = rows.groupby(["province", "region_name", "rule"])["is_flag"].any().unstack(fill_value=False)
    return flagged


def null_rates(rng, n_prov: int, slope: float) -> tuple[dict, dict]:
    """Share of units flagged by each D rule, overall and among small units (≤ 15 reports)."""
    flagged = []
    for k in range(n_prov):
        df = province(rng, k, slope)
        f = flags_by_rule(df)
        sizes = df.groupby(["province", "city"]).size()
        f = f.join(sizes.rename("n").rename_axis(["province", "region_name"]))
        flagged.append(f)
    allf = pd.concat(flagged)
    overall = {r: float(allf[r].mean()) for r in ("D1", "D2", "D3")}
    smallf = allf[allf["n"] <= 15]
    return overall, {r: float(smallf[r].mean()) for r in ("D1", "D2", "D3")} | {"units": len(smallf)}


def power(rng, trials: int, effect: str, size: int, rule: str) -> float:
    """Share of trials in which the planted unit is flagged by the rule."""
    hits = 0
    for k in range(trials):
        df = province(rng, k, 0.55, planted=(effect, size))
        f = flags_by_rule(df)
        name = f"省{k}市00"
        hits += bool(f.loc[(f"省{k}", name), rule]) if (f"省{k}", name) in f.index else 0
    return hits / trials


EFFECTS = [("mean+2", "D1", "平均自评分 +2 分"), ("full+20", "D1", "全满分报告占比 +20 个百分点（20%→40%）"),
           ("bunch", "D2", "一半总分移入 [90, 92)"), ("flat", "D3", "自评分与执行率无关（94 ± 0.4 分）")]


def run(args) -> str:
    rng = np.random.default_rng(args.seed)
    started = time.perf_counter()
    null = {s: null_rates(rng, args.provinces, s) for s in (0.55, 0.1)}
    pw = {(e, n): power(rng, args.trials, e, n, r) for e, r, _ in EFFECTS for n in (30, 100, 300)}
    elapsed = time.perf_counter() - started
    lines = [START, f"## Peer rules D1–D3: null simulation and power (`python -m bench.peers --provinces {args.provinces} "
             f"--trials {args.trials}`)", "",
             f"Date: {dt.date.today().isoformat()}. Machine: {machine()}. {elapsed:.0f} s.", "",
             f"Provinces of {UNITS} cities with 5–300 reports each (log-uniform sizes), run through `ingest.funnel.compute` "
             "(the function the refresh runs). **Null**: no unit differs; scores follow the execution rate "
             "(slope 0.55 points per percentage point as the demo's normal units, or 0.1 = the execution line only), "
             "20% of reports all-full, 30% flagged, over-claim ~ max(N(0.3, 0.6), 0). Aim: each D rule flags ≤ 1% of units.", "",
             "| null | units | D1 flagged | D2 flagged | D3 flagged | small units (≤ 15 reports) | D1 | D2 | D3 | ≤ 1% |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for s, (o, sm) in null.items():
        met = "yes" if max(o.values()) <= 0.01 else "NO"
        lines.append(f"| slope {s} | {args.provinces * UNITS} | {o['D1']:.2%} | {o['D2']:.2%} | {o['D3']:.2%} | {sm['units']} | "
                     f"{sm['D1']:.2%} | {sm['D2']:.2%} | {sm['D3']:.2%} | {met} |")
    lines += ["", f"**Power**: one unit of 30, 100 or 300 reports carries the effect, among 15 null units; {args.trials} "
              "trials each; share of trials in which the rule flags it. Aim: ≥ 80% at 100 reports for +2 points and +20 points.", "",
              "| planted effect | rule | 30 reports | 100 reports | 300 reports |", "|---|---|---|---|---|"]
    for e, r, label in EFFECTS:
        lines.append(f"| {label} | {r} | {pw[(e, 30)]:.0%} | {pw[(e, 100)]:.0%} | {pw[(e, 300)]:.0%} |")
    lines += ["", NOTES, END]
    return "\n".join(lines)


NOTES = """How to read it: a unit is compared with its province without it; shares use binomial limits on the
arcsine scale, means σ/√n with σ the spread of the other units' reports; the mean self score is first set to the
province's mean execution rate (score − b·(rate − mean rate), b the province-year's slope), because the scoring
rules make scores follow the rate and its spread would otherwise hide a unit's own level. φ from z-scores
winsorised at 10% (at least the most extreme unit at each end) and, when the χ² test rejects, an additive τ²
widens the limits. A unit beyond the adjusted 99.8% limit is checked by an exact tail, a permutation test over the
province-year's reports, its own included (hypergeometric for shares, binomial against the smooth histogram for
D2, 20,000 resampled means for means), and D1 and D2 flag when that tail is below 0.1%
and Benjamini–Hochberg q ≤ 0.05 over the province-year's units. D2 reads two shares in [90, 92): of the unit's
totals in [88, 92), and of all its totals in [60, 100), both against the province's smooth histogram. D3 flags
when the empirical-Bayes slope's 95% interval lies inside ±0.05 points per percentage point (half of what the
execution line alone moves). Power for D3 depends on how tightly a flat unit's scores sit and how much its
execution rates vary: with 30 reports a slope is rarely pinned within ±0.05 unless the scores barely move."""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.peers")
    ap.add_argument("--provinces", type=int, default=300)
    ap.add_argument("--trials", type=int, default=300)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    text = run(args)
    publish(START, END, text, not args.no_write)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
