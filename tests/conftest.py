"""Shared fixtures: a database built once per session from the three seed reports, the labelled samples."""
import copy
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "raw" / "seeds"


# Accounts of the test users file: (username, name, role, province, city, org); one password for all.
TEST_USERS = (("tester", "测试复核员", "province", None, None, "测试复核组"),
              ("zj_reviewer", "浙江复核员", "province", "浙江省", None, "浙江省财政厅"),
              ("nb_viewer", "宁波查看员", "city", "浙江省", "宁波市", "宁波市财政局"))
TEST_PASSWORD = "Test-pass-2024"


def write_users(path: Path, auto_login: str | None) -> Path:
    """A users file with TEST_USERS (hashed), signing everyone in as `auto_login` when given."""
    from dashboard import users

    config = users.read(path)
    for username, name, role, province, city, org in TEST_USERS:
        users.add(config, username, name, role, TEST_PASSWORD, province, city, org)
    config["auto_login"] = auto_login
    users.write(path, config)
    return path


@pytest.fixture(scope="session", autouse=True)
def users_file(tmp_path_factory) -> Path:
    """Every app a test starts (AppTest or `streamlit run`) reads this users file ($EVAL_USERS): it signs in as
    `tester`, who sees every province and may review, unless the test signs in as another account."""
    path = write_users(tmp_path_factory.mktemp("users") / "users.yaml", auto_login="tester")
    before = os.environ.get("EVAL_USERS")
    os.environ["EVAL_USERS"] = str(path)
    yield path
    if before is None:
        os.environ.pop("EVAL_USERS", None)
    else:
        os.environ["EVAL_USERS"] = before


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
