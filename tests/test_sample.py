"""The hand-checked sample of real records: ≥ 99 % of its fields must be read right.

tests/sample/*.jsonl name each record by file and locator and give the facts a person
checked against the published text (see tests/sample/fields.py for the vocabulary).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from unpersoned.model import SourceRecord
from unpersoned.parse import parse_record
from unpersoned.readers import open_source

from .conftest import DATA
from .sample.fields import compare, field_view

SAMPLE = Path(__file__).parent / "sample"
FORMAT_OF = {"mos-memo-moscow": "moscow", "memo-lists-anon": "memo", "stalin-lists": "stalin"}


def sample_lines() -> list[dict]:
    lines = []
    for path in sorted(SAMPLE.glob("*.jsonl")):
        lines.extend(json.loads(line) for line in path.read_text("utf-8").splitlines() if line)
    return lines


@cache
def records_of(file: str) -> dict[str, SourceRecord]:
    fmt = FORMAT_OF[file.split("/")[0]]
    _info, records = open_source(fmt, DATA / file)
    return {r.locator: r for r in records}


def test_sample_is_large_and_spans_the_formats() -> None:
    lines = sample_lines()
    assert len(lines) >= 200
    assert len({(line["file"], line["locator"]) for line in lines}) == len(lines)
    assert {FORMAT_OF[line["file"].split("/")[0]] for line in lines} == set(FORMAT_OF.values())


def test_sample_fields_are_read_right() -> None:
    right = total = 0
    misses = []
    for line in sample_lines():
        record = records_of(line["file"])[line["locator"]]
        got, wrong = compare(line["fields"], field_view(parse_record(record).statements))
        right += got
        total += got + len(wrong)
        misses.extend(f"{line['locator']}: {w}" for w in wrong)
    share = right / total
    assert share >= 0.99, f"{share:.2%} of {total} fields right; wrong:\n" + "\n".join(misses)
