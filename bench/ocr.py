"""OCR of scanned pages: seconds per A4 page in one process and on all cores, peak memory, field accuracy.

A corpus of one-page documents is made like tests/fixtures/scans (bench/scans.py) in a temporary
folder: the first page of each seed (ingest.writers) and both pages of the ruled national form, each
scanned at 300 dpi as a flatbed would (FLATBED) and worn (WORN), plus a photograph of each
national-form page. Every document is read through ingest.extract.extract_reports at the reader's
resolution (setting ocr_dpi) and scored against what its text version extracts (bench/accuracy.py).
Then three pages are read at 100, 150, 200 and 300 dpi, so the resolution choice is measured.

    python -m bench.ocr
"""
import argparse
import datetime as dt
import multiprocessing
import os
import subprocess
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

import numpy as np
import pypdfium2 as pdfium

from bench.accuracy import Score, best_score
from bench.common import machine, replace_section
from bench.ingest import vm_hwm_mib
from bench.scans import (FLATBED, NATIONAL_FORM, SEEDS, WORN, keep_pages, photograph, render,
                         save_image_pdf, scan, seed_pdf, text_expected)
from ingest import settings
from ingest.errors import IngestError
from ingest.extract import extract_reports

START, END = "<!-- ocr:start -->", "<!-- ocr:end -->"
CORPUS_DPI = 300            # a common scanner setting; the reader renders the page down to its own resolution
SWEEP_DPIS = (100, 150, 200, 300)
SWEEP_PAGES = ("seed_001", "national_form_p1", "national_form_p2")
AIM_SECONDS = 3.0
DPI_VARIABLE = settings.ENV_PREFIX + "OCR_DPI"
SPAWN = multiprocessing.get_context("spawn")


@dataclass
class Doc:
    """One corpus document: its file, the page it was made from, how, and its text version's values."""

    path: Path
    page: str
    how: str
    expected: dict


@dataclass
class Reading:
    """One document read: wall and CPU seconds (all threads of the process), its score, any refusal."""

    seconds: float
    cpu: float
    score: Score
    error: str = ""


def reader_dpi() -> int:
    """The resolution the reader renders scanned PDF pages at (setting ocr_dpi, 150 before it existed)."""
    setting = getattr(settings, "OCR_DPI", None)
    return int(setting.number()) if setting else 150


def source_pages(folder: Path) -> dict[str, Path]:
    """Name → a one-page text-layer PDF: each seed's first page and each page of the national form."""
    pages = {f"seed_{seed.stem[:3]}": seed_pdf(seed, folder) for seed in SEEDS}
    for n in (0, 1):
        pages[f"national_form_p{n + 1}"] = keep_pages(NATIONAL_FORM, [n], folder / f"national_form_p{n + 1}.pdf")
    return pages


def build_corpus(folder: Path) -> list[Doc]:
    """Every page scanned at both degradations, and the national form's pages photographed."""
    docs, rng = [], np.random.default_rng(7)
    for name, pdf in source_pages(folder).items():
        page, expected = render(pdf, CORPUS_DPI)[0], text_expected(pdf)
        for how, label in ((FLATBED, "flatbed"), (WORN, "worn")):
            path = save_image_pdf([scan(page, how, rng, CORPUS_DPI)], folder / f"{name}_{label}.pdf",
                                  how.quality, CORPUS_DPI)
            docs.append(Doc(path, name, label, expected))
        if name.startswith("national_form"):
            photo = folder / f"{name}_photo.jpg"
            photograph(render(pdf)[0], rng).save(photo, "JPEG", quality=70)
            docs.append(Doc(photo, name, "photo", expected))
    return docs


def read_doc(doc: Doc, dpi: int | None = None) -> Reading:
    """Read one document (at dpi when given) and score it; runs in a worker process."""
    if dpi is not None:
        os.environ[DPI_VARIABLE] = str(dpi)
    start, cpu = time.perf_counter(), time.process_time()
    try:
        reports, error = [r.to_json() for r in extract_reports(doc.path)[0]], ""
    except IngestError as exc:
        reports, error = [], exc.en
    return Reading(time.perf_counter() - start, time.process_time() - cpu, best_score(doc.expected, reports), error)


def serial_pass(docs: list[Doc], dpi: int | None = None) -> tuple[list[Reading], float, float]:
    """Every document in turn after a warm-up read (engine loaded): readings, engine start s, peak RSS MiB."""
    engine_start = read_doc(docs[0], dpi).seconds
    readings = [read_doc(doc, dpi) for doc in docs]
    return readings, engine_start, vm_hwm_mib()


