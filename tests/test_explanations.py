"""Flag explanations a supervisor can forward as they are: the numbers and the arithmetic, dates written
年月日, no empty quotes, no None/nan/（空）, no float tails, no internal names; basis and request beside them."""
import re
from pathlib import Path

import pytest

from ingest import db
from ingest.loader import load_paths

SEEDS = Path(__file__).resolve().parent.parent / "data" / "raw" / "seeds"
NINGBO, SHAOGUAN = "001", "000"

# Text quoted from the report (“…”, 「…」) is the unit's own words and may hold anything; the rest is ours.
QUOTED = re.compile(r"“[^”]*”|「[^」]*」")
BAD = {
    "None": re.compile(r"None"),
    "nan": re.compile(r"(?<![A-Za-z])nan(?![A-Za-z])", re.IGNORECASE),
    "（空）": re.compile(r"（空）"),
    "empty quotes": re.compile(r"「」|“”|《》|（）"),
}
BAD_OUTSIDE_QUOTES = {
    "float tail": re.compile(r"\d\.\d{3,}"),
    "setting name": re.compile(r"[a-z]+_[a-z_]+|[A-Za-z_]+\s*="),
    "internal name": re.compile(r"DOMAIN|§|\.(sql|py|txt|docx?|xlsx?|pdf|md)(?![A-Za-z])|(?<![A-Za-z0-9])r[0-9a-f]{16}"),
    "ISO date": re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"),
    "spaced operator": re.compile(r" [+=÷×] "),
}


def problems(text: str | None) -> list[str]:
    """What keeps an explanation from being forwarded as it is."""
    if not text or not text.strip():
        return ["empty"]
    found = [name for name, pattern in BAD.items() if pattern.search(text)]
    ours = QUOTED.sub("", text)
    found += [name for name, pattern in BAD_OUTSIDE_QUOTES.items() if pattern.search(ours)]
    return found


@pytest.mark.parametrize("text,expected", [
    ("全年执行数109.62万元÷全年预算数110万元＝99.65%", []),
    ("执行率（空）", ["（空）"]),
    ("「」得分None分", ["None", "empty quotes"]),
    ("执行率3.950000000000003%", ["float tail"]),
    ("分母exec_denominator=full_year", ["setting name"]),
    ("见DOMAIN §3", ["internal name"]),
    ("填报日期2020-02-24", ["ISO date"]),
    ("叙述“结余资金12.664万元”", []),          # the report's own words, quoted
])
def test_problems_checker(text, expected):
    assert problems(text) == expected


@pytest.fixture(scope="module")
def real_db(tmp_path_factory):
    """The seeds and the hand-judged samples (when present beside the repository), loaded."""
    from bench import real_flags

    paths = sorted(SEEDS.glob("*.txt"))
    if real_flags.flags_file().is_file():
        paths += [j["path"] for j in real_flags.judgements() if j["dir"] == "samples" and j["path"].is_file()]
    path = tmp_path_factory.mktemp("explanations") / "real.duckdb"
    load_paths(paths, path, progress=False)
    con = db.connect(path, read_only=True)
    yield con
    con.close()


def seed_flag(con, prefix, rule_id):
    row = con.execute("select f.explanation from flags as f join report_metrics as m using (report_id) "
                      "where f.rule_id = ? and m.file_name like ? || '%'", [rule_id, prefix]).fetchone()
    assert row, f"{rule_id} did not fire on seed {prefix}"
    return row[0]


def test_real_explanations_can_be_forwarded(real_db):
    rows = real_db.execute("select rule_id, explanation, basis, request from flags order by rule_id").fetchall()
    assert rows
    bad = [(rule, text, p) for rule, text, _, _ in rows if (p := problems(text))]
    assert not bad, bad
    assert all(basis and not problems(basis) and request and request.endswith("。") for _, _, basis, request in rows)


def test_ningbo_execution_arithmetic(real_db):
    # 109.62 ÷ 110 = 99.6545% → 99.65%; × 10 = 9.97 points, yet the full 10 is filled in
    assert seed_flag(real_db, NINGBO, "A2") == \
        "全年执行数109.62万元÷全年预算数110万元＝99.65%，按执行率×分值应得99.65%×10分＝9.97分，填报10分"
    assert seed_flag(real_db, NINGBO, "B2") == \
        "全年执行数109.62万元÷全年预算数110万元＝99.65%，未达到100%，预算执行却填报满分10分（按执行率×分值应得99.65%×10分＝9.97分）"


def test_ningbo_points_lost(real_db):
    assert seed_flag(real_db, NINGBO, "B4") == ("「企业、个人日常应用」分值10分，得9分，扣1分；「使用人员满意度」分值10分，"
                                               "得9分，扣1分；以上2项扣分均未填写偏差原因")


def test_shaoguan_dates_in_words(real_db):
    assert seed_flag(real_db, SHAOGUAN, "B9") == \
        "报告填报日期2020年2月24日早于项目完成时间2020年4月15日（早51天），却称项目已完成"


def test_forwardable_paragraph(real_db):
    """The dashboard's paragraph: title, explanation, basis and request, in that order, as one text."""
    rows = real_db.execute("select title, explanation, basis, request, forward_text from review_queue").fetchall()
    assert rows
    for title, explanation, basis, request, text in rows:
        assert text.startswith(f"{title}：{explanation}") and text.endswith(f"依据：{basis}。{request}")
        assert "\n" not in text.strip() or "\n" in explanation
    b2 = real_db.execute("select q.forward_text from review_queue as q join report_metrics as m using (report_id) "
                         "where q.rule_id = 'B2' and m.file_name like '001%'").fetchone()[0]
    assert b2.endswith("。依据：财预〔2020〕10号 附件1。请说明原因并提供佐证。")
