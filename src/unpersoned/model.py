"""Plain values that flow from readers through the parser into the archive.

Nothing here knows about files, SQL or the web: a reader yields `SourceRecord`s, the parser
turns each into `Statement`s, and the archive stores both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple


class SourceRecord(NamedTuple):
    """One entry of a source, exactly as published, with what a reader knows of its structure.

    `locator` finds the entry in the original (file, street/house/flat, list and number…).
    `raw` is the published text, never edited. `hints` carries structure the file format gives
    for free (the bold name of a Moscow entry, the list of a Stalin-list entry, CSV columns).
    """

    locator: str
    raw: str
    hints: dict[str, Any] = {}  # noqa: RUF012 - never mutated; a tuple pickles cheaply


@dataclass(slots=True)
class Statement:
    """One claim a record makes, tied to the span of raw text it was read from.

    `date` is an EDTF string (`1937`, `1937-11`, `1870?`, `1917/1935`); `span` is a
    (start, end) pair of offsets into the record's raw text, or None for claims that come from
    the file's structure rather than its text (the list an entry stands in).
    """

    predicate: str
    value: str
    date: str | None = None
    place: str | None = None
    qualifiers: dict[str, Any] | None = None
    span: tuple[int, int] | None = None
    alternative: bool = False

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"predicate": self.predicate, "value": self.value}
        if self.date is not None:
            out["date"] = self.date
        if self.place is not None:
            out["place"] = self.place
        if self.qualifiers:
            out["qualifiers"] = self.qualifiers
        if self.span is not None:
            out["span"] = list(self.span)
        if self.alternative:
            out["alternative"] = True
        return out


@dataclass(slots=True)
class ParsedRecord:
    """A record with the statements read from it and the parts of its text nobody read."""

    record: SourceRecord
    statements: list[Statement]
    leftover: list[tuple[int, int]] = field(default_factory=list)

    def leftover_text(self) -> list[str]:
        return [self.record.raw[a:b] for a, b in self.leftover]


# The predicates the parser emits; docs/model.md explains each. A test checks both agree.
PREDICATES: dict[str, str] = {
    "name": "the full name as printed",
    "surname": "surname",
    "given_name": "given name",
    "patronymic": "patronymic",
    "alias": "another name the record gives in brackets or as a variant (qualifier kind)",
    "sex": "M or F, stated or read from the grammar (qualifier basis)",
    "birth": "date (EDTF) and place of birth",
    "nationality": "nationality as printed",
    "education": "education as printed",
    "party_membership": "a spell in a party: value party, date EDTF interval, qualifiers role, "
    "ended, reason, former",
    "party_expulsion": "an expulsion from a party, with date and reason when given",
    "occupation": "position, with the workplace as qualifier",
    "residence": "address or place of residence",
    "arrest": "date of arrest, with the arresting organ as qualifier",
    "charge": "the charge: wording, article as qualifier",
    "sentence": "date, body (qualifier) and verdict (value) of a sentence",
    "execution": "date and place of execution",
    "death": "date and place of death other than execution",
    "burial": "burial place",
    "rehabilitation": "date and body of rehabilitation",
    "association": "membership of an association the seed is about (value is its key)",
    "listing": "the entry stands in a list (value the list, date the list's date)",
}
