"""Failures become a Chinese message in the page, never a traceback; first-run database build with progress."""
import logging
from contextlib import contextmanager

import streamlit as st

from dashboard import safe, store

log = logging.getLogger("dashboard")


@contextmanager
def shown_in_page():
    """Run a block; a failure is logged and shown as a Chinese error box."""
    try:
        yield
    except store.StoreError as exc:
        st.error(safe.md(exc))
    except Exception as exc:  # the page must explain itself, not dump a traceback
        log.exception("dashboard page failed")
        st.error(f"页面出现内部错误（{type(exc).__name__}），请刷新页面重试；如仍出错请联系管理员。")


def build_if_missing(path: str) -> None:
    """Build the default database on first start, showing progress."""
    from pathlib import Path

    if Path(path).exists():
        return
    with st.status("首次启动：正在构建默认数据库…", expanded=True) as status:
        bar = st.progress(0.0, text="准备中…")

        def progress(done: int, total: int, text: str) -> None:
            bar.progress(min(done / max(total, 1), 1.0), text=text)

        if store.ensure_database(path, progress):
            from dashboard import users

            if users.ensure_demo_file(users.users_path(path)):
                st.info(f"已为演示数据库创建演示账号（见 README“账号与权限”），密码 {users.DEMO_PASSWORD}；"
                        "正式使用前请用 python -m dashboard.users 替换。")
        status.update(label="默认数据库已就绪", state="complete", expanded=False)
