"""The hand-checked sample: compare what the parser reads with what a person wrote down.

Each line of `*.jsonl` here names a real record by its file and locator and gives the facts
a reader checked by hand, as flat fields (below). Long free-text values are written as their
first 30 characters and a trailing `…`, so the file holds facts, not the published sentences.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from unpersoned.model import Statement

LONG = 30


def short(value: str | None) -> str | None:
    """A value as the sample writes it: whole when short, else its first 30 characters + '…'."""
    if value is None:
        return None
    value = " ".join(value.split())
    return value if len(value) <= LONG else value[:LONG] + "…"


def _first(statements: Iterable[Statement], predicate: str, alternative: bool = False):
    return next(
        (s for s in statements if s.predicate == predicate and s.alternative == alternative), None
    )


def field_view(statements: list[Statement]) -> dict[str, Any]:
    """The flat fields of a record's statements, in the sample's vocabulary."""
    view: dict[str, Any] = {}

    def put(key: str, value: Any) -> None:
        if value not in (None, "", []):
            view[key] = value

    for predicate in ("surname", "given_name", "patronymic", "sex", "nationality", "education"):
        s = _first(statements, predicate)
        put(predicate, s.value if s else None)
    put("aliases", sorted(s.value for s in statements if s.predicate == "alias"))
    birth = _first(statements, "birth")
    if birth:
        put("birth.date", birth.date)
        put("birth.place", short(birth.place))
    put(
        "birth.alternative",
        sorted(s.date for s in statements if s.predicate == "birth" and s.alternative and s.date),
    )
    put(
        "party",
        sorted(
            ":".join(
                [
                    s.value,
                    (s.qualifiers or {}).get("role", ""),
                    s.date or "",
                    "former" if (s.qualifiers or {}).get("former") else "",
                ]
            ).rstrip(":")
            for s in statements
            if s.predicate == "party_membership"
        ),
    )
    put(
        "expulsions",
        sorted(
            f"{s.value}:{s.date or ''}".rstrip(":")
            for s in statements
            if s.predicate == "party_expulsion"
        ),
    )
    put(
        "occupation",
        [
            short(
                (
                    (s.qualifiers or {}).get("workplace", "") + ": "
                    if (s.qualifiers or {}).get("workplace")
                    else ""
                )
                + s.value
            )
            for s in statements
            if s.predicate == "occupation"
        ],
    )
    residence = _first(statements, "residence")
    put("residence", short(residence.value) if residence else None)
    for predicate in ("arrest", "sentence", "execution", "death", "rehabilitation"):
        s = _first(statements, predicate)
        if s:
            put(f"{predicate}.date", s.date)
    sentence = _first(statements, "sentence")
    if sentence:
        put("sentence.verdict", short(sentence.value))
        put("sentence.body", short((sentence.qualifiers or {}).get("body")))
    charge = _first(statements, "charge")
    if charge:
        put("charge.article", (charge.qualifiers or {}).get("article"))
    execution = _first(statements, "execution")
    death = _first(statements, "death")
    place = (execution or death).place if (execution or death) else None
    put("death.place", short(place))
    burial = _first(statements, "burial")
    put("burial", short(burial.value) if burial else None)
    put("associations", sorted({s.value for s in statements if s.predicate == "association"}))
    listing = _first(statements, "listing")
    if listing:
        put("listing", f"{listing.value}:{listing.date}")
    return view


def compare(expected: dict[str, Any], actual: dict[str, Any]) -> tuple[int, list[str]]:
    """How many of the expected fields the parser got right, and a line for each it did not.

    A field the parser reads but the sample does not list counts as wrong too: the sample
    lists every field the record has, so an extra one is a misreading.
    """
    right = 0
    wrong = []
    for key in sorted(set(expected) | set(actual)):
        if expected.get(key) == actual.get(key):
            right += 1
        else:
            wrong.append(f"{key}: expected {expected.get(key)!r}, read {actual.get(key)!r}")
    return right, wrong
