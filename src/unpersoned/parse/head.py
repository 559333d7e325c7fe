"""The opening clause of an entry: birth date and place, nationality, education, party, work.

`род. 1889, Тамбовская губ., Козловский уезд, с. Ивановка, русский, член ВКП(б) с 1917,
завод № 12: начальник цеха` — items in a fixed order, each recognised by what it looks like.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..dates import DATE_RE, _from_match
from ..model import Statement
from . import segments
from .lexicon import is_nationality
from .party import looks_like_party, party_statements

_ALTERNATIVE = re.compile(r"\(\s*по другим данным\s*[-–—:]?\s*(?P<alt>[^()]*)\)")
_EDUCATION = re.compile(
    r"^(?:(?:обр\.|образование)\s*:?\s*(?P<value>.+)"
    r"|(?P<bare>(?:высшее|среднее|неполное среднее|незаконченное высшее|начальное|низшее|"
    r"малограмотн(?:ый|ая)|неграмотн(?:ый|ая)|грамотн(?:ый|ая))\.?))$",
    re.I,
)
_PLACE_START = re.compile(
    r"^(?:в\s+|во\s+|ныне\s|[А-ЯЁA-Z\d]|(?:г|с|д|дер|пос|п|ст|мест|м|ус|хут|х|аул|село|дер|уезд|"
    r"волость|губ|обл|р-н|окр|кр|станица|ст-ца|ж\.-д\.)\.?\s*[А-ЯЁ\d]|усадьб|местечк|"
    r"деревн|станиц|хутор|поселок|посёлок|колони|имени|им\.)"
)
_LEAD = re.compile(r"\s*(?:в\s+|во\s+)?")
_NOT_PLACE = re.compile(r":|\bчлен\b|\bбывш|ВКП|б/п|^[А-ЯЁ][а-яё]+\s+(?:по|в|на)\s+[а-яё]")


def birth_date_statements(raw: str, start: int, end: int) -> tuple[list[Statement], int]:
    """Birth statements for the date at the start of `raw[start:end]` and where it ends.

    Handles `1870`, `в 1874 г.`, `10.07.1894`, `в декабре 1890`, and a second reading in
    brackets: `11.02.1872 (по другим данным - 1870)`, `9 декабря (по другим данным - февраля)
    1899` — the bracket gives an alternative statement, with missing parts taken from the main.
    """
    text = raw[start:end]
    lead = _LEAD.match(text)
    cursor = lead.end() if lead else 0
    alt = _ALTERNATIVE.search(text, cursor) if "по други" in text else None
    # read the main date with the bracket blanked out, offsets unchanged
    blanked = text
    if alt and (alt.start() - cursor) < 30:
        blanked = text[: alt.start()] + " " * (alt.end() - alt.start()) + text[alt.end() :]
        blanked = re.sub(r"\s{2,}(?=\d)", lambda m: " " * len(m.group(0)), blanked)
    m = DATE_RE.match(blanked, cursor)
    if m is None and alt and alt.start() > cursor:
        # "9 декабря (по другим данным - февраля) 1899": day-month, bracket, year
        joined = blanked[: alt.start()].rstrip() + " " + blanked[alt.end() :].lstrip()
        jm = DATE_RE.match(joined, cursor)
        if jm:
            value = _from_match(jm)
            if value:
                stop = alt.end() + (jm.end() - len(blanked[: alt.start()].rstrip()) - 1)
                out = [Statement("birth", "", date=value, span=(start + cursor, start + stop))]
                out.extend(_alternative(raw, start, alt, value))
                return out, start + stop
    if m is None or (m.group("year") and alt is None and _looks_like_number(text, m)):
        return [], start
    value = _from_match(m)
    if value is None:
        return [], start
    stop = m.end()
    out = [
        Statement(
            "birth",
            "",
            date=value,
            # from "в" on: the words "в 1874 г." are the birth's, not left over
            span=(start + len(text) - len(text.lstrip()), start + m.end()),
        )
    ]
    if alt and alt.start() >= m.start() and alt.start() - m.end() < 4:
        out.extend(_alternative(raw, start, alt, value))
        stop = alt.end()
    elif alt and alt.start() < m.start():
        out.extend(_alternative(raw, start, alt, value))
    return out, start + stop


def _looks_like_number(text: str, m: re.Match[str]) -> bool:
    return text[m.end() : m.end() + 1].isdigit()


def _alternative(raw: str, offset: int, alt: re.Match[str], main: str) -> list[Statement]:
    phrase = alt.group("alt")
    found = DATE_RE.search(phrase)
    value = _from_match(found) if found else None
    if value is None:
        # "февраля" alone: the month of the main date's year and day
        month = re.match(r"\s*(?:в\s+)?([а-яё]+)", phrase)
        if month:
            probe = f"{month.group(1)} {main[:4]}"
            fm = DATE_RE.search(probe)
            value = _from_match(fm) if fm else None
            if value and len(main) == 10 and not re.match(r"\s*\d", phrase):
                value = f"{value}-{main[8:10]}"
    if value is None:
        return []
    return [
        Statement(
            "birth",
            "",
            date=value,
            qualifiers={"note": "по другим данным"},
            span=(offset + alt.start(), offset + alt.end()),
            alternative=True,
        )
    ]


def _occupation(raw: str, a: int, b: int) -> Statement:
    text = raw[a:b]
    colon = text.find(": ")
    if colon > 0 and text.count("(", 0, colon) == text.count(")", 0, colon):
        return Statement(
            "occupation",
            segments.trimmed(text[colon + 2 :]),
            qualifiers={"workplace": text[:colon].strip()},
            span=(a, b),
        )
    return Statement("occupation", segments.trimmed(text), span=(a, b))


def shifted(statements: list[Statement], offset: int) -> list[Statement]:
    """Copies of `statements` with their spans moved by `offset` (for cached results)."""
    # always copies: cached statements must never reach a caller that could change them
    return [
        Statement(
            s.predicate,
            s.value,
            s.date,
            s.place,
            s.qualifiers,
            (s.span[0] + offset, s.span[1] + offset) if s.span else None,
            s.alternative,
        )
        for s in statements
    ]


# Items repeat a great deal across a list (`русский`, `б/п`, `член ВКП(б)`, places, jobs):
# classify each distinct item once. Results are relative to the item's start.
@lru_cache(maxsize=50_000)
def _item(text: str) -> tuple[str, list[Statement], bool]:
    """(kind, statements, looks like a place) for one item of an opening clause."""
    whole = (0, len(text))
    if is_nationality(text):
        return "nationality", [Statement("nationality", segments.trimmed(text), span=whole)], False
    edu = _EDUCATION.match(text)
    if edu:
        value = segments.trimmed(edu.group("value") or edu.group("bare"))
        return "education", [Statement("education", value, span=whole)], False
    if looks_like_party(text):
        return "party", party_statements(text, 0, len(text)), False
    place_like = not _NOT_PLACE.search(text)
    return "other", [_occupation(text, 0, len(text))], place_like and bool(_PLACE_START.match(text))


def head_statements(raw: str, start: int, end: int, with_birth: bool) -> list[Statement]:
    """Statements of the opening clause `raw[start:end]` (after `род.` when `with_birth`)."""
    out: list[Statement] = []
    items = segments.items(raw, start, end)
    birth_dates: list[Statement] = []
    place_items: list[tuple[int, int]] = []
    state = "place" if with_birth else "rest"
    kinds = [_item(raw[a:b]) for a, b in items]
    # when a nationality follows, everything between the date and it is the birthplace
    nationality_at = next(
        (i for i, k in enumerate(kinds) if with_birth and k[0] == "nationality"), -1
    )
    for index, (a, b) in enumerate(items):
        kind, statements, place_like = kinds[index]
        if state == "place" and index and "\n" in raw[items[0][0] : a]:
            state = "rest"  # the birth line has ended: what follows is not the birthplace
        if index == 0 and with_birth:
            birth_dates, stop = birth_date_statements(raw, a, b)
            if stop > a:
                a, b = segments.strip_span(raw, stop, b)
                if a >= b:
                    continue
                kind, statements, place_like = _item(raw[a:b])
        if kind != "other":
            out.extend(shifted(statements, a))
            state = "rest"
            continue
        if state == "place" and (
            place_like or (index < nationality_at and not _NOT_PLACE.search(raw[a:b]))
        ):
            place_items.append((a, b))
            continue
        state = "rest"
        out.extend(shifted(statements, a))
    place = None
    place_span = None
    if place_items:
        place_span = (place_items[0][0], place_items[-1][1])
        place = raw[place_span[0] : place_span[1]]
        if place.startswith(("в ", "во ")):
            place = place.split(" ", 1)[1]
    births = []
    for s in birth_dates:
        span = s.span
        if not s.alternative and place_span and span:
            span = (span[0], place_span[1])
        births.append(
            Statement(
                "birth",
                raw[span[0] : span[1]] if span else "",
                date=s.date,
                place=place,
                qualifiers=s.qualifiers,
                span=span,
                alternative=s.alternative,
            )
        )
    if not births and place_span:
        births.append(Statement("birth", place or "", place=place, span=place_span))
    return births + out
