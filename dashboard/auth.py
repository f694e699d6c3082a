"""Sign-in for the dashboard (streamlit-authenticator) and the signed-in account of a session.

A session is signed in when `auth_username` names an account of the users file (dashboard.users): set here
after streamlit-authenticator has checked the password or its signed re-login cookie, or by a users file that
names an `auto_login` account (one person on their own machine). The account is read from the file on every run,
so a removed account or a changed scope takes effect at once.
"""
from pathlib import Path

import streamlit as st

from dashboard import safe, users

SESSION_KEY = "auth_username"
COOKIE_DUE = "_auth_cookie_due"
LOGIN_FIELDS = {"Form name": "登录", "Username": "用户名", "Password": "密码", "Login": "登录"}


@st.cache_data(show_spinner=False)
def _config(path: str, mtime_ns: int) -> dict:
    return users.read(Path(path))


def config(path: Path) -> dict:
    """The users file (treat as read-only), read again whenever it changes."""
    return _config(str(path), path.stat().st_mtime_ns)


def current() -> users.User:
    """The signed-in account (the entry file signs in before any page runs)."""
    return st.session_state["auth_user"]


def authenticator(conf: dict):
    """streamlit-authenticator over a copy of the credentials (it records log-ins in what it is given)."""
    import copy

    import streamlit_authenticator as stauth

    cookie = conf["cookie"]
    return stauth.Authenticate(copy.deepcopy(conf["credentials"]), cookie.get("name", users.COOKIE_NAME),
                               cookie["key"], float(cookie.get("expiry_days", users.COOKIE_DAYS)), auto_hash=False)


def session_user(db_path: str) -> users.User | None:
    """The session's account (or the file's auto-login one), without drawing anything; None when signed out."""
    path = users.users_path(db_path)
    try:
        conf = config(path) if path.exists() else None
    except users.UsersError:
        conf = None                 # the sign-in page says what is wrong with the file
    if conf is None:
        st.session_state["auth_user"] = None
        return None
    known = users.accounts(conf)
    name = st.session_state.get(SESSION_KEY)
    if name not in known:
        st.session_state.pop(SESSION_KEY, None)
        name = conf.get("auto_login")
    user = known.get(name)
    st.session_state["auth_user"] = user
    return user


def login_page(db_path: str) -> None:
    """The sign-in form; a successful sign-in reruns the app, anything else stops here."""
    path = users.users_path(db_path)
    st.title("绩效自评监督看板")
    if not path.exists():
        st.error(f"还没有任何账号。请在服务器上运行 `python -m dashboard.users add 用户名 --name 姓名 --role province "
                 f"--province 省份` 新增账号（账号文件：{safe.md(path)}）；演示数据库可运行 `python -m dashboard.users demo`。")
        st.stop()
    st.caption("请使用省级复核或市级查看账号登录。账号由管理员用 python -m dashboard.users 创建。")
    try:
        conf = config(path)
    except users.UsersError as exc:
        st.error(safe.md(exc))
        st.stop()
    auth = authenticator(conf)
    known = users.accounts(conf)
    if st.session_state.get("authentication_status") and st.session_state.get("username") not in known:
        auth.logout(location="unrendered")      # an account removed while signed in: ask for a password again
    from_cookie = bool(auth.cookie_controller.get_cookie())     # signed in again by the browser's cookie
    try:
        auth.login(location="main", fields=LOGIN_FIELDS, key="login_form")
    except Exception as exc:  # the library's LoginError: a re-login cookie of an account removed since
        auth.cookie_controller.delete_cookie()
        st.error(f"无法用保存的登录状态登录（{safe.md(exc)}），请刷新页面后重新输入密码。")
        st.stop()
    username = st.session_state.get("username")
    if st.session_state.get("authentication_status") and username in known:
        st.session_state[SESSION_KEY] = username
        st.session_state[COOKIE_DUE] = not from_cookie    # a password sign-in gets a cookie; a cookie is not renewed
        st.rerun()
    if st.session_state.get("authentication_status") is False:
        st.error("用户名或密码不正确。")
    st.stop()


def account_box(user: users.User, db_path: str) -> None:
    """Who is signed in, in the sidebar, and a sign-out button for a password sign-in."""
    st.sidebar.caption(f"当前账号：{safe.md(user.describe())}")
    if not (st.session_state.get(SESSION_KEY) == user.username and st.session_state.get("authentication_status")):
        return      # signed in by the users file's auto_login, or by a test
    auth = authenticator(config(users.users_path(db_path)))
    if st.session_state.pop(COOKIE_DUE, False):
        auth.cookie_controller.set_cookie()     # in a run that stays on screen, so the browser keeps it
    if st.sidebar.button("退出登录", key="logout_button"):
        auth.logout(location="unrendered")      # also deletes the re-login cookie
        for key in (SESSION_KEY, "auth_user"):
            st.session_state.pop(key, None)
        st.info("已退出登录。刷新页面可重新登录。")
        st.stop()
