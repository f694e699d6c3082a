"""Real provinces, prefecture-level cities and counties from cpca's bundled adcode table."""
import csv
import os
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

PROVINCES = ("440000", "330000", "430000", "510000", "340000")
CITIES_PER_PROVINCE = 7
COUNTIES_PER_CITY = 3
CITY_ENDINGS = ("市", "州", "地区", "盟")
COUNTY_ENDINGS = ("县", "区", "市", "旗")


@dataclass(frozen=True)
class Place:
    province: str
    city: str
    county: str | None
    adcode: str


def adcode_table() -> list[tuple[str, str]]:
    """(6-digit adcode, name) rows of cpca's resources/adcodes.csv."""
    import cpca

    path = os.path.join(os.path.dirname(cpca.__file__), "resources", "adcodes.csv")
    with open(path, encoding="utf-8") as handle:
        return [(row["adcode"][:6], row["name"]) for row in csv.DictReader(handle)]


@lru_cache(maxsize=1)
def all_places() -> dict[str, list[Place]]:
    """Every usable city and county, by province code, sorted by adcode."""
    rows = sorted(adcode_table())
    names = dict(rows)
    unique = {n for n, k in Counter(n for _, n in rows).items() if k == 1}
    out: dict[str, list[Place]] = {p: [] for p in PROVINCES}
    for code, name in rows:
        prov = code[:2] + "0000"
        if prov not in out or code == prov:
            continue
        city_code = code[:4] + "00"
        if code == city_code and name.endswith(CITY_ENDINGS):
            out[prov].append(Place(names[prov], name, None, code))
        elif code != city_code and name in unique and name.endswith(COUNTY_ENDINGS) and city_code in names:
            out[prov].append(Place(names[prov], names[city_code], name, code))
    return out


def pick_places(rng) -> list[Place]:
    """A few cities per province, each with some of its counties (unique names only)."""
    picked: list[Place] = []
    for prov in PROVINCES:
        places = all_places()[prov]
        cities = [p for p in places if p.county is None]
        for city in rng.sample(cities, min(CITIES_PER_PROVINCE, len(cities))):
            counties = [p for p in places if p.county and p.adcode[:4] == city.adcode[:4]]
            picked.append(city)
            picked.extend(rng.sample(counties, min(COUNTIES_PER_CITY, len(counties))))
    return picked
