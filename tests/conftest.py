"""Shared fixtures: a database built once per session from the three seed reports, the labelled samples."""
import copy
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


@pytest.fixture(scope="session")
def samples() -> Path:
    """The labelled real samples (labels.jsonl, raw/); third-party text kept outside the repository."""
    from ingest.settings import samples_dir

    folder = samples_dir()
    if not (folder / "labels.jsonl").is_file():
        pytest.skip(f"labelled samples not found at {folder}: they live in ../shared/samples beside the "
                    "repository (or EVAL_SAMPLES_DIR) and are not shipped with it")
    return folder


@pytest.fixture
def split_in_two(monkeypatch):
    """Call it to make every file read as two reports: the real one and a copy (another project by default)."""
    import ingest.extract as extract

    real = extract.rendered_to_reports

    def install(same_project: bool = False) -> None:
        def two(rendered, file, sha256):
            first = real(rendered, file, sha256)[0]
            second = copy.deepcopy(first)
            second.part, second.completeness = 1, {"indicators_complete": False, "missing": ["self_score"]}
            second.provenance[0].confidence = 0.5
            if not same_project:
                second.values["project_name"] = f"{first.get('project_name')}（二期）"
            return [first, second]

        monkeypatch.setattr(extract, "rendered_to_reports", two)
        monkeypatch.setenv("EVAL_PARSE_IN_WORKER", "0")   # the patch lives in this process, not in a worker
    return install
