"""Insert one report with its indicators, narratives and provenance; defaults make a clean report."""
import hashlib
import re
from datetime import date, datetime

CMP = {"≥": ">=", "≧": ">=", "≤": "<=", "≦": "<=", ">": ">", "＞": ">", "<": "<", "＜": "<", "=": "="}
VALUE = re.compile(r"^\s*([≥≧≤≦>＞<＜=])?\s*(\d+(?:\.\d+)?)\s*(.*?)\s*$")

# A clean report: every figure adds up, no rule fires.
CLEAN_REPORT = dict(
    kind="project", project_name="不动产登记信息系统升级项目", implementing_unit="某市不动产登记中心",
    supervising_department="某市自然资源和规划局", province="浙江省", city="宁波市", county="北仑区",
    adcode="330206", year=2022, money_unit="万元", budget_initial=100.0, budget_full_year=100.0,
    executed=100.0, execution_rate=100.0, exec_weight=10.0, exec_score=10.0, self_score=92.0, grade="优",
    weight_total=100.0, filed_date=date(2023, 3, 1), project_end_date=date(2022, 12, 31),
    claims_completion=True, goal_target="完成系统升级", goal_actual="已完成系统升级",
)
CLEAN_INDICATORS = [
    dict(level1="产出指标", level2="数量指标", name="完成登记件数", target="≥1000件", actual="1200件", weight=20, score=20),
    dict(level1="产出指标", level2="质量指标", name="系统验收合格率", target="≥99%", actual="99.5%", weight=15, score=15),
    dict(level1="产出指标", level2="时效指标", name="按期完成率", target="≥95%", actual="90%", weight=15, score=13,
         deviation_reason="部分设备延期到货，已督促供应商按期交付"),
    dict(level1="产出指标", level2="成本指标", name="设备采购成本", target="≤90万元", actual="85万元", weight=10, score=10),
    dict(level1="效益指标", level2="社会效益指标", name="群众办事时间缩短比例", target="≥30%", actual="35%", weight=20,
         score=14, deviation_reason="宣传不足，群众知晓率偏低，下一步加强宣传"),
    dict(level1="满意度指标", level2="服务对象满意度指标", name="服务对象满意度", target="≥90%", actual="92%", weight=10, score=10),
]
CLEAN_NARRATIVES = {
    "problems": "部分设备到货延迟，影响了系统上线进度，群众对新系统的知晓率仍然偏低。",
    "measures": "加强与供应商沟通，提前做好采购计划；通过窗口和网站加强宣传。",
}
CLEAN_PROVENANCE = [
    dict(field="self_score", origin="table", value="92", raw="92", line=40, loc="表1 第20行"),
    dict(field="self_score", origin="narrative", value="92", raw="自评得分92分", line=5, loc="正文第5行"),
    dict(field="exec_score", origin="table", value="10", raw="10", line=12, loc="表1 第3行"),
]


def parse_value(text):
    """Comparator, number and unit of a target or actual such as ≤0.5小时."""
    m = VALUE.match(text or "")
    if not m:
        return None, None, None
    return CMP.get(m.group(1)), float(m.group(2)), m.group(3) or None


def indicator_row(report_id, seq, ind):
    """One indicators row from a short dict; comparator, number and unit parsed from the text."""
    t_cmp, t_num, t_unit = parse_value(ind.get("target"))
    a_cmp, a_num, a_unit = parse_value(ind.get("actual"))
    return (report_id, seq, ind.get("level1"), ind.get("level2"), ind.get("name"), ind.get("target"),
            ind.get("actual"), ind.get("weight"), ind.get("score"), ind.get("deviation_reason"),
            t_cmp, t_num, t_unit, a_cmp, a_num, a_unit, ind.get("name_repaired", False),
            ind.get("is_placeholder", False), 100 + seq, f"表1 第{seq + 5}行", ind.get("confidence", 1.0))


def insert_report(con, report_id="r0000000000000001", indicators=None, narratives=None, provenance=None,
                  is_synthetic=False, funds=None, prose=None, **fields):
    """Insert a report (clean unless fields override it) with its child rows; return its id."""
    row = {**CLEAN_REPORT, **fields}
    sha = hashlib.sha256(report_id.encode()).hexdigest()
    con.execute("insert into sources (sha256, path, file_name, format, loaded_at, status, is_synthetic) "
                "values (?, ?, ?, 'txt', ?, 'loaded', ?)",
                [sha, f"/tmp/{report_id}.txt", f"{report_id}.txt", datetime.now(), is_synthetic])
    inds = CLEAN_INDICATORS if indicators is None else indicators
    cols = ["report_id", "sha256", "n_indicators", "loaded_at", *row]
    con.execute(f"insert into reports ({', '.join(cols)}) values ({', '.join('?' * len(cols))})",
                [report_id, sha, len(inds), datetime.now(), *row.values()])
    if inds:
        con.executemany("insert into indicators values (" + ", ".join("?" * 21) + ")",
                        [indicator_row(report_id, i + 1, ind) for i, ind in enumerate(inds)])
    for section, text in (CLEAN_NARRATIVES if narratives is None else narratives).items():
        con.execute("insert into narratives values (?, ?, ?, 1)", [report_id, section, text])
    for p in CLEAN_PROVENANCE if provenance is None else provenance:
        con.execute("insert into provenance (report_id, field, origin, value, raw, line, loc, confidence) "
                    "values (?, ?, ?, ?, ?, ?, ?, ?)",
                    [report_id, p["field"], p["origin"], p["value"], p.get("raw"), p.get("line"), p.get("loc"),
                     p.get("confidence", 1.0)])
    for n, (label, initial, full_year, executed) in enumerate(funds or []):
        con.execute("insert into funds (report_id, row_no, row_label, budget_initial, budget_full_year, executed, raw, line) "
                    "values (?, ?, ?, ?, ?, ?, ?, ?)", [report_id, n, label, initial, full_year, executed,
                                                        f"{initial} | {full_year} | {executed}", 10 + n])
    insert_part_sums(con, report_id, prose)
    return report_id


def insert_part_sums(con, report_id, prose):
    """The `total，其中 parts` lists the parser finds in these lines of prose."""
    import json

    from ingest.part_sums import find_part_sums

    for n, s in enumerate(find_part_sums(prose or [])):
        con.execute("insert into part_sums values (?, ?, ?, ?, ?, ?, ?, ?)",
                    [report_id, n, s.line, s.total, s.unit, s.parts_sum, json.dumps(s.parts, ensure_ascii=False), s.text])


DATA_TABLES = ("sources", "reports", "funds", "indicators", "narratives", "provenance", "warnings",
               "flag_reviews", "text_similarity", "part_sums")
_SHARED = {}


def fresh_db():
    """An in-memory database with every table, view and setting, and no reports (built once, then emptied)."""
    from ingest import db
    from ingest.rule_settings import write_settings

    if "con" not in _SHARED:
        _SHARED["con"] = db.connect(":memory:")
        db.apply_schema(_SHARED["con"])
        db.apply_views(_SHARED["con"])
    con = _SHARED["con"]
    for table in DATA_TABLES:
        con.execute(f"delete from {table}")
    write_settings(con)
    return con


def fired(con, rule_id=None):
    """Refresh the marts and return {report_id: [rule ids]} (or the report ids firing rule_id)."""
    from ingest.marts import refresh_marts

    refresh_marts(con)
    rows = con.execute("select report_id, rule_id from flags order by 1, 2").fetchall()
    if rule_id:
        return {r for r, k in rows if k == rule_id}
    out = {}
    for r, k in rows:
        out.setdefault(r, []).append(k)
    return out
