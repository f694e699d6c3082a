"""The default database: the bundled real reports plus a generated demo corpus (marked synthetic).

Files are written by a background process while earlier batches load, so generating and
loading overlap; each batch goes through ingest.loader.load_paths. Generation is deterministic,
so an existing data/demo with the same truth.jsonl is reused; files are moved in place whole,
so two builds at once never read half a file.
"""
import json
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ingest.demo.corpus import plan, write_one
from ingest.loader import load_paths

ROOT = Path(__file__).resolve().parent.parent
REAL_DIR = ROOT / "data" / "raw"
DEMO_DIR = ROOT / "data" / "demo"
DEMO_SEED = 2024
BATCHES = 4


def fresh(db_path: Path) -> None:
    """Remove an old database file and its write-ahead log."""
    for path in (db_path, db_path.with_name(db_path.name + ".wal")):
        path.unlink(missing_ok=True)


def same_corpus(demo_dir: Path, reports: int) -> bool:
    """True when data/demo already holds this corpus (same truth.jsonl, every file present)."""
    truth = demo_dir / "truth.jsonl"
    if not truth.exists():
        return False
    names = [json.loads(line)["file"] for line in truth.read_text(encoding="utf-8").splitlines()]
    return len(names) == reports and all((demo_dir / name).exists() for name in names)


def drop_stale(demo_dir: Path, jobs: list) -> None:
    """Remove report files of an earlier, different corpus."""
    keep = {Path(path).name for _, path in jobs} | {"truth.jsonl"}
    for path in demo_dir.glob("r*_*.*"):
        if path.name not in keep:
            path.unlink(missing_ok=True)


def load_demo(jobs: list, db_path: Path, progress: bool, write: bool, on_step=None) -> list:
    """Write the demo files in the background and load them batch by batch as they are ready."""
    summaries, size = [], -(-len(jobs) // BATCHES)
    with ProcessPoolExecutor(max_workers=1) as pool:
        futures = [pool.submit(write_one, job) for job in jobs] if write else []
        for start in range(0, len(jobs), size):
            for future in futures[start:start + size]:  # empty when the files are already there
                future.result()
            paths = [Path(path) for _, path in jobs[start:start + size]]
            summaries.append(load_paths(paths, db_path, is_synthetic=True, progress=progress))
            if on_step:
                on_step(1 + len(summaries), 1 + BATCHES, f"已载入演示报告 {min(start + size, len(jobs))} / {len(jobs)} 份")
    return summaries


def build_default(db_path, reports: int = 600, progress: bool = True, demo_dir: Path = DEMO_DIR,
                  on_step=None) -> dict:
    """Generate the demo corpus (fixed seed) into data/demo, load data/raw (real) and the demo (synthetic).

    `on_step(done, total, text)`, when given, hears of each finished batch (for a progress bar).
    """
    db_path, started = Path(db_path), time.perf_counter()
    old_truth = (demo_dir / "truth.jsonl").read_bytes() if same_corpus(demo_dir, reports) else None
    jobs = plan(demo_dir, reports, DEMO_SEED)
    write = old_truth != (demo_dir / "truth.jsonl").read_bytes()  # generation is deterministic: same truth, same files
    drop_stale(demo_dir, jobs)
    fresh(db_path)
    real = load_paths([REAL_DIR], db_path, is_synthetic=False, progress=progress)
    if on_step:
        on_step(1, 1 + BATCHES, f"已载入真实报告 {real.loaded} 份，正在载入演示报告…")
    demo = load_demo(jobs, db_path, progress, write, on_step)
    seconds = time.perf_counter() - started
    loaded, failed = sum(s.loaded for s in demo), real.failed + sum(s.failed for s in demo)
    if progress:
        print(f"真实报告 {real.loaded} 份，演示报告 {loaded} 份，失败 {failed} 份；用时 {seconds:.0f} 秒")
        print(f"real {real.loaded}, demo {loaded}, failed {failed}; built in {seconds:.0f} s")
    return dict(seconds=seconds, real=real.loaded, demo=loaded, failed=failed)
