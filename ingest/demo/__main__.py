"""python -m ingest.demo --out DIR --reports N --seed S: write a demo corpus and its truth.jsonl."""
import argparse
import sys
from pathlib import Path

from ingest.demo.corpus import generate


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and generate."""
    ap = argparse.ArgumentParser(prog="python -m ingest.demo", description="生成演示语料 / write a demo corpus")
    ap.add_argument("--out", required=True, help="输出目录 / output folder")
    ap.add_argument("--reports", type=int, default=600)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    records = generate(Path(args.out), args.reports, args.seed, progress=not args.quiet)
    print(f"已生成 {len(records)} 份报告及 truth.jsonl → {args.out} / wrote {len(records)} reports")
    return 0


if __name__ == "__main__":
    sys.exit(main())
