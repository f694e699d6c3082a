"""Command line: extract, load, refresh, export, from-parquet, evaluate, build-default, rules, settings."""
import argparse
import json
import sys
from pathlib import Path

from ingest.errors import IngestError


def cmd_extract(args) -> int:
    """Print one JSON object per report (a file may hold several); a bad file prints a one-line error on stderr.

    Each file is parsed in a worker process within the memory and time limits, so a hostile file
    fails alone and the files after it are still read.
    """
    from ingest.extract import walk
    from ingest.loader import parse_bytes, source_bytes
    from ingest.readers.base import page_progress

    status = 0
    for path in walk(args.files):
        page_progress.set(lambda done, pages, path=path: print(f"{path}: 文字识别 第 {done}/{pages} 页",
                                                               file=sys.stderr))
        try:
            reports, _ = parse_bytes(source_bytes(path), str(path))
        except IngestError as err:
            print(f"{path}: {err.one_line()}", file=sys.stderr)
            status = 1
            continue
        for report in reports:
            print(json.dumps(report.to_json(), ensure_ascii=False))
    return status


def cmd_evaluate(args) -> int:
    """Print accuracy per field against the hand labels."""
    from ingest.evaluate import evaluate, format_result, sample_paths

    labels, raw = sample_paths(args.labels, args.dir)
    result = evaluate(labels, raw)
    print(format_result(result, args.verbose))
    return 0


def cmd_load(args) -> int:
    """Load files and folders into DuckDB and print a summary."""
    from ingest.loader import load_paths

    summary = load_paths([Path(p) for p in args.paths], Path(args.db), is_synthetic=args.synthetic,
                         progress=not args.quiet)
    print(summary.describe())
    return 0 if summary.loaded or summary.skipped or not summary.failed else 1


def cmd_refresh(args) -> int:
    """Bring the marts up to date: what the last loads touched, or everything with --full."""
    from ingest import db, incremental, write_lock

    with write_lock.writer(args.db, on_wait=lambda message: print(message, file=sys.stderr)):
        con = write_lock.open_for_write(args.db)
        try:
            db.apply_schema(con)
            print(incremental.refresh(con, full=args.full).describe())
            con.execute("checkpoint")
        finally:
            con.close()
    return 0


def cmd_export(args) -> int:
    """Write the base tables and marts as Parquet partitioned by province and year."""
    import duckdb

    from ingest.parquet_export import export

    con = duckdb.connect(args.db, read_only=True)
    try:
        manifest = export(con, args.parquet)
    finally:
        con.close()
    print(f"已导出 {len(manifest['tables'])} 张表到 {args.parquet} / exported {len(manifest['tables'])} tables")
    return 0


def cmd_from_parquet(args) -> int:
    """Build a DuckDB file whose marts are computed by the SQL of queries/ from a Parquet export."""
    from ingest.parquet_export import build_from_folder

    seconds = build_from_folder(args.source, args.db)
    print(f"已由 {args.source} 构建 {args.db}，用时 {seconds:.1f} 秒 / built {args.db} in {seconds:.1f} s")
    return 0


def cmd_build_default(args) -> int:
    """Build data/evaluations.duckdb from the bundled reports and a demo corpus."""
    from ingest.default_db import build_default

    build_default(Path(args.db), reports=args.reports, progress=not args.quiet)
    return 0


def cmd_rules(args) -> int:
    """Print the rule registry as the Markdown table README carries."""
    from ingest.rule_registry import markdown_table

    print(markdown_table())
    return 0


def cmd_settings(args) -> int:
    """Print every setting (name, environment variable, default, meaning) as the table README carries."""
    from ingest.rule_settings import markdown_table

    print(markdown_table())
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser with its sub-commands."""
    ap = argparse.ArgumentParser(prog="python -m ingest", description="绩效自评报告读取工具 / self-evaluation report reader")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="每个报告输出一行 JSON / print one JSON object per report")
    p.add_argument("files", nargs="+")
    p.set_defaults(func=cmd_extract)
    p = sub.add_parser("load", help="载入 DuckDB / load into DuckDB")
    p.add_argument("paths", nargs="+")
    p.add_argument("--db", default="data/evaluations.duckdb")
    p.add_argument("--synthetic", action="store_true", help="标记为合成数据 / mark as synthetic")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_load)
    p = sub.add_parser("refresh", help="刷新汇总表（默认只算新载入的报告涉及的部分）/ refresh the marts")
    p.add_argument("--db", default="data/evaluations.duckdb")
    p.add_argument("--full", action="store_true", help="全部重算 / rebuild every mart")
    p.set_defaults(func=cmd_refresh)
    p = sub.add_parser("export", help="导出为按省份、年度分区的 Parquet / export as partitioned Parquet")
    p.add_argument("--parquet", required=True, help="目录或对象存储地址（s3://…）/ folder or object-storage URL")
    p.add_argument("--db", default="data/evaluations.duckdb")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("from-parquet", help="由 Parquet 导出计算汇总表 / compute the marts from a Parquet export")
    p.add_argument("source", help="export 写出的目录或对象存储地址 / the folder or URL export wrote")
    p.add_argument("--db", required=True, help="新建的 DuckDB 文件 / the DuckDB file to build")
    p.set_defaults(func=cmd_from_parquet)
    p = sub.add_parser("evaluate", help="与人工标注比对 / score against labels")
    p.add_argument("labels", nargs="?", help="labels.jsonl；默认 ../shared/samples/labels.jsonl（EVAL_SAMPLES_DIR）")
    p.add_argument("dir", nargs="?", help="报告目录；默认 labels.jsonl 旁的 raw/")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(func=cmd_evaluate)
    p = sub.add_parser("build-default", help="构建默认数据库 / build the default database")
    p.add_argument("--db", default="data/evaluations.duckdb")
    p.add_argument("--reports", type=int, default=600)
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_build_default)
    p = sub.add_parser("rules", help="打印规则目录（README 用）/ print the rule registry as Markdown")
    p.set_defaults(func=cmd_rules)
    p = sub.add_parser("settings", help="打印全部设置（README 用）/ print every setting as Markdown")
    p.set_defaults(func=cmd_settings)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except IngestError as err:
        print(err.one_line(), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
