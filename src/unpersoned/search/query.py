"""A query as typed → the words of a name, and the filters; or a clear QueryError."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..names.fold import fold_cyrillic, fold_latin, is_cyrillic
from ..names.split import is_initial, words

MAX_QUERY = 200  # characters: the longest name of the lists has under 100
MAX_WORDS = 6
YEARS = (1600, 2030)


class QueryError(ValueError):
    """A query that is not a name, or a filter that cannot be read; the message says why."""


@dataclass(frozen=True, slots=True)
class QueryWord:
    """One word of the query: as typed, its folded key, its script, whether an initial."""

    text: str
    key: str
    cyrillic: bool
    initial: bool


def clean_text(text: str, what: str) -> str:
    """The text stripped, or QueryError for what no database takes (NUL, lone surrogates)."""
    if "\x00" in text:
        raise QueryError(f"{what} holds a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise QueryError(f"{what} is not valid text (a lone surrogate)") from None
    return text.strip()


def read_query(text: object) -> list[QueryWord]:
    """The words of a query, or QueryError for anything that is not a name."""
    if not isinstance(text, str):
        raise QueryError("the query must be text")
    text = clean_text(text, "the query")
    if not text:
        raise QueryError("the query is empty: give a name, as «Чернышев Илья» or «Chernyshev»")
    if len(text) > MAX_QUERY:
        raise QueryError(
            f"the query is {len(text):,} characters long; a name has at most {MAX_QUERY}"
        )
    # marks that compose nothing under NFC (the ties of ALA-LC: «I͡akovlev») would split a word
    text = "".join(c for c in unicodedata.normalize("NFC", text) if not unicodedata.combining(c))
    text = text.replace("·", "")  # BGN/PCGN's separator: «Sharf·e» is one word
    out = []
    for word in words(text):
        cyrillic = is_cyrillic(word)
        key = fold_cyrillic(word) if cyrillic else fold_latin(word)
        if key:
            out.append(QueryWord(word, key, cyrillic, is_initial(word)))
    if not out:
        raise QueryError("the query has no Cyrillic or Latin letters: a name is searched by them")
    if len(out) > MAX_WORDS:
        raise QueryError(
            f"the query has {len(out)} words; a name has at most {MAX_WORDS} "
            "(surname, given name, patronymic, and a former name)"
        )
    return out


_BORN = re.compile(r"^\s*(\d{4})\s*(?:(?:±|\+-|\+/-|~)\s*(\d{1,2}))?\s*$")
_RANGE = re.compile(r"^\s*(\d{4})\s*(?:-|–|\.\.)\s*(\d{4})\s*$")


def read_born(text: str | None) -> tuple[int, int] | None:
    """`1890`, `1890±2` (or `1890+-2`, `1890~2`) or `1888-1892` → the years kept."""
    if text is None or str(text).strip() == "":
        return None
    text = str(text)
    m = _BORN.match(text)
    if m:
        year, spread = int(m.group(1)), int(m.group(2) or 0)
        low, high = year - spread, year + spread
    else:
        m = _RANGE.match(text)
        if not m:
            raise QueryError(
                f"--born {text[:40]!r}: give a year, a year ± years (1890±2) or a range (1888-1892)"
            )
        low, high = int(m.group(1)), int(m.group(2))
    if low > high or low < YEARS[0] or high > YEARS[1]:
        raise QueryError(f"--born {text[:40]!r}: the years lie between {YEARS[0]} and {YEARS[1]}")
    return low, high
