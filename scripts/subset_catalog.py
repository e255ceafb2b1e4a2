"""Write the rows of some universities from ``eight_universities.csv`` to a catalog file.

    python scripts/subset_catalog.py 충북대학교 이화여자대학교 -o cb_ewha.csv

The development questions in ``db/questions/eight_dev.jsonl`` are written over that subset.
The shared catalog is read from ``../shared/data/catalogs/`` and never copied into the project.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "catalogs" / "eight_universities.csv"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("universities", nargs="+", help="values of the 대학 column to keep")
    parser.add_argument("-o", "--output", type=Path, required=True, help="catalog file to write (CSV)")
    parser.add_argument("--source", type=Path, default=SOURCE, help=f"default: {SOURCE}")
    args = parser.parse_args(argv)
    if not args.source.is_file():
        print(f"error: {args.source} not found (the shared reference data is absent)", file=sys.stderr)
        return 2
    keep = set(args.universities)
    with args.source.open(encoding="utf-8", newline="") as src, args.output.open("w", encoding="utf-8", newline="") as out:
        reader = csv.DictReader(src)
        writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [])
        writer.writeheader()
        n = sum(writer.writerow(row) is not None for row in reader if row.get("대학") in keep)
    print(f"wrote {n} rows of {', '.join(sorted(keep))} to {args.output}")
    return 0 if n else 1


if __name__ == "__main__":
    raise SystemExit(main())
