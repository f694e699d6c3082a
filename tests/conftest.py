"""Shared fixtures: a database built once per session from the three seed reports."""
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "raw" / "seeds"


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> Path:
    """A DuckDB file holding the seed reports, built once (treat as read-only)."""
    from ingest.loader import load_paths

    path = tmp_path_factory.mktemp("seed_db") / "seeds.duckdb"
    load_paths([SEEDS], path, progress=False)
    return path


@pytest.fixture
def seed_db_copy(seed_db, tmp_path) -> Path:
    """A private copy of the seed database for tests that write."""
    path = tmp_path / "seeds.duckdb"
    shutil.copyfile(seed_db, path)
    return path
