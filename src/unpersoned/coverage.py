"""Parse coverage: for each field whose cue is in a record's text, was a statement read?

A cue is a cheap pattern that says a field is present (`Арестован` → an arrest). Coverage is
the share of records with the cue that got a statement of that field; the leftover is text no
statement covers. Both are counted as records are parsed and kept with their source.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

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
        re.compile(r"б/п|беспартийн|ВКП|РКП|РСДРП|Бунд|эсер|меньшевик|\bКП[А-ЯЁ]?\b"),
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
        raw = parsed.record.raw
        self.records += 1
        self.raw_chars += len(raw)
        if has_name:
            self.present["name"] += 1
            if any(s.predicate == "surname" for s in parsed.statements):
                self.extracted["name"] += 1
        read = {s.predicate for s in parsed.statements}
        dated = {s.predicate for s in parsed.statements if s.date}
        for name, cue in FIELDS.items():
            if any(word in raw for word in cue.words) and cue.pattern.search(raw):
                self.present[name] += 1
                if not (cue.predicates & (dated if cue.dated else read)):
                    examples = self.missed_examples.setdefault(name, [])
                    if len(examples) < 5:
                        examples.append(parsed.record.locator)
                else:
                    self.extracted[name] += 1
        if parsed.leftover:
            self.records_with_leftover += 1
            for a, b in parsed.leftover:
                self.leftover_chars += b - a
                # group leftovers by shape: digits folded, first words kept
                shape = re.sub(r"\d+", "9", " ".join(raw[a:b].split()))[:40]
                self.leftover_kinds[shape] += 1

    def merge(self, other: Coverage) -> None:
        """Add another batch's counts to these."""
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

    def as_json(self, top: int = 15) -> dict[str, Any]:
        fields = {
            name: {
                "present": self.present[name],
                "extracted": self.extracted[name],
                "share": round(self.extracted[name] / self.present[name], 5),
            }
            for name in sorted(self.present)
        }
        return {
            "records": self.records,
            "fields": fields,
            "missed_examples": self.missed_examples,
            "records_with_leftover": self.records_with_leftover,
            "leftover_share_of_text": round(self.leftover_chars / max(1, self.raw_chars), 5),
            "top_leftovers": self.leftover_kinds.most_common(top),
        }

    @classmethod
    def merge_json(cls, old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
        """Sum two `as_json` results (one source read in several ingests)."""
        if not old:
            return new
        fields = {}
        for name in set(old.get("fields", {})) | set(new.get("fields", {})):
            a = old["fields"].get(name, {"present": 0, "extracted": 0})
            b = new["fields"].get(name, {"present": 0, "extracted": 0})
            present, extracted = a["present"] + b["present"], a["extracted"] + b["extracted"]
            fields[name] = {
                "present": present,
                "extracted": extracted,
                "share": round(extracted / present, 5) if present else 1.0,
            }
        kinds = Counter(dict(old.get("top_leftovers", []))) + Counter(
            dict(new.get("top_leftovers", []))
        )
        records = old["records"] + new["records"]
        return {
            "records": records,
            "fields": dict(sorted(fields.items())),
            "missed_examples": {**new.get("missed_examples", {}), **old.get("missed_examples", {})},
            "records_with_leftover": old["records_with_leftover"] + new["records_with_leftover"],
            "leftover_share_of_text": round(
                (
                    old["leftover_share_of_text"] * old["records"]
                    + new["leftover_share_of_text"] * new["records"]
                )
                / max(1, records),
                5,
            ),
            "top_leftovers": kinds.most_common(15),
        }
