"""Every Moscow entry: no name, birth year or date of death in the text goes unread."""

from __future__ import annotations

from unpersoned.coverage import Coverage
from unpersoned.parse import parse_record
from unpersoned.readers import moscow_list

from .conftest import MOSCOW_PAGES


def test_no_name_birth_year_or_death_date_is_missed() -> None:
    coverage = Coverage()
    for page in sorted(MOSCOW_PAGES.glob("*.htm")):
        for record in moscow_list.read(page):
            coverage.add(parse_record(record), has_name=True)
    assert coverage.records == 11_789
    for field in ("name", "birth_year", "death_date", "burial", "residence"):
        assert coverage.present[field] > 11_700, field
        missed = coverage.present[field] - coverage.extracted[field]
        assert missed == 0, (field, coverage.missed_examples.get(field))
