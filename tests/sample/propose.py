"""Propose sample lines for records, from what the parser reads now, for a person to check.

    python -m tests.sample.propose moscow mos-memo-moscow/pages/1.htm 'LOCATOR' ...
    python -m tests.sample.propose --random moscow 100 --seed 1

Prints JSON lines: file, locator, the raw text (for the checker to read; it is NOT written to
the sample file) and the fields. The checker corrects the fields by reading the raw text.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from unpersoned.parse import parse_record
from unpersoned.readers import open_source

from .fields import field_view

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
FILES = {
    "moscow": sorted((DATA / "mos-memo-moscow" / "pages").glob("*.htm")),
    "memo": [DATA / "memo-lists-anon" / "texts.zip"],
    "stalin": [DATA / "stalin-lists" / "persons.jsonl"],
}


def all_records(fmt: str):
    for path in FILES[fmt]:
        _info, records = open_source(fmt, path)
        for record in records:
            yield path.relative_to(DATA).as_posix(), record


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("format", choices=FILES)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--matching", help="only records whose text matches this regex")
    args = parser.parse_args()
    records = list(all_records(args.format))
    if args.matching:
        pattern = re.compile(args.matching)
        records = [(f, r) for f, r in records if pattern.search(r.raw)]
    rng = random.Random(args.seed)
    for file, record in rng.sample(records, args.count):
        parsed = parse_record(record)
        print(
            json.dumps(
                {
                    "file": file,
                    "locator": record.locator,
                    "raw": record.raw,
                    "fields": field_view(parsed.statements),
                },
                ensure_ascii=False,
            )
        )


if __name__ == "__main__":
    main()
