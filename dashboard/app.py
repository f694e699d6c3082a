"""绩效自评监督看板: the thin entry file (`streamlit run dashboard/app.py`)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from dashboard import auth, filters, guard, store  # noqa: E402

st.set_page_config(page_title="绩效自评监督看板", page_icon="📊", layout="wide")

PAGES = [
    st.Page("views/overview_page.py", title="总览", icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("views/cities_page.py", title="城市对比", icon=":material/location_city:", url_path="cities"),
    st.Page("views/years_page.py", title="逐年对比", icon=":material/timeline:", url_path="years"),
    st.Page("views/queue_page.py", title="异常线索", icon=":material/flag:", url_path="queue"),
    st.Page("views/project_page.py", title="项目详情", icon=":material/description:", url_path="project"),
    st.Page("views/import_page.py", title="数据导入", icon=":material/upload_file:", url_path="import"),
    st.Page("views/methodology_page.py", title="规则说明", icon=":material/menu_book:", url_path="methodology"),
]

READ_ONLY_HIDDEN = {"import"}          # pages a read-only (city) account does not get


def pages_for(user) -> list:
    """The pages an account may open: all of them to a reviewer, no import to a read-only account."""
    if user is not None and not user.can_review:
        return [p for p in PAGES if p.url_path not in READ_ONLY_HIDDEN]
    return PAGES


# The page files live in views/, not pages/: Streamlit treats a pages/ folder as the old multipage mode and
# answers a first request for /cities with "Page not found" before st.navigation has run.
path = store.db_path()
user = auth.session_user(path)
page = st.navigation(pages_for(user), position="sidebar" if user else "hidden")
with guard.shown_in_page():
    guard.build_if_missing(path)
    if user is None:
        auth.login_page(path)     # signs in and reruns, or stops
    auth.account_box(user, path)
    st.session_state["filters"] = filters.sidebar(store.filter_options(path), user)
    page.run()
