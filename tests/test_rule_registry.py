"""The rule registry and the SQL catalog: declared once in file headers, built in dependency order."""
import re

import pytest

from ingest import rule_registry, sql_catalog

RULE_FILE = re.compile(r"^rule_([a-d])(\d+)_")


def test_every_rule_file_declares_a_complete_registry_entry():
    files = [f for f in sql_catalog.view_files() if f.folder == "rules"]
    rules = rule_registry.rules()
    assert len(rules) == len(files) == len({r.rule_id for r in rules})
    for rule in rules:
        letter, number = RULE_FILE.match(rule.view_name).groups()
        assert rule.rule_id == f"{letter.upper()}{number}"
        assert rule.severity in rule_registry.SEVERITIES and rule.title and rule.definition and rule.basis
        assert "DOMAIN" not in rule.basis and ".md" not in rule.basis     # a basis a supervisor can cite


def test_declared_needs_and_settings_exist():
    needs_sql = (sql_catalog.QUERIES_DIR / "intermediate" / "int_report_needs.sql").read_text(encoding="utf-8")
    declared_needs = set(re.findall(r"'need': '(\w+)'", needs_sql))
    from ingest.rule_settings import BY_NAME
    for rule in rule_registry.rules():
        assert set(rule.needs) <= declared_needs, rule.rule_id
        assert set(rule.settings) <= set(BY_NAME), rule.rule_id


def test_build_order_puts_every_file_after_what_it_reads():
    order = sql_catalog.build_order()
    position = {f.name: i for i, f in enumerate(order)}
    deps = sql_catalog.dependencies(sql_catalog.view_files())
    for name, reads in deps.items():
        assert all(position[d] < position[name] for d in reads), name
    flags = position["flags"]
    assert all(position[r.view_name] < flags for r in rule_registry.rules())


def test_header_must_match_the_statement(tmp_path):
    bad = tmp_path / "stg_x.sql"
    bad.write_text("-- x\n-- materialized: table\ncreate or replace view stg_x as select 1", encoding="utf-8")
    with pytest.raises(sql_catalog.SqlFileError):
        sql_catalog.parse_file(bad, "staging")
    bad.write_text("-- x\ncreate or replace view stg_x as select 1", encoding="utf-8")
    with pytest.raises(sql_catalog.SqlFileError, match="materialized"):
        sql_catalog.parse_file(bad, "staging")


def test_a_cycle_is_reported_not_looped(tmp_path):
    for name, other in (("stg_a", "stg_b"), ("stg_b", "stg_a")):
        (tmp_path / f"{name}.sql").write_text(
            f"-- {name}\n-- materialized: view\ncreate or replace view {name} as select * from {other}", encoding="utf-8")
    files = tuple(sql_catalog.parse_file(p, "staging") for p in sorted(tmp_path.glob("*.sql")))
    with pytest.raises(sql_catalog.SqlFileError, match="循环"):
        sql_catalog.build_order(files)


def test_flags_come_from_every_registered_rule_view():
    from tests.report_rows import fired, fresh_db, insert_report

    con = fresh_db()
    insert_report(con)
    fired(con)
    registered = {r for r, in con.execute("select rule_id from rule_registry").fetchall()}
    assert registered == {r.rule_id for r in rule_registry.rules()}
    statuses = {r for r, in con.execute("select distinct rule_id from rule_status").fetchall()}
    assert statuses == registered
    basis = con.execute("select count(*) from int_anomaly_rules where basis is null or request is null").fetchone()[0]
    assert basis == 0


def test_readme_carries_the_registry_as_generated():
    readme = (sql_catalog.QUERIES_DIR.parent / "README.md").read_text(encoding="utf-8")
    assert rule_registry.markdown_table() in readme


def test_readme_carries_every_setting_as_generated():
    from ingest.rule_settings import markdown_table

    readme = (sql_catalog.QUERIES_DIR.parent / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme
