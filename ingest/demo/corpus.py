"""A whole demo corpus: units in real places, reports over 2019–2024, planted rules, files and truth."""
import json
import os
import random
from pathlib import Path

from ingest.demo import anomalies, peers, vocab
from ingest.demo.content import draw_report, narrative_figures
from ingest.demo.expect import expected_rules
from ingest.demo.places import pick_places
from ingest.demo.render import headline_amounts, pipe_text, report_blocks, tab_text

YEARS = {2019: 0.1, 2020: 0.12, 2021: 0.15, 2022: 0.18, 2023: 0.2, 2024: 0.25}
FORMATS = {"docx": 0.3, "xlsx": 0.15, "pdf": 0.1, "tab": 0.28, "pipe": 0.17}
SUFFIX = {"docx": ".docx", "xlsx": ".xlsx", "pdf": ".pdf", "tab": ".txt", "pipe": ".txt"}
COPY_RATE, LAST_YEAR_RATE = 0.03, 0.04


def city_patterns(places) -> dict[str, str]:
    """Per province: the first city inflates; the second bunches above 90 or scores flat."""
    out, seen = {}, {}
    for p in places:
        if p.county is None:
            k = seen[p.province] = seen.get(p.province, 0) + 1
            out[p.city] = "inflate" if k == 1 else ("bunch" if len(seen) % 2 else "flat") if k == 2 else "normal"
    return out


def make_units(rng, places) -> list[dict]:
    """Budget units: three per city, one or two per county, each in a sector with its projects."""
    patterns, units = city_patterns(places), []
    for p in places:
        for sector in rng.sample(sorted(vocab.SECTORS), 3 if p.county is None else rng.randint(1, 2)):
            dept, suffixes, stems = vocab.SECTORS[sector]
            head = p.county or p.city
            units.append(dict(name=head + rng.choice(suffixes), department=head + dept, province=p.province,
                              city=p.city, county=p.county, adcode=p.adcode, pattern=patterns[p.city],
                              projects=[s + rng.choice(vocab.YEAR_WORDS) for s in rng.sample(stems, 2)]))
    return dedupe_units(units)


def dedupe_units(units: list[dict]) -> list[dict]:
    """Keep the first unit of each name (a county may draw the same suffix twice)."""
    seen, out = set(), []
    for u in units:
        if u["name"] not in seen:
            seen.add(u["name"])
            out.append(u)
    return out


def draw_keys(rng, units, n: int) -> list[tuple]:
    """n distinct (unit, project, year) keys."""
    keys, chosen = [], set()
    while len(keys) < n:
        unit = rng.choice(units)
        project = rng.choice(unit["projects"])
        year = rng.choices(list(YEARS), weights=list(YEARS.values()))[0]
        if (unit["name"], project, year) not in chosen:
            chosen.add((unit["name"], project, year))
            keys.append((unit, project, year))
    return keys


def one_report(rng, unit, project, year) -> dict:
    """A report with its planted rules, its format and its filer."""
    stem = project.removesuffix("专项资金项目").removesuffix("补助资金项目").removesuffix("项目").removesuffix("工程")
    r = draw_report(rng, unit, project, stem, year)
    if unit["pattern"] == "inflate":
        r["funds"]["exec_score"] = 10.0
    anomalies.plant_all(rng, r, narrative_figures)
    r["format"] = rng.choices(list(FORMATS), weights=list(FORMATS.values()))[0]
    r["style"] = dict(level_weights=rng.random() < 0.5)
    r["filer"] = rng.choice(vocab.SURNAMES) + rng.choice(vocab.GIVEN) + rng.choice(["", *vocab.GIVEN])
    return r


def plant_copies(rng, reports: list[dict]) -> None:
    """C2: a narrative copied from another unit; C3: a unit's narrative reused from last year."""
    index = {(r["unit"]["name"], r["project_name"], r["year"]): r for r in reports}
    for r in reports:
        last = index.get((r["unit"]["name"], r["project_name"], r["year"] - 1))
        if last is not None and rng.random() < LAST_YEAR_RATE / 0.6:
            copy_narrative(r, last, "C3")
        elif rng.random() < COPY_RATE:
            other = rng.choice(reports)
            if other["unit"]["name"] != r["unit"]["name"]:
                copy_narrative(r, other, "C2")


