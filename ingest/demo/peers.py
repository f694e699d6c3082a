"""Corpus-level truth: copied narratives (C2, C3) and the peer rules (D1–D3) of the planted cities."""
import statistics
from collections import defaultdict

MIN_REPORTS = 5    # peer_min_reports
MIN_PEERS = 3      # peer_min_units
MIN_RATE_SD = 2.0  # d3_min_rate_spread
D3_MAX_SLOPE = 0.05  # d3_max_slope
# a slope of 0 estimated from scores that vary lands inside ±D3_MAX_SLOPE with its 95% interval 9 times in 10
# when 1.96 + 1.645 standard errors fit; an inflating city's constant 100 gives exactly 0, so 1.96 suffices
POWER_90 = 1.96 + 1.645
PATTERN_RULES = {"inflate": {"D1", "D3"}, "bunch": {"D2", "D3"}, "flat": {"D3"}}
# the planted scores' spread around their level, as ingest.demo.content draws them: inflate always 100 (a
# score written to the point still carries 1/√12 of rounding), bunch U(90.2, 91.7), flat U(91, 98)
PATTERN_SCORE_SD = {"inflate": 0.29, "bunch": 1.5 / 12 ** 0.5, "flat": 7 / 12 ** 0.5}


def text_key(r: dict) -> str:
    """The narrative sections the similarity rules compare."""
    n = r["narrative"]
    return (n["problems_text"] if n["problems_admitted"] else "无。") + n["measures"]


def copy_rules(reports: list[dict]) -> dict[int, set[str]]:
    """C2 for identical narratives across units or projects, C3 for a unit's text reused from last year."""
    groups = defaultdict(list)
    for i, r in enumerate(reports):
        groups[text_key(r)].append(i)
    out = defaultdict(set)
    for members in groups.values():
        for a in members:
            ra = reports[a]
            for b in members:
                rb = reports[b]
                same_unit = ra["unit"]["name"] == rb["unit"]["name"]
                if b != a and not (same_unit and ra["year"] != rb["year"]):
                    out[a].add("C2")
                if same_unit and rb["year"] == ra["year"] - 1:
                    out[a].add("C3")
    return out


def peer_rules(reports: list[dict]) -> dict[int, set[str]]:
    """D rules for the reports of planted cities where the comparison can be made and the planted effect is
    large enough to be seen at the city's size (DOMAIN.md §5: a funnel flags what its size can show).

    D1 (inflate: every total 100, every indicator full, full execution points) and D2 (bunch: every total in
    [90.2, 91.7]) differ from their peers by far more than any limit at 5 reports, so they are expected
    wherever the city has MIN_REPORTS reports and MIN_PEERS other cities of the province report that year.
    D3 expects a slope credibly within ±D3_MAX_SLOPE: its standard error is the planted scores' spread over
    (the SD of the city's execution rates × √n), known from the design; a planted slope of 0 is expected to
    be found (9 times in 10) when 1.96 + 1.645 standard errors fit inside D3_MAX_SLOPE (a flat city of 9 reports whose scores spread
    over 91–98 cannot show a slope that small, and is not expected to)."""
    by_city = defaultdict(list)
    for i, r in enumerate(reports):
        u = r["unit"]
        by_city[(u["province"], r["year"], u["city"])].append(i)
    out = defaultdict(set)
    for (prov, year, city), members in by_city.items():
        peers = sum(1 for (p, y, c), m in by_city.items() if p == prov and y == year and c != city)
        pattern = reports[members[0]]["unit"]["pattern"]
        rules = PATTERN_RULES.get(pattern, set())
        if len(members) < MIN_REPORTS or not rules:
            continue
        rates = [r["funds"]["executed"] / r["funds"]["budget_full_year"] * 100 for r in map(reports.__getitem__, members)]
        keep = {d for d in rules if d == "D3" or peers >= MIN_PEERS}
        rate_sd = statistics.pstdev(rates)
        if rate_sd < MIN_RATE_SD:
            keep.discard("D3")
        elif (1.96 if pattern == "inflate" else POWER_90) * PATTERN_SCORE_SD[pattern] / (rate_sd * len(members) ** 0.5) >= D3_MAX_SLOPE:
            keep.discard("D3")
        for i in members:
            out[i] |= keep
    return out