def in_fresh_process(docs: list[Doc], dpi: int | None = None) -> tuple[list[Reading], float, float]:
    """serial_pass in a newly spawned interpreter, so its memory is its own."""
    with ProcessPoolExecutor(1, mp_context=SPAWN) as pool:
        return pool.submit(serial_pass, docs, dpi).result()


def parallel_pass(docs: list[Doc], workers: int) -> tuple[float, list[Reading]]:
    """Wall seconds for all documents over a warmed-up pool of workers, and each reading."""
    with ProcessPoolExecutor(workers, mp_context=SPAWN) as pool:
        list(pool.map(read_doc, docs[:workers]))
        start = time.perf_counter()
        readings = list(pool.map(read_doc, docs))
        return time.perf_counter() - start, readings


def joined_scan(docs: list[Doc], out: Path) -> Path:
    """All the scanned (not photographed) pages as one multi-page image-only PDF."""
    joined = pdfium.PdfDocument.new()
    for doc in docs:
        if doc.path.suffix == ".pdf":
            joined.import_pages(pdfium.PdfDocument(str(doc.path)))
    joined.save(str(out))
    return out


def timed_read(path: Path) -> float:
    """Wall seconds to extract one file, engine start of the reader's own page workers included."""
    start = time.perf_counter()
    extract_reports(path)
    return time.perf_counter() - start


def page_pool_pass(docs: list[Doc], folder: Path) -> tuple[int, float]:
    """Pages and wall seconds of one multi-page scan read in a fresh process through the reader's page pool."""
    path = joined_scan(docs, folder / "joined.pdf")
    with ProcessPoolExecutor(1, mp_context=SPAWN) as pool:
        return len(pdfium.PdfDocument(str(path))), pool.submit(timed_read, path).result()


def sweep(docs: list[Doc]) -> list[dict]:
    """Seconds per page and accuracy at each resolution, on the flatbed scans of SWEEP_PAGES."""
    chosen = [d for d in docs if d.how == "flatbed" and d.page in SWEEP_PAGES]
    rows = []
    for dpi in SWEEP_DPIS:
        readings, _, peak = in_fresh_process(chosen, dpi)
        rows.append({"dpi": dpi, "s_page": mean_seconds(readings), "score": pooled(readings), "peak": peak})
    return rows


def mean_seconds(readings: list[Reading]) -> float:
    """Mean seconds per one-page document."""
    return sum(r.seconds for r in readings) / len(readings)


def pooled(readings: list[Reading]) -> Score:
    """Right and total values over several readings, misses kept."""
    return Score(sum(r.score.right for r in readings), sum(r.score.total for r in readings),
                 [m for r in readings for m in r.score.misses])


def run() -> dict:
    """Build the corpus, measure one process, all cores and the resolution sweep."""
    workers, load = os.cpu_count() or 1, os.getloadavg()[0]
    with TemporaryDirectory(prefix="bench-ocr-") as tmp:
        docs = build_corpus(Path(tmp))
        serial, engine_start, peak = in_fresh_process(docs)
        wall, parallel = parallel_pass(docs, workers)
        joined = page_pool_pass(docs, Path(tmp))
        return {"docs": docs, "serial": serial, "engine_start": engine_start, "peak": peak, "wall": wall,
                "parallel": parallel, "workers": workers, "joined": joined, "sweep": sweep(docs),
                "dpi": reader_dpi(), "load": (load, os.getloadavg()[0]),
                "revision": revision()}


def revision() -> str:
    """The commit measured, marked -dirty when the working tree had uncommitted changes."""
    try:
        return subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True, text=True,
                              check=True, cwd=Path(__file__).parent).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def lscpu_summary() -> str:
    """Model, CPUs, threads per core and cache of this machine as lscpu reports them."""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "lscpu unavailable"
    fields = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    keys = ("Model name", "CPU(s)", "Thread(s) per core", "Core(s) per socket", "L2 cache")
    return "; ".join(f"{k} {fields[k].strip()}" for k in keys if k in fields)


def share(readings: list[Reading], docs: list[Doc], how: str) -> str:
    """Pooled accuracy of the documents made one way, as 'right/total = x%'."""
    score = pooled([r for r, d in zip(readings, docs) if d.how == how])
    return f"{score.right}/{score.total} = {100 * score.accuracy:.1f}%"


