"""Smoke run of the mart benchmark at 10,000 generated reports."""
from bench.queries import MART_QUERIES, run


def test_bench_smoke(tmp_path):
    section = run(2_000, str(tmp_path / "bench.duckdb"))
    assert all(f"| {mart} |" in section for mart in MART_QUERIES)
    assert "ratio" in section
