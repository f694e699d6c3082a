"""Place names to province, city, county and 6-digit adcode (cpca plus an alias table)."""
import re
from functools import lru_cache

# Short or older names cpca does not resolve, to their official full names.
ALIASES = {
    "红河州": "红河哈尼族彝族自治州", "楚雄州": "楚雄彝族自治州", "大理州": "大理白族自治州",
    "文山州": "文山壮族苗族自治州", "西双版纳州": "西双版纳傣族自治州", "德宏州": "德宏傣族景颇族自治州",
    "怒江州": "怒江傈僳族自治州", "迪庆州": "迪庆藏族自治州", "黔东南州": "黔东南苗族侗族自治州",
    "黔南州": "黔南布依族苗族自治州", "黔西南州": "黔西南布依族苗族自治州", "恩施州": "恩施土家族苗族自治州",
    "湘西州": "湘西土家族苗族自治州", "延边州": "延边朝鲜族自治州", "甘孜州": "甘孜藏族自治州",
    "阿坝州": "阿坝藏族羌族自治州", "凉山州": "凉山彝族自治州", "临夏州": "临夏回族自治州",
    "甘南州": "甘南藏族自治州", "海北州": "海北藏族自治州", "黄南州": "黄南藏族自治州",
    "果洛州": "果洛藏族自治州", "玉树州": "玉树藏族自治州", "海西州": "海西蒙古族藏族自治州",
    "昌吉州": "昌吉回族自治州", "博州": "博尔塔拉蒙古自治州", "巴州": "巴音郭楞蒙古自治州",
    "克州": "克孜勒苏柯尔克孜自治州", "伊犁州": "伊犁哈萨克自治州", "襄樊市": "襄阳市", "思茅市": "普洱市",
    "兵团": "新疆维吾尔自治区",   # 新疆生产建设兵团 files as a provincial-level unit of Xinjiang
}
# Not inside a longer place name: 巴州区 (巴中市) is not 巴州 (巴音郭楞).
ALIAS_RE = re.compile("(?:" + "|".join(re.escape(k) for k in sorted(ALIASES, key=len, reverse=True)) + ")(?![区市县镇乡旗])")
# Regions whose budgets are not filed to mainland supervisors: a hit is a spam or a false match.
NOT_FILED = {"香港特别行政区", "澳门特别行政区", "台湾省"}
# cpca placeholders that are not real prefectures.
NOT_A_CITY = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
MUNICIPALITIES = {"北京市", "上海市", "天津市", "重庆市"}
MIN_PLACE_CHARS = 2
# A county-level name at the start of a string, tried as a former 县 when cpca does not know it.
RENAMED_COUNTY = re.compile(r"^(?P<stem>[\u4e00-\u9fff]{2,3}?)[市区](?=[\u4e00-\u9fff])")   # a match that consumed fewer characters is a false hit (e.g. a bare 县)


def expand_aliases(text: str) -> str:
    """Replace short prefecture names by their full names."""
    return ALIAS_RE.sub(lambda m: ALIASES[m.group(0)], text)


@lru_cache(maxsize=4096)
def resolve_one(text: str) -> tuple[str | None, str | None, str | None, str | None]:
    """(province, city, county, adcode) in one string; a county renamed since cpca's data
    (宁乡县 → 宁乡市, 县 → 区) is found under its former name and reported under the printed one."""
    found = _resolve(text)
    if found[0] is not None:
        return found
    match = RENAMED_COUNTY.match(text)
    if match:
        prov, city, county, adcode = _resolve(match.group("stem") + "县" + text[match.end():])
        if county == match.group("stem") + "县":
            return prov, city, match.group(0), adcode
    return None, None, None, None


def _resolve(text: str) -> tuple[str | None, str | None, str | None, str | None]:
    """(province, city, county, adcode) cpca finds in one string, or Nones."""
    import cpca

    text = expand_aliases(text)
    row = cpca.transform([text]).iloc[0]
    prov, city, county, rest, adcode = (_clean(row[k]) for k in ("省", "市", "区", "地址", "adcode"))
    if prov is None or prov in NOT_FILED or len(text) - len(rest or "") < MIN_PLACE_CHARS:
        return None, None, None, None
    if city in NOT_A_CITY:
        if county is None and prov in MUNICIPALITIES and prov[:2] not in text:
            return None, None, None, None   # a bare 县 read as 重庆市's counties
        city = None
    if county and city and not _adjacent(text, city, county):
        county, adcode = None, _city_code(adcode)
    if county is None and city is None and prov not in MUNICIPALITIES:
        if not _mentions(text, prov):
            return None, None, None, None
    return prov, city, county, adcode


def _adjacent(text: str, city: str, county: str) -> bool:
    """True unless both names are printed far apart (`保山市…转移至隆阳区` is not 隆阳区's report)."""
    at_city = max(text.find(city), text.find(city[:2]))
    at_county = text.find(county)
    if at_city < 0 or at_county < 0:
        return True
    return at_county <= at_city + len(city) + 1


def _city_code(adcode: str | None) -> str | None:
    """The prefecture's adcode (first four digits of a county's, then 00)."""
    return adcode[:4] + "00" if adcode else None


def _mentions(text: str, province: str) -> bool:
    """True when the text names the province itself (cpca guesses provinces from city names too)."""
    return province[:2] in text


def _clean(value) -> str | None:
    if value is None or (isinstance(value, float)) or str(value) in ("", "nan", "None"):
        return None
    return str(value)


def resolve_place(candidates: list[str]) -> dict[str, str | None]:
    """The most specific consistent place across candidate strings, most trusted first."""
    best = {"province": None, "city": None, "county": None, "adcode": None}
    for text in candidates:
        if not text:
            continue
        prov, city, county, adcode = resolve_one(text[:80])
        if prov is None or (best["province"] and prov != best["province"]):
            continue
        if best["city"] and city and city != best["city"]:
            continue
        if _rank(city, county) > _rank(best["city"], best["county"]):
            best = {"province": prov, "city": city or best["city"], "county": county, "adcode": adcode}
        elif best["province"] is None:
            best = {"province": prov, "city": city, "county": county, "adcode": adcode}
        if best["county"]:
            break
    return best


def _rank(city: str | None, county: str | None) -> int:
    return 2 if county else 1 if city else 0
