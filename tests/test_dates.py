"""Russian date phrases → EDTF, checked against the edtf package's own grammar."""

from __future__ import annotations

import datetime as dt

import pytest
from edtf import parse_edtf
from hypothesis import given
from hypothesis import strategies as st

from unpersoned.dates import find_dates, to_edtf

GENITIVE = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
PREPOSITIONAL = [
    "январе",
    "феврале",
    "марте",
    "апреле",
    "мае",
    "июне",
    "июле",
    "августе",
    "сентябре",
    "октябре",
    "ноябре",
    "декабре",
]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("1884", "1884"),
        ("10.07.1894", "1894-07-10"),
        ("1.01.1905", "1905-01-01"),
        ("7 марта 1932 г.", "1932-03-07"),
        ("в июле 1998 г.", "1998-07"),
        ("в декабре 1890", "1890-12"),
        ("в 1931 г.", "1931"),
        ("13.01.1935 г.", "1935-01-13"),
        ("31.02.1937", None),  # no such day
        ("завод № 1937", None),  # a number, not a year
        ("", None),
    ],
)
def test_phrases(phrase: str, expected: str | None) -> None:
    assert to_edtf(phrase) == expected


def test_offsets_point_at_the_phrase() -> None:
    text = "Арестован 7 марта 1932 г. Реабилитирован в июле 1998 г."
    found = list(find_dates(text))
    assert [f.edtf for f in found] == ["1932-03-07", "1998-07"]
    assert text[found[0].start : found[0].end] == "7 марта 1932 г."


@given(
    st.dates(min_value=dt.date(1700, 1, 1), max_value=dt.date(2029, 12, 31)),
    st.sampled_from(["dmy", "text", "month", "year"]),
)
def test_every_written_date_reads_back(day: dt.date, form: str) -> None:
    phrase, expected = {
        "dmy": (f"{day.day}.{day.month:02d}.{day.year}", day.isoformat()),
        "text": (f"{day.day} {GENITIVE[day.month - 1]} {day.year} г.", day.isoformat()),
        "month": (f"в {PREPOSITIONAL[day.month - 1]} {day.year} г.", day.isoformat()[:7]),
        "year": (f"в {day.year} г.", str(day.year)),
    }[form]
    assert to_edtf(phrase) == expected


@given(st.text(max_size=300))
def test_any_text_gives_valid_edtf_or_nothing(text: str) -> None:
    for found in find_dates(text):
        assert parse_edtf(found.edtf) is not None
        assert 0 <= found.start < found.end <= len(text)
