"""bench.real_flags on a few judged files: the counts add up and a known must-fire is found."""
import pytest

from bench import real_flags

NINGBO = "001_842f01a31e32aee2.txt"     # the Ningbo seed: full execution points at 99.65% (B2)


@pytest.fixture(scope="module")
def result():
    if not real_flags.flags_file().is_file():
        pytest.skip(f"hand-judged flags not found at {real_flags.flags_file()}: they live in ../shared/samples "
                    "beside the repository (or EVAL_SAMPLES_DIR) and are not shipped with it")
    judged = [j for j in real_flags.judgements() if j["dir"] == "seeds"]
    assert NINGBO in {j["file"] for j in judged}
    return real_flags.run(judged), judged


def test_counts_add_up(result):
    res, judged = result
    o, rules = res["overall"], res["rules"].values()
    assert res["files"] == len(judged) and not res["unread"]
    assert o["must_fire"] == sum(len(j["must_fire"]) for j in judged) == sum(r["must_fire"] for r in rules)
    assert o["must_not"] == sum(len(j["must_not_fire"]) for j in judged) == sum(r["must_not"] for r in rules)
    assert o["found"] + len(res["misses"]) == o["must_fire"]
    assert o["wrong"] == len(res["wrong"]) <= o["must_not"]
    assert sum(s["must_fire"] for s in res["by_severity"].values()) == o["must_fire"]
    assert sum(s["wrong"] for s in res["by_severity"].values()) == o["wrong"]
    assert 0 <= o["recall"] <= 1
    assert real_flags.START in real_flags.section(res) and "Met:" in real_flags.section(res)


def test_known_must_fire_found(result):
    res, _ = result
    assert res["rules"]["B2"]["found"] >= 1
    assert not [m for m in res["misses"] if m["file"] == NINGBO and m["rule"] == "B2"]
