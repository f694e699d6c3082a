"""Flags on real reports against hand-judged ones: must-fire recall and must-not-fire flags that fired.

`../shared/samples/flags.jsonl` (EVAL_SAMPLES_DIR) judges every seed and labelled sample: per file,
`must_fire` (rule → evidence) and `must_not_fire` (rule → why firing would be wrong). The listed files
are loaded into a scratch database through the one loader; a rule counts as fired for a file when it
fired on any report read from it. Peer (D) and cross-document (C2, C3) rules are not judged.

    python -m bench.real_flags [--no-write]
"""
import argparse
import datetime as dt
import json
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path

import duckdb

from bench.common import machine, replace_section
from ingest.extract import sha256_of
from ingest.loader import load_files
from ingest.settings import samples_dir

ROOT = Path(__file__).resolve().parent.parent
DIRS = {"seeds": ROOT / "data" / "raw" / "seeds", "samples": samples_dir() / "raw"}
START, END = "<!-- real_flags:start -->", "<!-- real_flags:end -->"
AIM_RECALL, AIM_WRONG = 0.90, 2
SEVERITIES = ("确定", "疑似", "提示")
# DOMAIN.md §3 groups the catalog by severity: arithmetic A is 确定, inflation B 疑似, templates C 提示.
SEVERITY_OF_GROUP = {"A": "确定", "B": "疑似", "C": "提示"}
CLIP = 80


def flags_file() -> Path:
    """The hand-judged flags beside the labelled samples."""
    return samples_dir() / "flags.jsonl"


def judgements(path: Path | None = None) -> list[dict]:
    """One judged file per line of flags.jsonl, with its path on disk resolved from `dir`."""
    rows = []
    for line in (path or flags_file()).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            row["path"] = DIRS[row["dir"]] / row["file"]
            rows.append(row)
    return rows


def clip(text: str | None, width: int = CLIP) -> str:
    """One line of at most width characters, for a table cell."""
    flat = " ".join(str(text or "").split()).replace("|", "/")
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def fired_per_file(judged: list[dict], db_path: Path) -> tuple[dict, dict, dict, dict]:
    """Load the judged files; per file (`file@dir`) the rules fired {rule: explanation} and the number of
    reports read, the catalog's severities {rule: severity} and not-computable reasons {(file, rule): reason}."""
    load_files([j["path"] for j in judged], db_path, progress=False)
    sha_of = {j["file"] + "@" + j["dir"]: sha256_of(j["path"].read_bytes()) for j in judged}
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        rows = con.execute("select r.sha256, f.rule_id, f.severity, f.explanation from flags as f "
                           "join reports as r using (report_id) order by f.report_id, f.rule_id").fetchall()
        severity = dict(con.execute("select rule_id, severity from int_anomaly_rules").fetchall())
        severity.update({rule: sev for _, rule, sev, _ in rows})
        try:
            reasons = con.execute("select r.sha256, s.rule_id, s.reason from rule_status as s "
                                  "join reports as r using (report_id) where s.status = 'not_computable'").fetchall()
        except duckdb.Error:
            reasons = []
        n_reports = dict(con.execute("select sha256, count(*) from reports group by sha256").fetchall())
    finally:
        con.close()
    fired: dict[str, dict] = defaultdict(dict)
    by_sha = defaultdict(dict)
    for sha, rule, _, explanation in rows:
        by_sha[sha].setdefault(rule, explanation)
    why = defaultdict(dict)
    for sha, rule, reason in reasons:
        why[sha].setdefault(rule, reason)
    loaded, not_computable = {}, {}
    for key, sha in sha_of.items():
        fired[key] = by_sha.get(sha, {})
        loaded[key] = n_reports.get(sha, 0)
        not_computable.update({(key, rule): reason for rule, reason in why.get(sha, {}).items()})
    return fired, loaded, severity, not_computable


