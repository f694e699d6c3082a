"""Download buttons for what a reviewer sends: a unit's 复核底稿 and 复核意见, a province's notices as a zip.

The files are made only when a button is pressed (Streamlit calls the function then). A notice is issued by a
reviewing account; a read-only account may download the workbook of the units it sees.
"""
from datetime import date, datetime, timedelta

import streamlit as st

from dashboard import store
from dashboard.exports import memo, workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
REPLY_DAYS = 30        # the default reply deadline of a notice, in days from today


def deadline_input(key: str) -> date:
    return st.date_input("整改期限（写入复核意见）", value=date.today() + timedelta(days=REPLY_DAYS), key=key,
                         format="YYYY-MM-DD")


def notice(user, deadline: date | None) -> memo.Notice:
    return memo.Notice(issuer=user.name, org=user.org, deadline=deadline, day=date.today())


def unit_buttons(path: str, scope: tuple, unit: str, user, key: str, deadline: date | None) -> None:
    """The unit's workbook (everyone who sees it) and notice (a reviewer) over the reports of `scope`
    (province, city, year, kind, synthetic)."""
    def pack():
        return store.review_pack(path, *scope, unit=unit)

    c1, c2, _ = st.columns([1, 1, 2])
    c1.download_button("下载复核底稿（Excel）", lambda: workbook.unit_workbook(pack(), unit, workbook.Made(
        user.name, datetime.now())), file_name=memo.file_name(unit, "复核底稿.xlsx"), mime=XLSX, on_click="ignore",
        key=f"{key}_xlsx", icon=":material/table:")
    if user.can_review:
        c2.download_button("下载复核意见（Word）", lambda: memo.unit_memo(pack(), unit, notice(user, deadline)),
                           file_name=memo.file_name(unit, "复核意见.docx"), mime=DOCX, on_click="ignore",
                           key=f"{key}_docx", icon=":material/description:")
    else:
        c2.caption("复核意见由省级复核账号出具。")


def province_button(path: str, f, user, deadline: date | None) -> None:
    """Every unit's notice of the chosen province (and the filter's year, kind, data) as one zip."""
    if not user.can_review:
        return
    if f.province is None:
        st.caption("在左侧选择省份后，可一次下载该省每个单位的复核意见（zip）。")
        return
    label = f.province + (f.city or "") + (f"{f.year}年度" if f.year else "")
    st.download_button(f"下载{label}全部单位的复核意见（zip）", lambda: memo.province_zip(
        store.review_pack(path, f.province, f.city, f.year, f.kind, f.synthetic), notice(user, deadline), label),
        file_name=f"{label}_复核意见.zip", mime="application/zip", on_click="ignore", key="province_zip",
        icon=":material/folder_zip:")
