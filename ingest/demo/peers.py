"""Corpus-level truth: copied narratives (C2, C3) and the peer rules (D1–D3) of the planted cities."""
import statistics
from collections import defaultdict

MIN_REPORTS = 5   # peer_min_reports
MIN_PEERS = 3     # peer_min_units
MIN_RATE_SD = 2.0  # d3_min_rate_spread
PATTERN_RULES = {"inflate": {"D1", "D3"}, "bunch": {"D2", "D3"}, "flat": {"D3"}}


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
    """D rules for the reports of planted cities where the peer comparison can be computed."""
    by_city = defaultdict(list)
    for i, r in enumerate(reports):
        u = r["unit"]
        by_city[(u["province"], r["year"], u["city"])].append(i)
    out = defaultdict(set)
    for (prov, year, city), members in by_city.items():
        peers = sum(1 for (p, y, c), m in by_city.items() if p == prov and y == year and c != city
                    and len(m) >= MIN_REPORTS)
        rules = PATTERN_RULES.get(reports[members[0]]["unit"]["pattern"], set())
        if len(members) < MIN_REPORTS:
            continue
        rates = [r["funds"]["executed"] / r["funds"]["budget_full_year"] * 100 for r in map(reports.__getitem__, members)]
        keep = {d for d in rules if d == "D3" or peers >= MIN_PEERS}
        if statistics.pstdev(rates) < MIN_RATE_SD:
            keep.discard("D3")
        if "D2" in keep and bunch_spread(reports, by_city, (prov, year, city)) == 0:
            keep.discard("D2")  # the catalog skips a comparison whose peer spread is zero
        for i in members:
            out[i] |= keep
    return out


def bunch_share(reports: list[dict], members: list[int]) -> float:
    """Share of total scores in [90, 92)."""
    return sum(90 <= reports[i]["self_score"] < 92 for i in members) / len(members)


def bunch_spread(reports: list[dict], by_city: dict, key: tuple) -> float:
    """Median absolute deviation of the peers' bunching shares (same province and year)."""
    prov, year, city = key
    shares = [bunch_share(reports, m) for (p, y, c), m in by_city.items()
              if p == prov and y == year and c != city and len(m) >= MIN_REPORTS]
    mid = statistics.median(shares)
    return statistics.median(abs(x - mid) for x in shares)
