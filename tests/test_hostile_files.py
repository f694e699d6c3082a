"""Hostile files, each made here and small, beside good ones: `load` and `extract` under memory limits.

Every hostile file must be refused within seconds with its reason (in `ingest_errors`, the load
summary and extract's stderr), the good files beside it must load, and nothing of a refused file may
remain in the database. Files are parsed in workers limited to 1.5 GB of address space, the loader
itself (DuckDB reserves address space generously) to 2.5 GB, on a 24 GB machine: a reader that
allocated the grid a file claims would fail the test instead of the machine.
"""
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

REPO = Path(__file__).resolve().parents[1]
DOCUMENTS = REPO / "tests" / "fixtures" / "documents"
SEED = REPO / "data" / "raw" / "seeds" / "000_56c52ff795e3661e.txt"
WORKER_LIMIT_MB = 1536         # parse_memory_mb of every worker
LOADER_LIMIT_MB = 2560         # RLIMIT_AS of the `load` / `extract` process
REFUSE_WITHIN_S = 5.0
LYING_ZIP_REAL_MB = 300        # what the lying member really inflates to (its header says 20 KB)

# file name -> (error code, a piece of the Chinese reason)
HOSTILE = {
    "far_cell.xlsx": ("limit_exceeded", "max_table_cells"),
    "grid_span.docx": ("limit_exceeded", "max_span"),
    "colspan.html": ("limit_exceeded", "max_document_cells"),
    "lying_header.docx": ("zip_bomb", "声明"),
    "one_line.txt": ("limit_exceeded", "max_line_chars"),
    "merge_to_the_end.xlsx": ("limit_exceeded", "合并单元格"),
    "encrypted.pdf": ("encrypted", "加密"),
    "pipe.txt": ("not_a_file", "命名管道"),
    "self_loop.docx": ("symlink_loop", "循环"),
    "folder/up": ("symlink_loop", "循环"),
    "unreadable.txt": ("unreadable", "权限不足"),
    "locked": ("unreadable_folder", "无法打开文件夹"),
}
GOOD = ["national_form.docx", "seed.txt", "gb18030_bad_bytes.txt", "one_nul.txt"]

# Run as root, chmod 000 does not stop a read: the driver then gets the EACCES the system gives a user.
DRIVER = r"""
import errno, json, os, resource, sys, time
limit = int(sys.argv[1]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
if os.geteuid() == 0:
    def denied(real):
        def call(path, *args, **kwargs):
            if os.path.basename(os.fspath(path)) in ("unreadable.txt", "locked"):
                raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
            return real(path, *args, **kwargs)
        return call
    os.open, os.scandir = denied(os.open), denied(os.scandir)
command = sys.argv[2]
if command == "extract":
    from ingest.__main__ import main
    sys.exit(main(["extract", *sys.argv[3:]]))
from ingest.loader import load_paths
stamps = [time.perf_counter()]   # then one after each file, and one after the refresh
summary = load_paths([sys.argv[3]], sys.argv[4], progress=lambda done, total, text: stamps.append(time.perf_counter()))
from ingest.worker import stop_idle_workers
stop_idle_workers()   # waited for, the workers' peak memory shows in RUSAGE_CHILDREN
print(json.dumps({
    "results": [[r.name, r.status, r.reason] for r in summary.results],
    "stamps": stamps,
    "describe": summary.describe(),
    "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    "loader_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}, ensure_ascii=False))
"""


def far_cell_xlsx(path: Path) -> None:
    """A real report sheet with one more cell at XFD1048576: 16,384 columns × its rows, the grid it claims."""
    book = openpyxl.load_workbook(DOCUMENTS / "synthetic_national_form_merged.xlsx")
    book.active["XFD1048576"] = "远"
    book.save(path)


def merge_to_the_end_xlsx(path: Path) -> None:
    """The same report with an empty merge A2000:XFD1048576: 17 billion positions, none of them holding text."""
    book = openpyxl.load_workbook(DOCUMENTS / "synthetic_national_form_merged.xlsx")
    book.active.merged_cells.add("A2000:XFD1048576")   # recorded only; openpyxl's merge_cells would fill it
    book.save(path)


def grid_span_docx(path: Path) -> None:
    document = Document(DOCUMENTS / "synthetic_national_form.docx")
    cell = document.tables[0].rows[0].cells[0]._tc
    for span in cell.findall(f"{qn('w:tcPr')}/{qn('w:gridSpan')}"):
        span.getparent().remove(span)
    props = cell.get_or_add_tcPr()
    props.insert(0, props.makeelement(qn("w:gridSpan"), {qn("w:val"): "300000000"}))
    document.save(path)


