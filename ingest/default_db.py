"""The default database: the bundled real reports plus a generated demo corpus (marked synthetic).

Files are written by a background process while earlier batches load, so generating and
loading overlap; each batch goes through ingest.loader.load_paths.
"""
import shutil
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


def load_demo(jobs: list, db_path: Path, progress: bool) -> list:
    """Write the demo files in the background and load them batch by batch as they are ready."""
    summaries, size = [], -(-len(jobs) // BATCHES)
    with ProcessPoolExecutor(max_workers=1) as pool:
        futures = [pool.submit(write_one, job) for job in jobs]
        for start in range(0, len(jobs), size):
            for future in futures[start:start + size]:
                future.result()
            paths = [Path(path) for _, path in jobs[start:start + size]]
            summaries.append(load_paths(paths, db_path, is_synthetic=True, progress=progress))
    return summaries


def build_default(db_path, reports: int = 600, progress: bool = True, demo_dir: Path = DEMO_DIR) -> dict:
    """Generate the demo corpus (fixed seed) into data/demo, load data/raw (real) and the demo (synthetic)."""
    db_path, started = Path(db_path), time.perf_counter()
    shutil.rmtree(demo_dir, ignore_errors=True)
    jobs = plan(demo_dir, reports, DEMO_SEED)
    fresh(db_path)
    real = load_paths([REAL_DIR], db_path, is_synthetic=False, progress=progress)
    demo = load_demo(jobs, db_path, progress)
    seconds = time.perf_counter() - started
    loaded, failed = sum(s.loaded for s in demo), real.failed + sum(s.failed for s in demo)
    if progress:
        print(f"真实报告 {real.loaded} 份，演示报告 {loaded} 份，失败 {failed} 份；用时 {seconds:.0f} 秒")
        print(f"real {real.loaded}, demo {loaded}, failed {failed}; built in {seconds:.0f} s")
    return dict(seconds=seconds, real=real.loaded, demo=loaded, failed=failed)
