"""python -m dashboard.exports readme | unit: README's generated section, or one unit's files from the command line."""
import argparse
import logging
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

from dashboard.exports import memo, readme, workbook


def write_readme() -> str:
    """Build the seed database in a temporary folder, record the example verdicts, rewrite README's section."""
    from ingest.loader import load_paths

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "seeds.duckdb"
        load_paths([Path(readme.README).parent / "data" / "raw" / "seeds"], db, progress=False)
        readme.add_example_verdicts(db)
        section = readme.section(db)
    readme.README.write_text(readme.rewrite(readme.README.read_text(encoding="utf-8"), section), encoding="utf-8")
    return f"已更新 {readme.README} 中的复核底稿与复核意见示例"


def write_unit(args) -> str:
    """A unit's workbook and notice written to a folder."""
    from dashboard import store

    pack = store.review_pack(args.db, args.province, None, args.year, None, True, unit=args.unit)
    if pack["reports"].empty:
        raise SystemExit(f"错误：数据库中没有实施单位“{args.unit}”的报告")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    deadline = date.fromisoformat(args.deadline) if args.deadline else None
    book = out / memo.file_name(args.unit, "复核底稿.xlsx")
    book.write_bytes(workbook.unit_workbook(pack, args.unit, workbook.Made(args.by, datetime.now())))
    notice = out / memo.file_name(args.unit, "复核意见.docx")
    notice.write_bytes(memo.unit_memo(pack, args.unit, memo.Notice(args.by, args.org, deadline, date.today())))
    return f"已写出 {book} 和 {notice}"


def main(argv: list[str] | None = None) -> int:
    logging.disable(logging.WARNING)      # Streamlit's "no runtime" warnings; this command reports by printing
    p = argparse.ArgumentParser(prog="python -m dashboard.exports", description="复核底稿与复核意见")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("readme", help="用种子数据库重新生成 README 中的示例")
    u = sub.add_parser("unit", help="写出一个单位的复核底稿和复核意见")
    u.add_argument("unit", help="实施单位名称")
    u.add_argument("--db", required=True)
    u.add_argument("--province", help="省份（单位名称在几个省重复时）")
    u.add_argument("--year", type=int)
    u.add_argument("--out", default=".")
    u.add_argument("--by", required=True, help="复核人姓名")
    u.add_argument("--org", help="出具单位")
    u.add_argument("--deadline", help="整改期限 YYYY-MM-DD")
    args = p.parse_args(argv)
    print(write_readme() if args.command == "readme" else write_unit(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