def colspan_html(path: Path) -> None:
    rows = "".join(f"<tr><td colspan=1000>第{n}行</td></tr>" for n in range(2000))
    path.write_text(f"<html><body><table>{rows}</table></body></html>", encoding="utf-8")


def lying_header_docx(path: Path) -> None:
    """A .docx whose document.xml says 20 KB in both headers but inflates to 300 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(DOCUMENTS / "synthetic_national_form.docx") as source, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data += b" " * (LYING_ZIP_REAL_MB * 1024 * 1024)
            target.writestr(info.filename, data)
    path.write_bytes(lie_about_size(buffer.getvalue(), "word/document.xml", 20 * 1024))


def lie_about_size(data: bytes, name: str, claimed: int) -> bytes:
    """Rewrite a member's uncompressed size in its local header and its central directory entry."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        local = archive.getinfo(name).header_offset
    struct.pack_into("<I", out, local + 22, claimed)
    central = out.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", out, central + 28)[0]
        if out[central + 46:central + 46 + name_len] == name.encode():
            struct.pack_into("<I", out, central + 24, claimed)
        central = out.find(b"PK\x01\x02", central + 4)
    return bytes(out)


def one_line_txt(path: Path) -> None:
    """2 MB of report text with no line break."""
    path.write_text("项目名称：某项目；实施单位：某单位；" * (2 * 1024 * 1024 // 54), encoding="utf-8")


def encrypted_pdf(path: Path) -> None:
    pdf = canvas.Canvas(str(path), encrypt=StandardEncryption("user-secret", ownerPassword="owner", strength=128))
    pdf.drawString(72, 720, "Performance self-evaluation")
    pdf.save()


def gb18030_bad_bytes_txt(path: Path) -> None:
    """The seed report in GB18030 with three bytes that are no GB18030 at line ends."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for n in (3, 9, 15):
        lines[n] += "\udcff"
    path.write_bytes("\n".join(lines).encode("gb18030", errors="surrogateescape"))


def one_nul_txt(path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace("项目名称", "项目名称（更正）", 1)
    path.write_bytes(text.encode("utf-8").replace(b"\n", b"\n\x00", 1))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for name, make in [("far_cell.xlsx", far_cell_xlsx), ("merge_to_the_end.xlsx", merge_to_the_end_xlsx),
                       ("grid_span.docx", grid_span_docx), ("colspan.html", colspan_html),
                       ("lying_header.docx", lying_header_docx), ("one_line.txt", one_line_txt),
                       ("encrypted.pdf", encrypted_pdf), ("gb18030_bad_bytes.txt", gb18030_bad_bytes_txt),
                       ("one_nul.txt", one_nul_txt)]:
        make(folder / name)
    shutil.copy(DOCUMENTS / "synthetic_national_form.docx", folder / "national_form.docx")
    shutil.copy(SEED, folder / "seed.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "self_loop.docx").symlink_to("self_loop.docx")
    (folder / "folder").mkdir()
    (folder / "folder" / "up").symlink_to("..")
    (folder / "unreadable.txt").write_text("项目名称：看不到", encoding="utf-8")
    (folder / "locked").mkdir()
    (folder / "locked" / "inside.txt").write_text("项目名称：看不到", encoding="utf-8")
    os.chmod(folder / "unreadable.txt", 0)
    os.chmod(folder / "locked", 0)
    yield folder
    os.chmod(folder / "locked", 0o755)


def run_limited(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "EVAL_PARSE_MEMORY_MB": str(WORKER_LIMIT_MB)}
    return subprocess.run([sys.executable, "-c", DRIVER, str(LOADER_LIMIT_MB), *args], capture_output=True,
                          text=True, timeout=120, cwd=REPO, env=env)


@pytest.fixture(scope="module")
def loaded(corpus, tmp_path_factory) -> tuple[dict, Path]:
    db = tmp_path_factory.mktemp("db") / "hostile.duckdb"
    done = run_limited("load", str(corpus), str(db))
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1]), db


def relative(name: str, corpus: Path) -> str:
    return str(Path(name).relative_to(corpus))


def test_every_hostile_file_is_refused_with_its_reason(loaded, corpus):
    result, _ = loaded
    failed = {relative(name, corpus): reason for name, status, reason in result["results"] if status == "failed"}
    assert set(failed) == set(HOSTILE)
    for name, (_, piece) in HOSTILE.items():
        assert piece in failed[name], (name, failed[name])
    for name in HOSTILE:
        assert f"失败 {corpus / name}:" in result["describe"]


def test_the_good_files_beside_them_load(loaded, corpus):
    result, db = loaded
    statuses = {relative(name, corpus): status for name, status, _ in result["results"]}
    assert {name for name, status in statuses.items() if status == "loaded"} == set(GOOD)
    with duckdb.connect(str(db), read_only=True) as con:
        warnings = [w for w, in con.execute("select message from warnings").fetchall()]
    assert any("3 处字节无法按 GB18030 解码" in w for w in warnings)
    assert any("1 个空字符（NUL），已删除" in w for w in warnings)


def test_refusals_are_recorded_and_nothing_partial_remains(loaded, corpus):
    _, db = loaded
    with duckdb.connect(str(db), read_only=True) as con:
        errors = dict(con.execute("select path, code from ingest_errors").fetchall())
        sources = {Path(p).name for p, in con.execute("select path from sources").fetchall()}
        orphans = con.execute("select count(*) from reports where sha256 not in (select sha256 from sources)").fetchone()[0]
        stray = con.execute("select count(*) from provenance where report_id not in (select report_id from reports)"
                            ).fetchone()[0]
    assert {relative(p, corpus): code for p, code in errors.items()} == {n: c for n, (c, _) in HOSTILE.items()}
    assert sources == set(GOOD)
    assert orphans == 0 and stray == 0


def test_each_refusal_takes_seconds_and_memory_stays_bounded(loaded, corpus):
    result, _ = loaded
    stamps = result["stamps"]
    names = [relative(name, corpus) for name, _, _ in result["results"]]
    per_file = {name: b - a for name, a, b in zip(names, stamps, stamps[1:])}   # the first includes setup
    slow = {name: round(s, 2) for name, s in per_file.items() if name in HOSTILE and s > REFUSE_WITHIN_S}
    assert not slow
    assert result["worker_peak_mb"] < WORKER_LIMIT_MB and result["loader_peak_mb"] < LOADER_LIMIT_MB
    print("\nper file (s):", {n: round(s, 2) for n, s in per_file.items()},
          f"\nworker peak RSS {result['worker_peak_mb']:.0f} MB, loader peak RSS {result['loader_peak_mb']:.0f} MB")


def test_extract_refuses_each_hostile_file_on_one_line_and_prints_the_good(corpus):
    done = run_limited("extract", str(corpus))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    errors = {relative(line.split(": 错误：")[0], corpus) for line in done.stderr.splitlines() if ": 错误：" in line}
    assert errors == set(HOSTILE)
    files = {Path(json.loads(line)["file"]).name for line in done.stdout.splitlines()}
    assert files == set(GOOD)


@pytest.fixture
def wide_html(tmp_path, monkeypatch) -> Path:
    """The colspan page with the cell limits lifted, so only the worker's own limits can stop it."""
    monkeypatch.setenv("EVAL_MAX_DOCUMENT_CELLS", "100000000")
    monkeypatch.setenv("EVAL_MAX_TABLE_CELLS", "100000000")
    folder = tmp_path / "in"
    folder.mkdir()
    colspan_html(folder / "a_wide.html")
    shutil.copy(SEED, folder / "b_seed.txt")
    return folder


def test_a_worker_out_of_memory_fails_only_its_file(wide_html, tmp_path, monkeypatch):
    from ingest.loader import load_paths

    monkeypatch.setenv("EVAL_PARSE_MEMORY_MB", "700")
    summary = load_paths([wide_html], tmp_path / "t.duckdb", progress=False)
    assert [r.status for r in summary.results] == ["failed", "loaded"]
    assert "内存超过上限 700 MB" in summary.results[0].reason or "工作进程异常退出" in summary.results[0].reason


def test_a_worker_over_time_fails_only_its_file(wide_html, tmp_path, monkeypatch):
    from ingest.loader import load_paths

    monkeypatch.setenv("EVAL_PARSE_TIMEOUT_S", "1")
    summary = load_paths([wide_html], tmp_path / "t.duckdb", progress=False)
    assert [r.status for r in summary.results] == ["failed", "loaded"]
    assert "时间上限 1 秒" in summary.results[0].reason
