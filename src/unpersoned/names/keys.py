"""The keys a name is found by: what the search index holds for each record.

A record gives one entry for its name, one for each name in brackets and one for each part
of a double surname. An entry's keys are folded (`fold`): the surname to its man's form, the
patronymic to its man's form, the given name as spelled (its equivalents are looked up when a
query is read, not stored).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .fold import fold, is_cyrillic, patronymic_key, surname_key
from .sex import sex_from_patronymic
from .split import NameParts, is_initial, split_name
from .variants import equivalents

NAME = "n"  # the name the record prints
ALIAS = "a"  # a name it gives in brackets, or one an editor added
PART = "p"  # one part of a double surname
ROLES = {NAME: "name", ALIAS: "alias", PART: "part of a double surname"}
MAX_KEY = 60  # longer keys are no names; they are cut so that no index row grows unbounded
MAX_PARTS = 4  # parts of a double surname indexed on their own
MAX_ALIASES = 20  # names in brackets or added by editors indexed for one record
_YEAR = re.compile(r"(?<!\d)(1[6-9]\d\d|20[0-2]\d)(?!\d)")


@dataclass(frozen=True, slots=True)
class EntryKeys:
    """One way a record names its person, as keys."""

    role: str
    surname: str | None
    given: str | None
    patronymic: str | None
    given_initial: str
    patronymic_initial: str
    female_form: bool
    printed: str


def surname_word(word: str) -> tuple[str, bool]:
    """A surname's key and whether it was printed in a woman's form."""
    folded = fold(word[: 2 * MAX_KEY])[:MAX_KEY]
    return surname_key(folded) if is_cyrillic(word) else (folded, False)


def given_word(word: str) -> str:
    return fold(word[: 2 * MAX_KEY])[:MAX_KEY]


def patronymic_word(text: str) -> str:
    folded = fold(text[: 2 * MAX_KEY])[:MAX_KEY]
    return patronymic_key(folded) if is_cyrillic(text) else folded


def entry_keys(parts: NameParts, role: str, printed: str) -> list[EntryKeys]:
    """The entries of one name: itself, and each part of its double surname."""
    if not parts.surname:  # a given name alone finds nobody
        return []
    surname, female = surname_word(parts.surname) if parts.surname else (None, False)
    given = given_initial = None
    if parts.given:
        given_initial = fold(parts.given)[:1]
        given = None if is_initial(parts.given) else given_word(parts.given)
    patronymic = patronymic_initial = None
    if parts.patronymic:
        patronymic_initial = fold(parts.patronymic)[:1]
        if not is_initial(parts.patronymic):
            patronymic = patronymic_word(parts.patronymic)
    entry = EntryKeys(
        role,
        surname or None,
        given or None,
        patronymic or None,
        given_initial or "",
        patronymic_initial or "",
        female,
        printed[:400],
    )
    out = [entry]
    # a double surname's parts, a few at most: a hyphenated cell of a million letters is no name
    surname_parts = parts.surname_parts if len(parts.surname) <= MAX_KEY else ()
    for part in surname_parts[:MAX_PARTS]:
        key, part_female = surname_word(part)
        out.append(
            EntryKeys(
                PART, key, entry.given, entry.patronymic, entry.given_initial,
                entry.patronymic_initial, part_female, entry.printed,
            )
        )  # fmt: skip
    return out


@dataclass(frozen=True, slots=True)
class RecordKeys:
    """What the search index holds for one record."""

    entries: list[EntryKeys]
    sex: str
    born: int | None
    place: str


def record_keys(statements: Iterable[tuple[int, str, str, str | None, str | None, str | None]]
                ) -> RecordKeys:  # fmt: skip
    """The index entries of a record from its statements (ordinal, predicate, value, date,
    place, qualifiers JSON), in their order; a statement an editor corrected is left out."""
    rows = [(*row[:5], _qualifiers(row[5])) for row in statements]
    corrected = set()
    for _ordinal, _predicate, _value, _date, _place, qualifiers in rows:
        corrects = qualifiers.get("corrects")
        if isinstance(corrects, int):
            corrected.add(corrects)
    main: dict[str, str] = {}
    extra: list[NameParts] = []
    printed = ""
    edited = False
    sex = ""
    born: int | None = None
    place = ""
    for ordinal, predicate, value, date, where, qualifiers in rows:
        if ordinal in corrected:
            continue
        if predicate in ("surname", "given_name", "patronymic"):
            if predicate in main:  # a second value: an editor's or a variant
                extra.append(NameParts(**{_FIELD[predicate]: value}))
            else:
                main[predicate] = value
        elif predicate == "name" and (not printed or qualifiers.get("by")):
            # an editor's name (a correction of the printed one) is the name the record is
            # found by: the parts the parser read from the old one no longer stand
            printed = value
            edited = bool(qualifiers.get("by"))
        elif predicate == "alias":
            kind = qualifiers.get("kind", "name")
            extra.append(alias_parts(value, kind if isinstance(kind, str) else "name"))
        elif predicate == "sex" and value in ("M", "F"):
            sex = value
        elif predicate == "birth" and born is None:
            m = _YEAR.search(date or value or "")
            born = int(m.group(1)) if m else None
            place = where or ""
    if printed and (edited or not main):
        parts = split_name(printed)
        main = {k: v for k, v in (("surname", parts.surname), ("given_name", parts.given),
                                  ("patronymic", parts.patronymic)) if v}  # fmt: skip
        extra.extend(parts.aliases)
    parts = NameParts(main.get("surname"), main.get("given_name"), main.get("patronymic"))
    printed = printed or " ".join(main[k] for k in ("surname", "given_name", "patronymic")
                                  if k in main)  # fmt: skip
    entries = entry_keys(parts, NAME, printed)
    seen = set(entries)
    for alias in extra[:MAX_ALIASES]:
        # a whole other name stands as it is; one part (a former surname, a church form of the
        # given name) takes the rest from the record's name
        filled = alias if alias.surname and alias.given else NameParts(
            alias.surname or parts.surname,
            alias.given or parts.given,
            alias.patronymic or parts.patronymic,
        )  # fmt: skip
        entries.extend(e for e in entry_keys(filled, ALIAS, printed) if e not in seen)
        seen.update(entries)
    return RecordKeys(entries, sex, born, fold_place(place) if entries and place else "")


_FIELD = {"surname": "surname", "given_name": "given", "patronymic": "patronymic"}


def _qualifiers(text: str | None) -> dict[str, Any]:
    """A statement's qualifiers, or {} when there are none or they are not an object (a feed's
    rows are checked against their hashes, not for their shape)."""
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def alias_parts(value: str, kind: str) -> NameParts:
    """The parts an alias gives, by the kind the parser saw (`surname`, `given name variant`,
    `patronymic variant`, `name`…) and, for one word of no stated kind, by its shape."""
    value = value.rsplit(":", 1)[-1].strip()  # "варианты отчества: Теофилович"
    words = value.split()
    if kind.startswith("surname"):
        return NameParts(surname=value)
    if len(words) == 1 and (kind.startswith("patronymic") or sex_from_patronymic(value)):
        return NameParts(patronymic=value)
    if kind.startswith("given"):
        return NameParts(given=value)
    known = equivalents().given
    if len(words) == 1 and any(given_word(w) in known for w in value.split("-")):
        return NameParts(given=value)  # «Иосиф», «Оскар-Иосиф»
    if len(words) == 2 and given_word(words[0]) in known and given_word(words[1]) not in known:
        return NameParts(surname=words[1], given=words[0])  # «Иван Приблудный»: given name first
    return split_name(value)


def fold_place(text: str) -> str:
    """A place as the `--place` filter compares it: lower case, ё → е, one space between
    words, at most 300 characters."""
    return " ".join(text.lower().replace("ё", "е").split())[:300]
