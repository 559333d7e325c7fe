"""Parse coverage: for each field whose cue is in a record's text, was a statement read?

A cue is a cheap pattern that says a field is present (`Арестован` → an arrest). Coverage is
the share of records with the cue that got a statement of that field; the leftover is text no
statement covers. Both are counted as records are parsed and kept with their source.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .model import ParsedRecord


@dataclass(frozen=True)
class Cue:
    """How to tell a field is in a record's text, and which statements count as reading it.

    `words`: one of these must be in the text — a cheap test that spares most records the
    regular expression `pattern`. `predicates`: a statement of one of these reads the field;
    with `dated`, only one that has a date.
    """

    words: tuple[str, ...]
    pattern: re.Pattern[str]
    predicates: frozenset[str]
    dated: bool = False


FIELDS: dict[str, Cue] = {
    "birth_year": Cue(
        ("од.", "Родил", "р."),
        re.compile(
            r"(?:[Рр]од\.|Родил(?:ся|ась)|(?<![а-яё])р\.)[^;\n]{0,30}?(?<!\d)1[6-9]\d\d(?!\d)"
        ),
        frozenset({"birth"}),
        dated=True,
    ),
    "nationality": Cue(
        (
            "русск",
            "евре",
            "поляк",
            "польк",
            "латыш",
            "белорус",
            "украин",
            "нем",
            "татар",
            "казах",
            "чуваш",
            "литов",
            "армян",
            "венгр",
        ),
        re.compile(
            r"[,;]\s*(?:русск|еврей|евре|поляк|польк|латыш|белорус|украин|немец|немк|"
            r"татар|казах|чуваш|литов|армян|венгр)[а-яё]*\s*[,;]"
        ),
        frozenset({"nationality"}),
    ),
    "education": Cue(
        ("образование", "обр.:", "грамотн"),
        re.compile(r"образование|обр\.:|грамотн"),
        frozenset({"education"}),
    ),
    "party": Cue(
        ("б/п", "беспартийн", "ВКП", "РКП", "РСДРП", "Бунд", "эсер", "меньшевик", "КП"),
        # plain words: a literal alternation is several times faster to search
        re.compile(r"б/п|беспартийн|КП|РСДРП|Бунд|эсер|меньшевик"),
        frozenset({"party_membership", "party_expulsion"}),
    ),
    "expulsion": Cue(
        ("сключ", "скл."),
        re.compile(r"[Ии]сключ[а-яё]*\s+из|[Ии]скл\.\s+из"),
        frozenset({"party_expulsion"}),
    ),
    "residence": Cue(
        ("Адрес:", "Проживал", "Прож."),
        re.compile(r"Адрес:|Проживал|Прож\.:"),
        frozenset({"residence"}),
    ),
    "arrest": Cue(("Арест",), re.compile(r"Арестован|Арест\."), frozenset({"arrest"})),
    "charge": Cue(("бв",), re.compile(r"[Оо]бв\.|[Оо]бвинение"), frozenset({"charge"})),
    "sentence": Cue(("Приговор",), re.compile(r"Приговор"), frozenset({"sentence"})),
    "death_date": Cue(
        ("трелян", "Умер", "Погиб"),
        re.compile(r"(?:Рас+трелян|Умер|Погиб)[а-я]*\s+(?:в\s+)?[\d\sа-я.]{0,20}1[89]\d\d"),
        frozenset({"execution", "death"}),
        dated=True,
    ),
    "burial": Cue(("захоронен",), re.compile(r"захоронен"), frozenset({"burial"})),
    "rehabilitation": Cue(
        ("Реабилитирован",), re.compile(r"Реабилитирован"), frozenset({"rehabilitation"})
    ),
}


class Observation(NamedTuple):
    """What one record contributes to coverage; small, so workers can send it back
    (the record's locator, which the writer has anyway, is not in it)."""

    present: tuple[str, ...]
    missed: tuple[str, ...]
    raw_chars: int
    leftover: tuple[str, ...]  # the shape of each leftover piece
    leftover_chars: int


def observe(parsed: ParsedRecord, has_name: bool = False) -> Observation:
    """Which fields the record's text has, which of them were not read, and what was left."""
    raw = parsed.record.raw
    read = {s.predicate for s in parsed.statements}
    dated = {s.predicate for s in parsed.statements if s.date}
    present = []
    missed = []
    if has_name:
        present.append("name")
        if "surname" not in read:
            missed.append("name")
    for name, cue in FIELDS.items():
        if any(word in raw for word in cue.words) and cue.pattern.search(raw):
            present.append(name)
            if not (cue.predicates & (dated if cue.dated else read)):
                missed.append(name)
    # leftovers grouped by shape: digits folded, first words kept
    shapes = tuple(re.sub(r"\d+", "9", " ".join(raw[a:b].split()))[:40] for a, b in parsed.leftover)
    return Observation(
        tuple(present),
        tuple(missed),
        len(raw),
        shapes,
        sum(b - a for a, b in parsed.leftover),
    )


@dataclass
class Coverage:
    """Counts for one source: records, fields present and read, leftover text."""

    records: int = 0
    present: Counter[str] = field(default_factory=Counter)
    extracted: Counter[str] = field(default_factory=Counter)
    missed_examples: dict[str, list[str]] = field(default_factory=dict)
    records_with_leftover: int = 0
    leftover_chars: int = 0
    raw_chars: int = 0
    leftover_kinds: Counter[str] = field(default_factory=Counter)

    def add(self, parsed: ParsedRecord, has_name: bool = False) -> None:
        """Count one parsed record."""
        self.count(observe(parsed, has_name), parsed.record.locator)

    def count(self, seen: Observation, locator: str) -> None:
        """Count one record's observation."""
        self.records += 1
        self.raw_chars += seen.raw_chars
        self.present.update(seen.present)
        self.extracted.update(set(seen.present) - set(seen.missed))
        for name in seen.missed:
            examples = self.missed_examples.setdefault(name, [])
            if len(examples) < 5:
                examples.append(locator)
        if seen.leftover:
            self.records_with_leftover += 1
            self.leftover_chars += seen.leftover_chars
            self.leftover_kinds.update(seen.leftover)

    def uncount(self, seen: Observation) -> None:
        """Take back a record counted before (one the archive turned out to have already)."""
        self.records -= 1
        self.raw_chars -= seen.raw_chars
        self.present.subtract(seen.present)
        self.extracted.subtract(set(seen.present) - set(seen.missed))
        if seen.leftover:
            self.records_with_leftover -= 1
            self.leftover_chars -= seen.leftover_chars
            self.leftover_kinds.subtract(seen.leftover)

    def merge(self, other: Coverage) -> Coverage:
        """Add another's counts to these; returns self."""
        self.records += other.records
        self.present.update(other.present)
        self.extracted.update(other.extracted)
        for name, examples in other.missed_examples.items():
            mine = self.missed_examples.setdefault(name, [])
            mine.extend(examples[: max(0, 5 - len(mine))])
        self.records_with_leftover += other.records_with_leftover
        self.leftover_chars += other.leftover_chars
        self.raw_chars += other.raw_chars
        self.leftover_kinds.update(other.leftover_kinds)
        return self

    def as_json(self, top: int = 15) -> dict[str, Any]:
        fields = {
            name: {
                "present": self.present[name],
                "extracted": self.extracted[name],
                "share": round(self.extracted[name] / self.present[name], 5),
            }
            for name in sorted(self.present)
            if self.present[name] > 0
        }
        return {
            "records": self.records,
            "fields": fields,
            "missed_examples": self.missed_examples,
            "records_with_leftover": self.records_with_leftover,
            "leftover_chars": self.leftover_chars,
            "raw_chars": self.raw_chars,
            "leftover_share_of_text": round(self.leftover_chars / max(1, self.raw_chars), 5),
            "top_leftovers": self.leftover_kinds.most_common(top),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Coverage:
        """Counts back from `as_json` (the leftover shapes only as far as it kept them)."""
        fields = data.get("fields", {})
        return cls(
            records=data.get("records", 0),
            present=Counter({k: v["present"] for k, v in fields.items()}),
            extracted=Counter({k: v["extracted"] for k, v in fields.items()}),
            missed_examples={k: list(v) for k, v in data.get("missed_examples", {}).items()},
            records_with_leftover=data.get("records_with_leftover", 0),
            leftover_chars=data.get("leftover_chars", 0),
            raw_chars=data.get("raw_chars", 0),
            leftover_kinds=Counter(dict(data.get("top_leftovers", []))),
        )

    @classmethod
    def merge_json(cls, old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
        """Sum two `as_json` results (one source read in several ingests)."""
        return cls.from_json(old).merge(cls.from_json(new)).as_json()
