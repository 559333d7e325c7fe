"""Russian date phrases of the lists → EDTF strings.

The lists write `1884`, `10.07.1894`, `7 марта 1932 г.`, `в июле 1998 г.`, `в декабре 1890`.
Partial dates are the rule: a year alone stays `1884`, a month and year `1998-07`. Output is
always valid EDTF (tests check it with the `edtf` package); we do not call that package here
because its grammar is far too slow for the hot path of an ingest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_MONTH_STEMS = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,  # мая / мае / май
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
_MONTH_WORD = (
    r"(?:январ[ьяе]|феврал[ьяе]|март[ае]?|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|"
    r"август[ае]?|сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе])"
)
_YEAR = r"(?:1[6-9]\d\d|20[0-2]\d)"

DATE_RE = re.compile(
    # a date starts with a digit or a month's first letter: test that before anything else
    r"(?=[0-9яфмаисонд])"
    r"(?:(?P<dmy>(?<![\d.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>" + _YEAR + r")(?!\d))"
    r"|(?P<my_num>(?<![\d.])(?P<m2>[01]?\d)\.(?P<y2>" + _YEAR + r")(?!\d))"
    r"|(?P<text>(?:(?P<d3>[0-3]?\d)\s+)?(?P<mw>" + _MONTH_WORD + r")\s+(?P<y3>" + _YEAR + r"))"
    r"|(?P<year>(?<![\d.№/-])(?<!№\s)(?P<y4>" + _YEAR + r")(?!\d)))"
    r"(?:\s*(?:гг?\.|года?(?![а-яё])|г(?![а-яё])))?",
)


@dataclass(frozen=True, slots=True)
class FoundDate:
    edtf: str
    start: int
    end: int


def month_number(word: str) -> int:
    """1-12 for a month word in any case form (`марта`, `марте`, `мая`) or its stem."""
    for stem, number in _MONTH_STEMS.items():
        if word.startswith(stem) and (stem != "ма" or len(word) == 3):
            return number
    raise ValueError(word)


def edtf_date(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """`1937`, `1937-11` or `1937-11-03`; None for a month or day that does not exist."""
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= _days_in(year, month):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _days_in(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _from_match(m: re.Match[str]) -> str | None:
    if m.group("dmy"):
        return edtf_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    if m.group("my_num"):
        return edtf_date(int(m.group("y2")), int(m.group("m2")))
    if m.group("text"):
        day = m.group("d3")
        return edtf_date(int(m.group("y3")), month_number(m.group("mw")), int(day) if day else None)
    return edtf_date(int(m.group("y4")))


def find_dates(text: str, start: int = 0, end: int | None = None) -> Iterator[FoundDate]:
    """Every date phrase in `text[start:end]`, in order, with offsets into `text`."""
    for m in DATE_RE.finditer(text, start, len(text) if end is None else end):
        value = _from_match(m)
        if value is not None:
            yield FoundDate(value, m.start(), m.end())


def first_date(text: str, start: int = 0, end: int | None = None) -> FoundDate | None:
    """The first date phrase in `text[start:end]`, or None."""
    return next(find_dates(text, start, end), None)


def to_edtf(phrase: str) -> str | None:
    """The EDTF form of a phrase that is a single date, e.g. `7 марта 1932 г.` → `1932-03-07`."""
    found = first_date(phrase)
    return found.edtf if found else None


# A date written on its own, as spreadsheets have them.
_ISO = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?[?~%]?")
_DAY_FIRST = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_MONTH_YEAR = re.compile(r"(\d{1,2})[./](\d{4})")
_ABOUT = re.compile(r"(?:около|ок\.|ок(?=\s))\s*(.+)", re.IGNORECASE | re.DOTALL)
_YEAR_WORD = re.compile(r"\s*(?:гг?\.?|года?)$", re.IGNORECASE)


def _iso(text: str) -> str | None:
    """`text` if it is a real EDTF date (`1937-11-03`, `1870?`, `1900~`), not `1937-13`."""
    m = _ISO.fullmatch(text)
    if not m:
        return None
    month, day = m.group(2), m.group(3)
    plain = edtf_date(int(m.group(1)), int(month) if month else None, int(day) if day else None)
    return text if plain is not None else None


def cell_date(value: str) -> str | None:
    """The EDTF form of a date cell, or None when it cannot be read as one date.

    ISO and EDTF first (`1937-11-03`, `1937-11`, `1870?`, intervals `1917/1935`), then day
    first `03/11/1937` and `03.11.1937`, `около 1900` / `ок. 1900` → `1900~`, and last
    whatever the lists' own date reader takes (`7 марта 1932 г.`).
    """
    text = value.strip()
    about = _ABOUT.fullmatch(text)
    if about:
        inner = cell_date(about.group(1))
        if inner is None or "/" in inner:
            return None
        if inner[-1] in "?%":
            return inner[:-1] + "%"
        return inner.rstrip("~") + "~"
    bare = _YEAR_WORD.sub("", text)
    if _ISO.fullmatch(bare):  # ISO-shaped: a real date or none at all
        return _iso(bare)
    ends = bare.split("/")
    interval = len(ends) == 2 and ends != ["..", ".."]
    if interval and all(end == ".." or _ISO.fullmatch(end) for end in ends):
        return bare if all(end == ".." or _iso(end) for end in ends) else None
    m = _DAY_FIRST.fullmatch(bare)
    if m:
        return edtf_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    m = _MONTH_YEAR.fullmatch(bare)
    if m:
        return edtf_date(int(m.group(2)), int(m.group(1)))
    return to_edtf(text)