def summary_rows(r: dict) -> list[str]:
    """The headline figures: speed, memory and accuracy, each against its aim."""
    pages, busy = len(r["docs"]), mean_seconds(r["parallel"])
    return [
        f"| OCR s/page, one process, {r['dpi']} dpi | {mean_seconds(r['serial']):.2f} | |",
        f"| OCR s/page, {r['workers']} processes busy (each page's own time) | {busy:.2f} | ≤ {AIM_SECONDS:g}: "
        f"{'yes' if busy <= AIM_SECONDS else 'NO'} |",
        f"| OCR s/page, {r['workers']} processes (wall ÷ {pages} pages) | {r['wall'] / pages:.2f} | ≤ {AIM_SECONDS:g}: "
        f"{'yes' if r['wall'] / pages <= AIM_SECONDS else 'NO'} |",
        f"| OCR s/page, one {r['joined'][0]}-page scan through the reader's page pool (wall ÷ pages, "
        f"workers' engine start included) | {r['joined'][1] / r['joined'][0]:.2f} | |",
        f"| OCR CPU s/page, one process (all its threads) | {sum(x.cpu for x in r['serial']) / pages:.2f} | |",
        f"| OCR engine start (first read in a process) | {r['engine_start']:.2f} s | |",
        f"| OCR peak RSS, one process | {r['peak']:.0f} MiB | |",
        *(f"| OCR field accuracy, {how} | {share(r['serial'], r['docs'], how)} | {aim} |"
          for how, aim in (("flatbed", "≥ 95%"), ("worn", ""), ("photo", "≥ 90%")))]


def document_rows(r: dict) -> list[str]:
    """One row per corpus document: how it was made, time alone and in the pool, accuracy."""
    rows = []
    for doc, alone, busy in zip(r["docs"], r["serial"], r["parallel"]):
        result = alone.error or f"{alone.score.right}/{alone.score.total} = {100 * alone.score.accuracy:.0f}%"
        rows.append(f"| {doc.page} | {doc.how} | {alone.seconds:.2f} | {alone.cpu:.2f} | {busy.seconds:.2f} | {result} |")
    return rows


def sweep_rows(rows: list[dict]) -> list[str]:
    """One row per resolution of the sweep."""
    return [f"| {s['dpi']} | {s['s_page']:.2f} | {s['score'].right}/{s['score'].total} = "
            f"{100 * s['score'].accuracy:.1f}% | {s['peak']:.0f} |" for s in rows]


def misses(r: dict) -> list[str]:
    """Every value read differently from the text version, by document (one process reading)."""
    return [f"- {doc.page} ({doc.how}): {miss}" for doc, reading in zip(r["docs"], r["serial"])
            for miss in reading.score.misses] or ["- none"]


def section(r: dict) -> str:
    """The ocr section of RESULTS.md, markers included."""
    return "\n".join([
        START, "## OCR: scanned pages (`python -m bench.ocr`)", "",
        f"Date: {dt.date.today().isoformat()}. Machine: {machine()}. lscpu: {lscpu_summary()}. "
        f"Load average (1 min) before and after the run: {r['load'][0]:.2f}, {r['load'][1]:.2f}. "
        f"Code: {r['revision']}.", "",
        f"Corpus: {len(r['docs'])} one-page documents made like `tests/fixtures/scans` (bench/scans.py): the first "
        "page of each seed and both pages of the ruled national form, scanned at 300 dpi as a flatbed does "
        "(flatbed: 0.9° skew, blur, light speckle, JPEG q55) and worn (1.5°, more blur and speckle, JPEG q35), "
        "plus a photograph of each national-form page (perspective, uneven light). Each is read with "
        f"`extract_reports` at the reader's resolution (ocr_dpi = {r['dpi']}); accuracy is the share of the values "
        "its text version extracts that it reads alike (bench/accuracy.py). One process: every document in turn "
        "in a fresh process after one warm-up read; peak RSS is that process's VmHWM. All cores: a warmed-up "
        f"ProcessPoolExecutor of {r['workers']} over the documents. Page pool: the scanned pages joined into one "
        "PDF and extracted in a fresh process, as the CLI reads a multi-page scan. CPU seconds count every "
        f"thread of the process (the OCR runtime runs its own threads). Aim: ≤ {AIM_SECONDS:g} s per page with every "
        "core busy.", "",
        "| measure | result | aim |", "|---|---|---|", *summary_rows(r), "",
        "| page | made as | s alone | CPU s alone | s with all cores busy | accuracy |", "|---|---|---|---|---|---|",
        *document_rows(r), "",
        "Resolution: the flatbed scans of " + ", ".join(SWEEP_PAGES) + " read at each ocr_dpi "
        "(one process, after a warm-up read):", "",
        "| dpi | s/page | accuracy | peak RSS MiB |", "|---|---|---|---|", *sweep_rows(r["sweep"]), "",
        "Values read differently from the text version (one-process run):", "", *misses(r), END])


def main(argv: list[str] | None = None) -> int:
    """CLI: measure, print the section and rewrite it in RESULTS.md."""
    parser = argparse.ArgumentParser(prog="python -m bench.ocr", description=__doc__.split("\n")[0])
    parser.parse_args(argv)
    text = section(run())
    print(text)
    replace_section(START, END, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
