"""The funnel's statistics on small, skewed units (ingest.funnel): what the normal limits overstate, the exact
tail does not confirm; and the answer does not depend on the order reports were loaded in."""
import numpy as np
import pandas as pd

from ingest import funnel

SETTINGS = dict(peer_min_reports=5, peer_min_units=3, bunch_low=90, bunch_width=2, funnel_fdr=0.05,
                d3_max_slope=0.05, d3_min_rate_spread=2)


def province(special: dict, others: dict, n_cities: int = 12, n_reports: int = 10) -> pd.DataFrame:
    """A province-year of n_cities ordinary cities and one special one; columns as funnel.INPUT_SQL reads."""
    rows = []
    for c in range(n_cities + 1):
        name, spec = ("特殊市", special) if c == 0 else (f"市{c:02d}", others)
        n = len(spec["inflation"]) if c == 0 else n_reports
        for j in range(n):
            rows.append(dict(province="某省", year=2023, city=name, county=None, self_score=85.0 + (j * 7 + c) % 11,
                             all_full_marks=False, verifiable_share=1.0, rate_for_points=90.0 + (j * 3 + c) % 9,
                             inflation=spec["inflation"][j % len(spec["inflation"])],
                             flagged=spec["flagged"][j % len(spec["flagged"])]))
    return pd.DataFrame(rows)


def verdict(df: pd.DataFrame, measure: str) -> str:
    rows, _ = funnel.compute(df, SETTINGS)
    row = rows[(rows["level"] == "city") & (rows["region_name"] == "特殊市") & (rows["measure"] == measure)]
    return row["verdict"].iloc[0]


def test_a_small_city_holding_a_few_large_over_claims_is_not_flagged():
    # over-claim is 0 in most reports and 8 points in one of ten; the special city of 7 reports happens to
    # hold four of the 8s: σ/√n puts it beyond 99.8% (z ≈ 4), but any 7 of the province's reports do that
    # about 3 times in 1,000, so the exact tail keeps it a note
    special = {"inflation": [8, 8, 8, 8, 0, 0, 0], "flagged": [False]}
    others = {"inflation": [0, 0, 0, 0, 0, 0, 0, 0, 0, 8], "flagged": [False]}
    assert verdict(province(special, others), "mean_inflation") == "above_998_exact"


def test_a_small_city_with_every_report_flagged_is_not_flagged_where_most_are():
    # 6 of 6 reports flagged where 56% of the province's are: 0.56^6 ≈ 3%, no evidence
    special = {"inflation": [0] * 6, "flagged": [True]}
    others = {"inflation": [0], "flagged": [True, False, True, True, False, True, False, True, False]}
    assert verdict(province(special, others), "flagged_share") in ("above_998_exact", "above_95", "within")


def test_a_city_far_above_its_peers_is_flagged():
    special = {"inflation": [6, 7, 8, 6, 7, 8, 6, 7, 8, 6, 7, 8], "flagged": [True]}
    others = {"inflation": [0, 0, 0, 0, 0, 0, 0, 0, 0, 1], "flagged": [False, False, False, True]}
    df = province(special, others)
    assert verdict(df, "mean_inflation") == "above_998"
    assert verdict(df, "flagged_share") == "above_998"


def test_the_answer_does_not_depend_on_report_order():
    special = {"inflation": [8, 8, 8, 0, 0, 0, 0, 3], "flagged": [True, False]}
    others = {"inflation": [0, 0, 0, 0, 0, 0, 0, 0, 0, 8], "flagged": [False, True, False]}
    df = province(special, others)
    keys = ["level", "region_name", "measure"]
    a = funnel.compute(df, SETTINGS)[0].sort_values(keys).reset_index(drop=True)
    b = funnel.compute(df.sample(frac=1, random_state=5), SETTINGS)[0].sort_values(keys).reset_index(drop=True)
    pd.testing.assert_series_equal(a["verdict"], b["verdict"])
    assert np.allclose(a["p_value"].fillna(-1), b["p_value"].fillna(-1))
