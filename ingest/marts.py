"""Refresh the materialized marts: settings, text similarity, then every SQL file that creates a table."""
import re
from collections import defaultdict

from datasketch import MinHash, MinHashLSH

from ingest import db, funnel, rule_registry, sql_catalog
from ingest.rule_settings import values, write_settings

NARRATIVE_SECTIONS = ("problems", "measures", "experience", "conclusion", "goal_target", "goal_actual")
TEXTS_SQL = """
    select r.report_id, r.implementing_unit, r.year,
           coalesce(string_agg(n.text, '' order by n.section) filter (where n.section in ?),
                    max(n.text) filter (where n.section = 'body')) as text
    from stg_reports as r join stg_narratives as n using (report_id)
    group by all
"""


def materialized_files() -> list:
    """The SQL files whose header declares a table, in the order apply_views runs them."""
    return [f.path for f in sql_catalog.build_order() if f.materialized == "table"]


def drop_stale_views(con) -> list[str]:
    """Drop views that a newer queries/ materializes as tables (run before apply_views on an old database)."""
    names = {p.stem for p in materialized_files()}
    views = {v for v, in con.execute("select view_name from duckdb_views() where not internal").fetchall()}
    for name in sorted(names & views):
        con.execute(f"drop view {name}")
    return sorted(names & views)


def refresh_marts(con, text_similarity: bool = True) -> None:
    """Write settings, recompute text similarity, and rebuild every materialized table; then the peer funnel
    (ingest.funnel, which counts the A/B/C flags) and the tables that read it."""
    write_settings(con)
    rule_registry.write_registry(con)
    if text_similarity:
        refresh_text_similarity(con)
    for path in materialized_files():
        con.execute(path.read_text(encoding="utf-8"))
    funnel.refresh_funnel(con)
    for path in funnel_dependents():
        con.execute(path.read_text(encoding="utf-8"))


def funnel_dependents() -> list:
    """The materialized files that read peer_funnel or peer_bunching, directly or through views."""
    files = sql_catalog.view_files()
    deps = sql_catalog.dependencies(files)
    reached = {f.name for f in files if f.reads & {"peer_funnel", "peer_bunching"}}
    changed = True
    while changed:
        new = {n for n, d in deps.items() if d & reached} - reached
        reached |= new
        changed = bool(new)
    return [p for p in materialized_files() if p.stem in reached]


def shingles(text: str, size: int) -> set[str]:
    """Character n-grams of the text with whitespace removed."""
    compact = re.sub(r"\s+", "", text or "")
    return {compact[i:i + size] for i in range(max(len(compact) - size + 1, 0))}


def minhash(grams: set[str], num_perm: int) -> MinHash:
    """MinHash signature of a set of shingles."""
    m = MinHash(num_perm=num_perm)
    m.update_batch([g.encode("utf-8") for g in grams])
    return m


def jaccard(a: set, b: set) -> float:
    """Exact Jaccard similarity of two sets."""
    return len(a & b) / len(a | b) if a or b else 0.0


def load_texts(con, min_chars: int, size: int) -> dict:
    """Shingle sets, unit and year of every current report with enough narrative."""
    rows = con.execute(TEXTS_SQL, [list(NARRATIVE_SECTIONS)]).fetchall()
    return {rid: (unit, year, shingles(text, size)) for rid, unit, year, text in rows
            if text and len(re.sub(r"\s+", "", text)) >= min_chars}


def cross_pairs(texts: dict, threshold: float, num_perm: int) -> list[tuple]:
    """Near-duplicate pairs across units or projects, both directions, via MinHash LSH."""
    lsh, sigs = MinHashLSH(threshold=threshold, num_perm=num_perm), {}
    for rid, (_, _, grams) in texts.items():
        sigs[rid] = minhash(grams, num_perm)
        lsh.insert(rid, sigs[rid])
    pairs = []
    for rid, (unit, year, grams) in texts.items():
        for other in lsh.query(sigs[rid]):
            o_unit, o_year, o_grams = texts[other]
            if other == rid or (unit and unit == o_unit and year != o_year):
                continue  # the same unit's other years are C3's business
            sim = jaccard(grams, o_grams)
            if sim >= threshold:
                pairs.append((rid, other, "cross", sim))
    return pairs


def previous_year_pairs(texts: dict) -> list[tuple]:
    """Each report against the same unit's reports of the year before."""
    by_unit_year = defaultdict(list)
    for rid, (unit, year, _) in texts.items():
        if unit and year:
            by_unit_year[(unit, year)].append(rid)
    pairs = []
    for rid, (unit, year, grams) in texts.items():
        for other in by_unit_year.get((unit, (year or 0) - 1), []):
            pairs.append((rid, other, "previous_year", jaccard(grams, texts[other][2])))
    return pairs


def refresh_text_similarity(con) -> int:
    """Recompute text_similarity (C2, C3) for all current reports; return the number of pairs."""
    s = values()
    texts = load_texts(con, int(float(s["text_min_chars"])), int(float(s["shingle_size"])))
    pairs = cross_pairs(texts, float(s["copy_threshold"]), int(float(s["minhash_perm"])))
    pairs += previous_year_pairs(texts)
    con.execute("delete from text_similarity")
    if pairs:
        con.executemany("insert into text_similarity values (?, ?, ?, ?)", pairs)
    return len(pairs)
