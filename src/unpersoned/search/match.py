"""A query word → the keys of the index it may stand for, each with how it matched.

A word matches a key by one of its spellings, exactly (after folding) or with a few edits
(found through the trigram index, counted with rapidfuzz's optimal-string-alignment distance,
in which swapping two neighbouring letters is one edit); a given name or patronymic also
matches the keys of its equivalents (Осип for Иосиф).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..archive import name_lookup
from ..names.fold import patronymic_key
from ..names.variants import equivalents
from .query import QueryWord

MAX_KEYS = 25  # keys of one kind a word may stand for, best first

# quality of a match before edits: the same script, a romanisation, an equivalent name
EXACT, ROMANISED, EQUIVALENT = 1.0, 0.97, 0.88
PER_EDIT = 0.1


@dataclass(frozen=True, slots=True)
class KeyMatch:
    """How a query word matched one key."""

    kind: str
    key_id: int
    key: str
    form: str  # the spelling it matched
    schemes: tuple[str, ...]
    variant: str  # "" the key's own form, "f" a woman's form, "eq" a foreign equivalent
    edits: int
    equivalent_of: str | None = None  # the key the word matched, when this is its equivalent

    @property
    def quality(self) -> float:
        base = EXACT if "cyrillic" in self.schemes else ROMANISED
        if self.variant == "eq" or self.equivalent_of:
            base = min(base, EQUIVALENT)
        return max(0.0, base - PER_EDIT * self.edits)


def edit_budget(key: str) -> int:
    """Edits allowed on a word of this length: none under 4 letters, 1 under 6, else 2."""
    return 0 if len(key) < 4 else 1 if len(key) < 6 else 2


def match_word(word: QueryWord) -> dict[str, list[KeyMatch]]:
    """The keys a word may stand for, by kind (S, G, P), best first."""
    if word.initial:
        return {}
    found: dict[tuple[str, int], KeyMatch] = {}
    for row in name_lookup.exact_forms([word.key]):
        _keep(found, _from_row(row, 0))
    budget = edit_budget(word.key)
    # a Latin word that is some scheme's spelling of a name is taken as typed: its near
    # spellings would rank below it and cost the most (a Cyrillic word's are cheap, and kept)
    if budget and (word.cyrillic or not found):
        for row, edits in name_lookup.close_forms(word.key, budget):
            _keep(found, _from_row(row, edits))
    by_kind: dict[str, list[KeyMatch]] = {}
    for match in found.values():
        by_kind.setdefault(match.kind, []).append(match)
    for kind, matches in by_kind.items():
        matches.sort(key=lambda m: (-m.quality, m.key))
        by_kind[kind] = matches[:MAX_KEYS]
    _add_equivalents(by_kind, word)
    return by_kind


def _from_row(row: name_lookup.FormRow, edits: int) -> KeyMatch:
    return KeyMatch(row.kind, row.key_id, row.key, row.form, tuple(row.schemes.split(",")),
                    row.variant, edits)  # fmt: skip


def _keep(found: dict[tuple[str, int], KeyMatch], match: KeyMatch) -> None:
    known = found.get((match.kind, match.key_id))
    if known is None or match.quality > known.quality:
        found[(match.kind, match.key_id)] = match


def _add_equivalents(by_kind: dict[str, list[KeyMatch]], word: QueryWord) -> None:
    """Add the church and everyday forms of matched given names and patronymics, and of the
    word itself when no record spells it so (Иоанн finds Иван)."""
    table = equivalents()
    for kind, lookup in (("G", table.given_forms), ("P", table.patronymic_forms)):
        matches = by_kind.get(kind, [])
        seeds = list(matches)
        own = patronymic_key(word.key) if kind == "P" else word.key
        if word.cyrillic and not any(m.key == own for m in matches):
            seeds.append(KeyMatch(kind, 0, own, word.key, ("cyrillic",), "", 0))
        have = {m.key for m in matches}
        wanted: dict[str, KeyMatch] = {}
        for m in seeds:
            for other in lookup(m.key):
                if other not in have and other not in wanted:
                    wanted[other] = m
        if not wanted:
            continue
        ids = name_lookup.key_ids(kind, wanted)
        for other, ident in ids.items():
            m = wanted[other]
            matches.append(replace(m, key_id=ident, key=other, equivalent_of=m.key))
        if matches:
            matches.sort(key=lambda m: (-m.quality, m.key))
            by_kind[kind] = matches