def severity_of(rule: str, catalog: dict) -> str:
    """The catalog's severity, else the group's severity in DOMAIN.md §3."""
    return catalog.get(rule) or SEVERITY_OF_GROUP.get(rule[:1], "?")


def score(judged: list[dict], fired: dict, catalog: dict, not_computable: dict | None = None) -> dict:
    """Per rule, per severity and overall: must-fire judged and found, must-not-fire judged and fired;
    the misses and the wrong fires with their judged text."""
    not_computable = not_computable or {}
    per_rule: dict[str, dict] = defaultdict(lambda: {"must_fire": 0, "found": 0, "must_not": 0, "wrong": 0,
                                                     "undecided": 0})
    misses, wrong = [], []
    for j in judged:
        key = j["file"] + "@" + j["dir"]
        rules = fired.get(key, {})
        for rule, evidence in j["must_fire"].items():
            per_rule[rule]["must_fire"] += 1
            if rule in rules:
                per_rule[rule]["found"] += 1
            else:
                misses.append({"file": j["file"], "dir": j["dir"], "rule": rule, "judged": evidence,
                               "tool": not_computable.get((key, rule))})
        for rule, why in j["must_not_fire"].items():
            per_rule[rule]["must_not"] += 1
            if rule in rules:
                per_rule[rule]["wrong"] += 1
                wrong.append({"file": j["file"], "dir": j["dir"], "rule": rule, "judged": why,
                              "tool": rules[rule]})
        for rule in rules:
            if rule not in j["must_fire"] and rule not in j["must_not_fire"]:
                per_rule[rule]["undecided"] += 1
    for rule, row in per_rule.items():
        row["severity"] = severity_of(rule, catalog)
        row["in_catalog"] = rule in catalog
        row["recall"] = total([row])["recall"]
    by_severity = {sev: total([r for r in per_rule.values() if r["severity"] == sev]) for sev in SEVERITIES}
    overall = total(list(per_rule.values()))
    return {"files": len(judged), "rules": dict(sorted(per_rule.items(), key=lambda kv: rule_order(kv[0]))),
            "by_severity": by_severity, "overall": overall, "misses": misses, "wrong": wrong,
            "meets_aim": overall["recall"] is not None and overall["recall"] >= AIM_RECALL
            and overall["wrong"] <= AIM_WRONG}


def rule_order(rule: str) -> tuple[str, int]:
    """A2 before A10."""
    return rule[:1], int(rule[1:]) if rule[1:].isdigit() else 0


def total(rows: list[dict]) -> dict:
    """Sum of the counts of several rules, with the recall (None when nothing must fire)."""
    sums = {k: sum(r[k] for r in rows) for k in ("must_fire", "found", "must_not", "wrong", "undecided")}
    sums["recall"] = sums["found"] / sums["must_fire"] if sums["must_fire"] else None
    return sums