def copy_narrative(target: dict, source: dict, rule: str) -> None:
    """Reuse the source's problems and measures word for word."""
    for key in ("problems_text", "measures", "problems_admitted"):
        target["narrative"][key] = source["narrative"][key]
    target["planted"].append(rule)


def truth_fields(r: dict) -> dict:
    """The values extraction should read from the file."""
    u, f, factor = r["unit"], r["funds"], r["funds"].get("table_factor", 1)
    budget_initial, budget_full_year, executed = headline_amounts(r)
    return dict(kind="project", project_name=r["project_name"], implementing_unit=u["name"],
                supervising_department=u["department"], province=u["province"], city=u["city"],
                county=u["county"], adcode=u["adcode"], year=r["year"], money_unit="万元",
                budget_initial=budget_initial, budget_full_year=budget_full_year, executed=executed, execution_rate=f["execution_rate"], exec_weight=f["exec_weight"],
                exec_score=f["exec_score"], self_score=r["self_score"], grade=r["grade"], weight_total=100.0,
                filed_date=r["dates"]["filed"], project_end_date=r["dates"]["project_end"],
                n_indicators=len(r["indicators"]))


def build_reports(n: int, seed: int, formats: list[str] | None = None) -> list[dict]:
    """Draw n reports with their planted and expected rules (formats, when given, taken in turn)."""
    rng = random.Random(seed)
    units = make_units(rng, pick_places(rng))
    reports = [one_report(rng, *key) for key in draw_keys(rng, units, n)]
    for i, r in enumerate(reports):
        r["format"] = formats[i % len(formats)] if formats else r["format"]
    plant_copies(rng, reports)
    copies, peer = peers.copy_rules(reports), peers.peer_rules(reports)
    for i, r in enumerate(reports):
        r["rules"] = sorted(expected_rules(r) | copies.get(i, set()) | peer.get(i, set()))
    return reports


def write_report(r: dict, path: Path) -> None:
    """Write one report in its format."""
    from ingest import writers

    blocks = report_blocks(r)
    if r["format"] in ("tab", "pipe"):
        text = tab_text(blocks) if r["format"] == "tab" else pipe_text(blocks)
        path.write_bytes(text.encode("utf-8"))
    else:
        getattr(writers, f"write_{r['format']}")(path, blocks)


def truth_record(r: dict, name: str) -> dict:
    """One line of truth.jsonl."""
    return dict(file=name, format=r["format"], layout=r["format"], fields=truth_fields(r),
                rules=r["rules"], planted=sorted(set(r["planted"])), pattern=r["unit"]["pattern"],
                indicators=[{k: i[k] for k in ("level1", "level2", "name", "target", "actual", "weight", "score")}
                            for i in r["indicators"]])


def write_one(job: tuple) -> None:
    """Worker: write one report file under a hidden name, then move it in place (readers never see half a file)."""
    r, path = job
    path = Path(path)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")
    write_report(r, tmp)
    os.replace(tmp, path)


def plan(out: Path, n: int, seed: int, formats: list[str] | None = None) -> list[tuple[dict, str]]:
    """The reports to write and their paths; writes truth.jsonl."""
    out.mkdir(parents=True, exist_ok=True)
    reports = build_reports(n, seed, formats)
    names = [f"r{i:05d}_{r['format']}{SUFFIX[r['format']]}" for i, r in enumerate(reports)]
    lines = [json.dumps(truth_record(r, name), ensure_ascii=False, sort_keys=True) for r, name in zip(reports, names)]
    tmp = out / f".truth.{os.getpid()}.tmp"
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, out / "truth.jsonl")
    return [(r, str(out / name)) for r, name in zip(reports, names)]


def generate(out: Path, n: int, seed: int, progress: bool = False, formats: list[str] | None = None) -> list[dict]:
    """Write n report files and truth.jsonl into out; return the truth records."""
    from concurrent.futures import ProcessPoolExecutor

    from tqdm import tqdm

    jobs = plan(out, n, seed, formats)
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        done = pool.map(write_one, jobs, chunksize=8)
        list(tqdm(done, total=len(jobs), desc="生成报告", unit="份", disable=not progress))
    return [truth_record(r, Path(path).name) for r, path in jobs]
