"""数据导入: upload files, preview each parse with its warnings, then load them through the one loader."""
import pandas as pd
import streamlit as st

from dashboard import safe, store
from ingest.errors import IngestError
from ingest.loader import parse_bytes
from ingest.readers import EXTENSIONS
from ingest.settings import MAX_UPLOAD_FILES, MAX_UPLOAD_MB, max_file_bytes

TYPES = sorted(ext.lstrip(".") for ext in EXTENSIONS)   # every format the readers accept, scans and photos too
PREVIEW_FIELDS = {"project_name": "项目名称", "implementing_unit": "实施单位", "province": "省份", "city": "城市",
                  "county": "区县", "year": "年度", "self_score": "自评得分", "grade": "等级",
                  "budget_full_year": "全年预算", "executed": "执行数", "execution_rate": "执行率"}


@st.cache_data(show_spinner=False, max_entries=200)
def preview(name: str, data: bytes) -> dict:
    """Parse one upload the way the loader will, without touching the database: one row per report."""
    try:
        reports, rendered = parse_bytes(data, name)
    except IngestError as err:
        return {"ok": False, "error": err.zh}
    rows = [{"序号": r.part + 1, **{label: r.get(k) for k, label in PREVIEW_FIELDS.items()},
             "指标数": len(r.counted_indicators())} for r in reports]
    warnings = [w if len(reports) == 1 else f"第 {r.part + 1} 份：{w}" for r in reports for w in r.warnings]
    return {"ok": True, "rows": rows, "warnings": warnings, "format": rendered.format}


path = store.db_path()
limit = max_file_bytes()
st.title("数据导入")
max_files, max_total = int(MAX_UPLOAD_FILES.number()), MAX_UPLOAD_MB.number() * 1024 * 1024
st.caption(f"支持 {', '.join(TYPES)}；单个文件不超过 {limit / 1024 / 1024:.0f} MB，"
           f"每次最多 {max_files} 个文件、合计 {max_total / 1024 / 1024:.0f} MB。"
           "先预览解析结果，确认后再写入数据库；导入在数据库副本上进行，其他页面和用户可以照常查看。")

uploads = st.file_uploader("选择一个或多个报告文件", type=TYPES, accept_multiple_files=True, key="uploads")
ready: list[tuple[str, bytes]] = []
taken = 0
for n, up in enumerate(uploads or []):
    data = up.getvalue()
    with st.expander(f"{safe.md(up.name)}（{len(data) / 1024:.1f} KB）", expanded=len(uploads) <= 3):
        if len(data) > limit:
            st.error(f"文件超过大小上限 {limit / 1024 / 1024:.0f} MB，已拒绝。")
            continue
        # caps per upload session: a batch of large files must not fill the server's memory
        if n >= max_files or taken + len(data) > max_total:
            st.error(f"本次上传已达上限（最多 {max_files} 个文件、合计 {max_total / 1024 / 1024:.0f} MB），"
                     "此文件未读取，请分批导入。")
            continue
        taken += len(data)
        with st.spinner(f"正在读取 {safe.md(up.name)}（扫描件和照片需要文字识别，每页约数秒）…"):
            p = preview(up.name, data)
        if not p["ok"]:
            st.error(f"无法解析：{safe.md(p['error'])}")
            continue
        ready.append((up.name, data))
        st.dataframe(pd.DataFrame(p["rows"]).astype("string"), hide_index=True)
        st.markdown(f"格式：{safe.md(p['format'])}　报告：{len(p['rows'])} 份　警告：{len(p['warnings'])} 条")
        for w in p["warnings"]:
            st.warning(safe.md(w))

if uploads:
    st.markdown(f"可导入 **{len(ready)}** / {len(uploads)} 个文件。")
if st.button(f"确认导入 {len(ready)} 个文件", type="primary", disabled=not ready, key="do_import"):
    bar = st.progress(0.0, text="开始导入…")
    try:
        summary = store.load_uploads(path, ready, lambda done, total, text: bar.progress(done / total, text=text))
    except store.StoreError as exc:
        st.error(f"导入失败：{safe.md(exc)}")
    else:
        bar.progress(1.0, text="导入完成")
        st.success(summary.headline() + "。")
        for name, reason in summary.errors:
            st.error(f"{safe.md(name)}：{safe.md(reason)}")

st.subheader("最近的导入错误")
errors = store.ingest_errors(path)
if errors.empty:
    st.caption("暂无导入错误。")
else:
    st.dataframe(errors, hide_index=True, width="stretch",
                 column_config={"failed_at": st.column_config.DatetimeColumn("时间", format="YYYY-MM-DD HH:mm"),
                                "path": "文件", "format": "格式", "reason_zh": "原因", "reason_en": "Reason"})