def run(judged: list[dict] | None = None) -> dict:
    """Load the judged files into a scratch database and score the flags raised on them."""
    judged = judgements() if judged is None else judged
    with tempfile.TemporaryDirectory(prefix="bench-real-flags-") as tmp:
        fired, loaded, catalog, not_computable = fired_per_file(judged, Path(tmp) / "real.duckdb")
    result = score(judged, fired, catalog, not_computable)
    result["unread"] = sorted(k.split("@")[0] for k, n in loaded.items() if n == 0)
    result["reports"] = sum(loaded.values())
    return result


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def tables(result: dict) -> str:
    """Markdown tables: per rule, per severity and overall; then every miss and every wrong fire."""
    lines = ["| rule | severity | in the rule catalog | must fire | found | recall | must not fire | "
             "fired wrongly | fired, undecided |", "|---|---|---|---|---|---|---|---|---|"]
    for rule, r in result["rules"].items():
        lines.append(f"| {rule} | {r['severity']} | {'yes' if r['in_catalog'] else 'no'} | {r['must_fire']} | "
                     f"{r['found']} | {pct(r['recall'])} | "
                     f"{r['must_not']} | {r['wrong']} | {r['undecided']} |")
    lines += ["", "| severity | must fire | found | recall | must not fire | fired wrongly |", "|---|---|---|---|---|---|"]
    for sev, s in [*result["by_severity"].items(), ("**all**", result["overall"])]:
        lines.append(f"| {sev} | {s['must_fire']} | {s['found']} | {pct(s['recall'])} | {s['must_not']} | {s['wrong']} |")
    lines += ["", f"Missed ({len(result['misses'])}): must fire, did not.", "",
              "| file | rule | judged evidence | tool |", "|---|---|---|---|"]
    lines += [f"| {m['dir']}/{m['file']} | {m['rule']} | {clip(m['judged'])} | "
              f"{'not computable: ' + clip(m['tool'], 60) if m['tool'] else 'not fired'} |" for m in result["misses"]]
    lines += ["", f"Fired wrongly ({len(result['wrong'])}): must not fire, did.", "",
              "| file | rule | why it is wrong | tool's explanation |", "|---|---|---|---|"]
    lines += [f"| {w['dir']}/{w['file']} | {w['rule']} | {clip(w['judged'])} | {clip(w['tool'])} |"
              for w in result["wrong"]]
    return "\n".join(lines)


def verdict(result: dict) -> str:
    """The acceptance aim of issue 10 and whether this run meets it."""
    o = result["overall"]
    return (f"Aim (issue 10): must-fire recall ≥ {AIM_RECALL:.2f} and at most {AIM_WRONG} must-not-fire flags "
            f"firing. Measured: recall {pct(o['recall'])} ({o['found']} of {o['must_fire']}), "
            f"{o['wrong']} of {o['must_not']} must-not-fire flags fired. "
            f"Met: {'yes' if result['meets_aim'] else 'NO'}.")


def code_version() -> str:
    """The commit measured, marked when tracked files carry uncommitted changes."""
    try:
        out = subprocess.run(["git", "describe", "--always", "--dirty=, with uncommitted changes"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"commit {out}"


def section(result: dict) -> str:
    """The real_flags section of RESULTS.md, markers included."""
    unread = (f" Files that gave no report: {', '.join(result['unread'])}." if result["unread"] else "")
    return "\n".join([
        START, "## Flags on real reports against hand-judged flags (`python -m bench.real_flags`)", "",
        f"Date: {dt.date.today().isoformat()}. Machine: {machine()}. Code: {code_version()}.", "",
        f"Corpus: the {result['files']} files judged in `../shared/samples/flags.jsonl` (the seeds in "
        f"`data/raw/seeds`, the samples in `../shared/samples/raw`), loaded through `ingest.loader` into a "
        f"scratch database ({result['reports']} reports).{unread} A rule counts as fired for a file when it "
        "fired on any report read from it. Recall = judged must-fire flags found ÷ judged must-fire flags; "
        "a must-not-fire flag that fired is a wrong fire; a rule fired on a file where it was judged neither "
        "way is undecided (no credit, no penalty). Peer (D) and cross-document (C2, C3) rules are not judged. "
        "A rule not in the rule catalog is not implemented yet; its severity is its DOMAIN.md §3 group.", "",
        f"**{verdict(result)}**", "",
        tables(result), END])


def main(argv: list[str] | None = None) -> int:
    """CLI: measure, print the tables and rewrite the real_flags section of RESULTS.md."""
    parser = argparse.ArgumentParser(prog="python -m bench.real_flags", description=__doc__.split("\n")[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args(argv)
    if not flags_file().is_file():
        print(f"no judged flags at {flags_file()} (they live in ../shared/samples or EVAL_SAMPLES_DIR)")
        return 1
    result = run()
    print(machine())
    print(verdict(result))
    print(tables(result))
    if not args.no_write:
        replace_section(START, END, section(result))
        print(f"wrote {(ROOT / 'bench' / 'RESULTS.md').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
