"""Every real record, parsed: invariants that must hold over the whole corpus.

One parse of all 58,630 records (Moscow lists, Books of Memory, Stalin lists) serves every
test here.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from edtf import parse_edtf

from unpersoned.coverage import Coverage
from unpersoned.model import ParsedRecord
from unpersoned.parse import parse_record
from unpersoned.readers import open_source

from .conftest import MEMO_ZIP, MOSCOW_PAGES, STALIN

_EDTF_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[ParsedRecord]]:
    sources = {
        "moscow": sorted(MOSCOW_PAGES.glob("*.htm")),
        "memo": [MEMO_ZIP],
        "stalin": [STALIN],
    }
    out: dict[str, list[ParsedRecord]] = {}
    for fmt, paths in sources.items():
        out[fmt] = []
        for path in paths:
            _info, records = open_source(fmt, path)
            out[fmt].extend(parse_record(r) for r in records)
    return out


def _valid_date(value: str) -> bool:
    m = _EDTF_DATE.match(value)
    if not m:
        return False
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return False
    return True


def test_counts(corpus: dict[str, list[ParsedRecord]]) -> None:
    assert {k: len(v) for k, v in corpus.items()} == {
        "moscow": 11_789,
        "memo": 46_464,
        "stalin": 377,
    }


def test_every_date_is_valid_edtf_and_no_interval_runs_backwards(corpus) -> None:
    seen: set[str] = set()
    for records in corpus.values():
        for parsed in records:
            for s in parsed.statements:
                if s.date is None:
                    continue
                parts = s.date.split("/")
                assert len(parts) in (1, 2), (parsed.record.locator, s)
                ends = [p for p in parts if p != ".."]
                assert ends and all(_valid_date(p) for p in ends), (parsed.record.locator, s)
                if len(ends) == 2:
                    assert ends[0] <= ends[1], (parsed.record.locator, s)
                seen.add(s.date)
    # and the edtf package agrees: on every form (year, month, day, open and closed
    # intervals) through an even sample of the distinct values, as it parses slowly
    values = sorted(seen)
    for value in values[:: max(1, len(values) // 400)]:
        assert parse_edtf(value) is not None, value


def test_every_span_lies_in_its_record(corpus) -> None:
    for records in corpus.values():
        for parsed in records:
            size = len(parsed.record.raw)
            for s in parsed.statements:
                if s.span:
                    assert 0 <= s.span[0] <= s.span[1] <= size, (parsed.record.locator, s)


def test_moscow_no_name_birth_year_or_death_date_is_missed(corpus) -> None:
    coverage = Coverage()
    for parsed in corpus["moscow"]:
        coverage.add(parsed, has_name=True)
    for field in ("name", "birth_year", "death_date", "burial", "residence"):
        assert coverage.present[field] > 11_700, field
        missed = coverage.present[field] - coverage.extracted[field]
        assert missed == 0, (field, coverage.missed_examples.get(field))
