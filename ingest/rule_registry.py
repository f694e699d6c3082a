"""The rule registry: each rule's metadata, declared once in the header of its file in queries/rules/.

Header keys: rule, severity, title, definition, basis, settings (thresholds it reads), needs (the inputs
it cannot do without, named in queries/intermediate/int_report_needs.sql), and an optional request
(what the unit is asked to do). `write_registry` puts them in the `rule_registry` table and hands
flags.sql the list of rule views to union.
"""
from dataclasses import dataclass

from ingest import sql_catalog

SEVERITIES = ("确定", "疑似", "提示")
DEFAULT_REQUEST = "请说明原因并提供佐证。"
REQUIRED = ("rule", "severity", "title", "definition", "basis")


@dataclass(frozen=True)
class Rule:
    rule_id: str
    severity: str
    title: str
    definition: str
    basis: str
    settings: tuple
    needs: tuple
    request: str
    view_name: str


def _list(value: str) -> tuple:
    return tuple(v.strip() for v in (value or "").split(",") if v.strip())


def rule_from_file(sql_file: sql_catalog.SqlFile) -> Rule:
    """The registry entry a rule file declares; a missing key is an error, not a guess."""
    h = sql_file.header
    missing = [k for k in REQUIRED if not h.get(k)]
    if missing:
        raise sql_catalog.SqlFileError(f"{sql_file.path.name}: 规则文件头缺少 {', '.join(missing)}")
    if h["severity"] not in SEVERITIES:
        raise sql_catalog.SqlFileError(f"{sql_file.path.name}: 严重程度须为 {'/'.join(SEVERITIES)}")
    return Rule(h["rule"], h["severity"], h["title"], h["definition"], h["basis"], _list(h.get("settings")),
                _list(h.get("needs")), h.get("request") or DEFAULT_REQUEST, sql_file.name)


def rules() -> list[Rule]:
    """Every rule of queries/rules/, in catalog order (A1 … A11, B1 …)."""
    found = [rule_from_file(f) for f in sql_catalog.view_files() if f.folder == "rules"]
    return sorted(found, key=lambda r: (r.rule_id[0], int(r.rule_id[1:])))


def write_registry(con) -> list[Rule]:
    """Replace the rule_registry table and set the `rule_views` variable flags.sql unions."""
    found = rules()
    con.execute("delete from rule_registry")
    con.executemany("insert into rule_registry (rule_id, position, severity, title, definition, basis, settings_used, "
                    "needs, request, view_name) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(r.rule_id, n, r.severity, r.title, r.definition, r.basis, ",".join(r.settings),
                      list(r.needs), r.request, r.view_name) for n, r in enumerate(found, start=1)])
    con.execute("set variable rule_views = ?", [[r.view_name for r in found]])
    return found


README_START = "<!-- rule registry: python -m ingest rules -->"
README_END = "<!-- end of rule registry -->"


def markdown_table() -> str:
    """The catalog as README shows it, between its markers (generated, never typed)."""
    rows = ["| 规则 | 严重程度 | 名称 | 定义 | 依据 | 需要的输入 |", "|---|---|---|---|---|---|"]
    rows += [f"| {r.rule_id} | {r.severity} | {r.title} | {r.definition} | {r.basis} | {', '.join(r.needs) or '—'} |"
             for r in rules()]
    return "\n".join([README_START, *rows, README_END])
