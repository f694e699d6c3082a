"""Near-duplicate narratives (C2, C3): MinHash band keys kept per report, so one import compares its own
texts with the database's instead of recomputing every pair.

A pair is a candidate when the two reports share a band key (the banding of datasketch's MinHashLSH at the
copy threshold); its Jaccard similarity is then computed exactly on the shingles. `refresh_all` and
`refresh_for` use the same candidates and the same rules, so an import gives the pairs a full rebuild gives.
"""
import hashlib
import re
from collections import defaultdict

from datasketch import MinHash, MinHashLSH

from ingest.rule_settings import values

NARRATIVE_SECTIONS = ("problems", "measures", "experience", "conclusion", "goal_target", "goal_actual")
TEXTS_SQL = """
    select r.report_id, r.implementing_unit, r.year,
           coalesce(string_agg(n.text, '' order by n.section) filter (where n.section in ?),
                    max(n.text) filter (where n.section = 'body')) as text
    from stg_reports as r join stg_narratives as n using (report_id)
    {where}
    group by all
"""
CANDIDATES_SQL = """
    select distinct a.report_id, b.report_id
    from text_bands as a join text_bands as b using (band, key)
    where a.report_id <> b.report_id {where}
"""


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


def params() -> dict:
    """The similarity settings in force, as numbers."""
    s = values()
    return dict(min_chars=int(float(s["text_min_chars"])), size=int(float(s["shingle_size"])),
                threshold=float(s["copy_threshold"]), num_perm=int(float(s["minhash_perm"])))


def load_texts(con, min_chars: int, size: int, ids_table: str | None = None) -> dict:
    """Shingle sets, unit and year of current reports with enough narrative (those of ids_table only, when given)."""
    where = f"where r.report_id in (select report_id from {ids_table})" if ids_table else ""
    rows = con.execute(TEXTS_SQL.format(where=where), [list(NARRATIVE_SECTIONS)]).fetchall()
    return {rid: (unit, year, shingles(text, size)) for rid, unit, year, text in rows
            if text and len(re.sub(r"\s+", "", text)) >= min_chars}


def band_rows(texts: dict, threshold: float, num_perm: int) -> list[tuple]:
    """(report_id, band, key) for each band of each text's MinHash, banded as MinHashLSH bands at the threshold."""
    ranges = MinHashLSH(threshold=threshold, num_perm=num_perm).hashranges
    rows = []
    for rid, (_, _, grams) in texts.items():
        hashes = minhash(grams, num_perm).hashvalues
        for band, (start, end) in enumerate(ranges):
            digest = hashlib.blake2b(hashes[start:end].tobytes(), digest_size=8).digest()
            rows.append((rid, band, int.from_bytes(digest, "little", signed=True)))
    return rows


def is_cross(a: tuple, b: tuple) -> bool:
    """Two texts compared for C2: not the same unit in another year (that is C3's business)."""
    (unit, year, _), (o_unit, o_year, _) = a, b
    return not (unit and unit == o_unit and year != o_year)


def cross_pairs(texts: dict, candidates, threshold: float) -> list[tuple]:
    """(report, other, 'cross', similarity) for each candidate pair at or above the threshold."""
    pairs = []
    for rid, other in candidates:
        if rid in texts and other in texts and is_cross(texts[rid], texts[other]):
            sim = jaccard(texts[rid][2], texts[other][2])
            if sim >= threshold:
                pairs.append((rid, other, "cross", sim))
    return pairs


def previous_year_pairs(texts: dict, ids=None) -> list[tuple]:
    """Each report (of ids, when given) against the same unit's reports of the year before."""
    by_unit_year = defaultdict(list)
    for rid, (unit, year, _) in texts.items():
        if unit and year:
            by_unit_year[(unit, year)].append(rid)
    pairs = []
    for rid in texts if ids is None else ids:
        unit, year, grams = texts[rid]
        for other in by_unit_year.get((unit, (year or 0) - 1), []):
            pairs.append((rid, other, "previous_year", jaccard(grams, texts[other][2])))
    return pairs


def insert(con, table: str, rows: list[tuple]) -> None:
    if rows:
        con.executemany(f"insert into {table} values ({', '.join('?' * len(rows[0]))})", rows)


def refresh_all(con) -> int:
    """Recompute text_bands and text_similarity for all current reports; return the number of pairs."""
    p = params()
    texts = load_texts(con, p["min_chars"], p["size"])
    con.execute("delete from text_bands")
    insert(con, "text_bands", band_rows(texts, p["threshold"], p["num_perm"]))
    candidates = con.execute(CANDIDATES_SQL.format(where="")).fetchall()
    pairs = cross_pairs(texts, candidates, p["threshold"]) + previous_year_pairs(texts)
    con.execute("delete from text_similarity")
    insert(con, "text_similarity", pairs)
    return len(pairs)


def refresh_for(con, new_table: str, gone_table: str) -> set[str]:
    """Drop the pairs and bands of reports no longer current, add those of new current reports; return the
    other reports whose pairs changed (their C2/C3 may change with them)."""
    p = params()
    touched = {r for r, in con.execute(
        f"""select other_report_id from text_similarity where report_id in (select report_id from {gone_table})
            union select report_id from text_similarity where other_report_id in (select report_id from {gone_table})"""
    ).fetchall()}
    for column in ("report_id", "other_report_id"):
        con.execute(f"delete from text_similarity where {column} in (select report_id from {gone_table})")
    con.execute(f"delete from text_bands where report_id in (select report_id from {gone_table})")
    new = load_texts(con, p["min_chars"], p["size"], new_table)
    if not new:
        return touched
    insert(con, "text_bands", band_rows(new, p["threshold"], p["num_perm"]))
    candidates = con.execute(CANDIDATES_SQL.format(
        where=f"and a.report_id in (select report_id from {new_table})")).fetchall()
    texts = load_related(con, p, new, {o for _, o in candidates})
    pairs = cross_pairs(texts, candidates, p["threshold"])
    pairs += [(o, r, kind, sim) for r, o, kind, sim in pairs if o not in new]
    later = previous_year_pairs(texts, ids=[r for r in texts if r not in new])
    pairs += previous_year_pairs(texts, ids=list(new)) + [q for q in later if q[1] in new]
    insert(con, "text_similarity", pairs)
    return touched | ({r for r, o, *_ in pairs} | {o for r, o, *_ in pairs}) - set(new)


def load_related(con, p: dict, new: dict, others: set) -> dict:
    """The new texts with those of the candidates and of the same units' years before and after."""
    con.execute("create or replace temp table _related_ids (report_id varchar)")
    units = [(u, y) for u, y, _ in new.values() if u and y]
    if others:
        con.executemany("insert into _related_ids values (?)", [[o] for o in sorted(others)])
    if units:
        con.executemany("""insert into _related_ids select report_id from stg_reports
                           where implementing_unit = ? and year in (? - 1, ? + 1)""",
                        [[u, y, y] for u, y in units])
    texts = dict(load_texts(con, p["min_chars"], p["size"], "_related_ids"))
    texts.update(new)
    con.execute("drop table _related_ids")
    return texts
