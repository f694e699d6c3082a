"""Sidebar filters (province, city, year, kind, synthetic data) kept in the URL query string."""
from dataclasses import asdict, dataclass

import pandas as pd
import streamlit as st

ALL = "全部"
KINDS = {"project": "项目支出", "department": "部门整体支出"}
PENDING_CITY = "_pending_city"     # set by a click on the map, applied before the sidebar's widgets are drawn
PENDING_PROVINCE = "_pending_province"
KEYS = {"province": "f_province", "city": "f_city", "year": "f_year", "kind": "f_kind", "synthetic": "f_synthetic"}


@dataclass(frozen=True)
class Filters:
    province: str | None = None
    city: str | None = None
    year: int | None = None
    kind: str | None = None
    synthetic: bool = True

    def args(self) -> dict:
        """Keyword arguments for the store's query functions."""
        return asdict(self)

    def period(self) -> str:
        """The year a chart shows, in words."""
        return f"{self.year}年度" if self.year else "全部年度"

    def describe(self) -> str:
        """The filter in words, for captions."""
        parts = [self.province or "全部省份", self.city or "全部城市",
                 f"{self.year}年度" if self.year else "全部年度", KINDS.get(self.kind, "全部类型"),
                 "含合成数据" if self.synthetic else "仅真实数据"]
        return " · ".join(parts)


def _seed_from_url(options: pd.DataFrame) -> None:
    """Before the widgets exist, take their starting values from the query string (or a city a page asked for)."""
    qp = st.query_params
    province = st.session_state.pop(PENDING_PROVINCE, None)
    if province in set(options["province"].dropna()):
        st.session_state[KEYS["province"]], st.session_state[KEYS["city"]] = province, ALL
    if PENDING_CITY in st.session_state:
        city = st.session_state.pop(PENDING_CITY)
        match = options[options["city"] == city]
        if not match.empty:
            st.session_state[KEYS["province"]] = str(match["province"].iloc[0])
            st.session_state[KEYS["city"]] = city
    if KEYS["province"] not in st.session_state:
        prov = qp.get("province")
        st.session_state[KEYS["province"]] = prov if prov in set(options["province"].dropna()) else ALL
    if KEYS["city"] not in st.session_state:
        city = qp.get("city")
        st.session_state[KEYS["city"]] = city if city in set(options["city"].dropna()) else ALL
    if KEYS["year"] not in st.session_state:
        year = qp.get("year")
        years = {str(int(y)) for y in options["year"].dropna()}
        st.session_state[KEYS["year"]] = year if year in years else ALL
    if KEYS["kind"] not in st.session_state:
        kind = qp.get("kind")
        st.session_state[KEYS["kind"]] = KINDS[kind] if kind in KINDS else ALL
    if KEYS["synthetic"] not in st.session_state:
        st.session_state[KEYS["synthetic"]] = qp.get("synthetic") != "0"


def _choices(values, fixed: str | None = None) -> list[str]:
    """全部 and every value; only the fixed one when an account's scope fixes it."""
    return [fixed] if fixed else [ALL] + sorted({str(v) for v in values if pd.notna(v)})


def _keep_valid(key: str, choices: list[str]) -> None:
    if st.session_state.get(key) not in choices:
        st.session_state[key] = choices[0]


def in_scope(options: pd.DataFrame, user) -> pd.DataFrame:
    """The rows of a frame with province and city columns that an account may see."""
    if user is None or user.province is None:
        return options
    keep = options["province"] == user.province
    if user.role == "city":
        keep &= options["city"] == user.city
    return options[keep]


def sidebar(options: pd.DataFrame, user=None) -> Filters:
    """Draw the filters in the sidebar (within the account's scope), write them to the URL and return them."""
    options = in_scope(options, user)
    fixed_province = user.province if user else None
    fixed_city = user.city if user and user.role == "city" else None
    _seed_from_url(options)
    with st.sidebar:
        st.subheader("筛选")
        provinces = _choices(options["province"], fixed_province)
        _keep_valid(KEYS["province"], provinces)
        province = st.selectbox("省份", provinces, key=KEYS["province"], disabled=fixed_province is not None)
        in_prov = options if province == ALL else options[options["province"] == province]
        cities = _choices(in_prov["city"], fixed_city)
        _keep_valid(KEYS["city"], cities)
        city = st.selectbox("城市", cities, key=KEYS["city"], disabled=fixed_city is not None)
        years = [ALL] + sorted({str(int(y)) for y in options["year"].dropna()}, reverse=True)
        _keep_valid(KEYS["year"], years)
        year = st.selectbox("年度", years, key=KEYS["year"])
        kind = st.selectbox("类型", [ALL] + list(KINDS.values()), key=KEYS["kind"])
        synthetic = st.toggle("包含合成数据", key=KEYS["synthetic"],
                              help="合成数据用于演示和压力测试，不代表真实报告")
    f = Filters(province=fixed_province or (None if province == ALL else province),
                city=fixed_city or (None if city == ALL else city), year=None if year == ALL else int(year),
                kind=next((k for k, v in KINDS.items() if v == kind), None), synthetic=bool(synthetic))
    write_url(f)
    return f


def write_url(f: Filters) -> None:
    """Mirror the filters into the query string, leaving other parameters (such as report) alone."""
    wanted = {"province": f.province, "city": f.city, "year": str(f.year) if f.year else None,
              "kind": f.kind, "synthetic": None if f.synthetic else "0"}
    for name, value in wanted.items():
        if value is None:
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get(name) != value:
            st.query_params[name] = value


def current() -> Filters:
    """The filters as the sidebar last set them (the entry file draws the sidebar before each page)."""
    return st.session_state.get("filters", Filters())


def url_for(page: str, f: Filters, **extra) -> str:
    """A relative link to a page carrying the filters and extra parameters."""
    from urllib.parse import urlencode

    params = {"province": f.province, "city": f.city, "year": f.year, "kind": f.kind,
              "synthetic": None if f.synthetic else "0", **extra}
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"{page}?{query}" if query else page


def matching(df: pd.DataFrame, search: str, columns: list[str]) -> pd.Series:
    """Rows where any of the name columns contains the search box's text as typed (every row when it is empty)."""
    text = (search or "").strip()
    if not text or df.empty:
        return pd.Series(True, index=df.index)
    return df[columns].fillna("").astype(str).apply(lambda c: c.str.contains(text, regex=False)).any(axis=1)
