"""Readings of a query: which word is the surname, the given name, the patronymic; the
entries each reading fetches, and the score of each entry.

A reading (`Reading`) holds the key matches of its words. It knows the best score any entry
could reach (`upper`), so the search runs readings best first and skips those that cannot beat
the hits in hand; it fetches its entries exact spellings first (`fetch`), and scores an entry
with or without the reasons (`score`), which only the hits shown need.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from ..archive import name_lookup
from ..archive.name_lookup import EntryRow, Filters
from ..names.fold import fold
from ..names.romanise import scheme_labels
from .match import KeyMatch
from .query import QueryWord

CANDIDATES = 2000  # entries one query of a reading may read
ENOUGH = 300  # entries in hand after which a reading stops widening its keys
WEIGHTS = {"surname": 0.5, "given": 0.3, "patronymic": 0.2}
ONLY_INITIAL = 0.7  # the record prints an initial where the query has the whole name
NO_PATRONYMIC = 0.5  # the query gives a patronymic the record does not print
GENDER_FLIP = 0.95
OTHER_ROLE = 0.97  # matched by an alias or one part of a double surname
LOST_SURNAME = 0.5  # at most, for a surname no key matches, by its likeness to the printed one
UNREAD_WORD = 0.3  # the weight of a query word a reading leaves out (as a given name's)

# the Cyrillic letters a Latin initial may stand for
_LATIN_INITIALS = {
    "a": "а", "b": "б", "c": "цчк", "d": "д", "e": "еэ", "f": "ф", "g": "гж", "h": "хг",
    "i": "ий", "j": "йяюеж", "k": "кх", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п",
    "q": "к", "r": "р", "s": "сшщз", "t": "тц", "u": "ую", "v": "в", "w": "в", "x": "хк",
    "y": "йяюеы", "z": "зж",
}  # fmt: skip


@dataclass(frozen=True)
class Plan:
    surname: int | None
    given: int | None
    patronymic: int | None
    unread: int
    lost_surname: int | None = None  # a word read as a surname too misspelt for any key


def plans(words: list[QueryWord], matches: list[dict[str, list[KeyMatch]]]) -> list[Plan]:
    """The readings of the query worth fetching: each word that may be a surname as the
    surname, the others in order as given name and patronymic."""
    surnames = [i for i, m in enumerate(matches) if m.get("S")]
    plans = []
    for s in surnames or [None]:
        rest = [i for i in range(len(words)) if i != s]
        given = next((i for i in rest if words[i].initial or matches[i].get("G")), None)
        patronymic = next(
            (i for i in rest if i != given and (words[i].initial or matches[i].get("P"))), None
        )
        unread = len([i for i in rest if i not in (given, patronymic)])
        if s is None and (given is None or unread or words[given].initial):
            # no surname and a word nothing matched: the lost-surname reading's job; no
            # surname and an initial: any record at all
            continue
        plans.append(Plan(s, given, patronymic, unread))
    return plans[:4] + _lost_surname_plan(words, matches)


def surname_only_plans(words: list[QueryWord], matches: list[dict[str, list[KeyMatch]]]
                        ) -> list[Plan]:  # fmt: skip
    """Readings by the surname alone, the other words counted as missed: the last resort."""
    return [Plan(i, None, None, len(words) - 1) for i, m in enumerate(matches) if m.get("S")][:2]


def _lost_surname_plan(words: list[QueryWord], matches: list[dict[str, list[KeyMatch]]]
                       ) -> list[Plan]:  # fmt: skip
    """A reading for a surname misspelt past its edit budget (`Ичсто Сергей Никифорович`), or
    misspelt into another name (`Ряано` one edit from Рядно): the records whose given name and
    patronymic both match, the surname counted as missed."""
    # the first word no surname matches exactly: it may be misspelt past what it matched
    lost = next((i for i, m in enumerate(matches) if not words[i].initial
                 and not any(s.edits == 0 for s in m.get("S", []))), None)  # fmt: skip
    if lost is None:
        return []
    rest = [i for i in range(len(words)) if i != lost and not words[i].initial]
    given = next((i for i in rest if matches[i].get("G")), None)
    patronymic = next((i for i in rest if i != given and matches[i].get("P")), None)
    if given is None or patronymic is None:
        return []
    return [Plan(None, given, patronymic, len(rest) - 2, lost)]


def _initials(word: QueryWord) -> list[str]:
    letter = word.key[:1]
    return [letter] if word.cyrillic else list(_LATIN_INITIALS.get(letter, ""))


class Reading:
    """One plan with the matches it uses: fetches its entries and scores each."""

    def __init__(self, plan: Plan, words: list[QueryWord],
                 matches: list[dict[str, list[KeyMatch]]]) -> None:  # fmt: skip
        self.plan = plan
        self.words = words
        self.s = {m.key_id: m for m in matches[plan.surname]["S"]} if plan.surname is not None \
            else None  # fmt: skip
        self.g_word = words[plan.given] if plan.given is not None else None
        self.p_word = words[plan.patronymic] if plan.patronymic is not None else None
        self.g = {m.key_id: m for m in matches[plan.given].get("G", [])} if self.g_word else {}
        self.p = {m.key_id: m for m in matches[plan.patronymic].get("P", [])} \
            if self.p_word else {}  # fmt: skip
        self.g_initials = _initials(self.g_word) if self.g_word else []
        self.p_initials = _initials(self.p_word) if self.p_word else []
        self.upper = self._upper()

    def _upper(self) -> float:
        """The best score any entry of this reading can reach."""
        total = weight = 0.0
        if self.plan.lost_surname is not None:
            weight += WEIGHTS["surname"]
            total += WEIGHTS["surname"] * LOST_SURNAME
        if self.s is not None:
            weight += WEIGHTS["surname"]
            total += WEIGHTS["surname"] * max(m.quality for m in self.s.values())
        for part, word, found in (("given", self.g_word, self.g),
                                  ("patronymic", self.p_word, self.p)):  # fmt: skip
            if word is None:
                continue
            weight += WEIGHTS[part]
            best = 1.0 if word.initial else max((m.quality for m in found.values()), default=0)
            total += WEIGHTS[part] * max(best, ONLY_INITIAL, NO_PATRONYMIC * (part != "given"))
        weight += UNREAD_WORD * self.plan.unread
        return total / weight if weight else 0.0

    def fetch(self, filters: Filters) -> list[EntryRow]:
        givens = None if self.g_word is None or self.g_word.initial else self.g
        p_initials = self.p_initials if self.p_word and self.p_word.initial else []
        return _fetch(self.s, givens, self.g_initials, self.p, p_initials, filters,
                      with_patronymic_only=self.plan.lost_surname is not None)  # fmt: skip

    def score(self, row: EntryRow, explain: bool = False
              ) -> tuple[float, list[dict[str, Any]]]:  # fmt: skip
        """The entry's score; with `explain`, the reasons too (only the hits shown need them)."""
        plan, words = self.plan, self.words
        total, weight, reasons = 0.0, 0.0, []
        if plan.lost_surname is not None:
            # partial credit by how alike the word and the printed surname are, to rank these
            lost = words[plan.lost_surname]
            alike = fuzz.ratio(lost.key, fold(row.printed.split()[0])) / 100 if row.printed else 0
            weight += WEIGHTS["surname"]
            total += WEIGHTS["surname"] * LOST_SURNAME * alike
            if explain:
                reasons.append({"part": "surname", "query": lost.text, "unmatched": True,
                                "alike": round(alike, 2)})  # fmt: skip
        if self.s is not None:
            m = self.s[row.surname_id]
            quality = m.quality
            flipped = m.variant != "eq" and (m.variant == "f") != row.female_form
            if flipped:
                quality *= GENDER_FLIP
            total += WEIGHTS["surname"] * quality
            weight += WEIGHTS["surname"]
            if explain:
                reason = _reason("surname", words[plan.surname], m)
                if flipped:
                    reason["gender_flip"] = True
                reasons.append(reason)
        for part, word, found, initials, key_id, initial in (
            ("given", self.g_word, self.g, self.g_initials, row.given_id, row.given_initial),
            ("patronymic", self.p_word, self.p, self.p_initials, row.patronymic_id,
             row.patronymic_initial),
        ):  # fmt: skip
            if word is None:
                continue
            weight += WEIGHTS[part]
            reason: dict[str, Any]
            if not word.initial and key_id in found:
                total += WEIGHTS[part] * found[key_id].quality
                reason = _reason(part, word, found[key_id]) if explain else {}
            elif initial and initial in initials and (word.initial or key_id is None):
                # an initial in the query matches any name so beginning; a whole name in the
                # query matches a record that prints only the initial
                total += WEIGHTS[part] * (1.0 if word.initial else ONLY_INITIAL)
                reason = {"part": part, "query": word.text, "initial": initial.upper(),
                          "edits": 0}  # fmt: skip
            elif part == "patronymic" and key_id is None and not initial:
                total += WEIGHTS[part] * NO_PATRONYMIC
                reason = {"part": part, "query": word.text, "missing": True}
            else:
                reason = {"part": part, "query": word.text, "unmatched": True}
            if explain:
                reasons.append(reason)
        weight += UNREAD_WORD * plan.unread  # a word the reading leaves out counts as missed
        score = total / weight if weight else 0.0
        if row.role != "n":
            score *= OTHER_ROLE
        return score, reasons


def _fetch(
    s: dict[int, KeyMatch] | None,
    g: dict[int, KeyMatch] | None,
    g_initials: list[str],
    p: dict[int, KeyMatch],
    p_initials: list[str],
    filters: Filters,
    with_patronymic_only: bool,
) -> list[EntryRow]:
    """The entries a reading scores, best keys first: the exact spellings of every part, then
    every match; with the patronymic, then (if still too few) without it. Each step is one
    bounded query; the next runs only while fewer than ENOUGH entries are in hand, so a common
    name at millions of records reads the entries most like the query, not an arbitrary 2,000."""

    def best(found: dict[int, KeyMatch] | None) -> list[int] | None:
        if found is None:
            return None
        exact = [i for i, m in found.items() if m.edits == 0 and not m.equivalent_of]
        return exact or list(found)

    def every(found: dict[int, KeyMatch] | None) -> list[int] | None:
        return None if found is None else list(found)

    steps = []
    for with_p in (True, False) if p else (False,):
        if with_patronymic_only and not with_p:
            continue
        patronymics = list(p) if with_p else None
        steps.append((best(s), best(g), best(p) if with_p else None))
        steps.append((every(s), every(g), patronymics))
    rows: list[EntryRow] = []
    seen: set[tuple[int, str, int | None]] = set()
    done: set[tuple[Any, ...]] = set()
    for surnames, givens, patronymics in steps:
        key = (tuple(surnames or ()), surnames is None, tuple(givens or ()), givens is None,
               tuple(patronymics or ()), patronymics is None)  # fmt: skip
        if key in done:
            continue
        done.add(key)
        for row in name_lookup.entries(surnames, givens, g_initials, patronymics, filters,
                                       CANDIDATES, p_initials):  # fmt: skip
            if (row.record_id, row.role, row.surname_id) not in seen:
                seen.add((row.record_id, row.role, row.surname_id))
                rows.append(row)
        if len(rows) >= ENOUGH:
            break
    return rows


def _reason(part: str, word: QueryWord, m: KeyMatch) -> dict[str, Any]:
    reason: dict[str, Any] = {
        "part": part,
        "query": word.text,
        "key": m.key,
        "form": m.form,
        "via": scheme_labels(m.schemes),
        "edits": m.edits,
    }
    if m.variant == "f":
        reason["variant"] = "woman's form"
    elif m.variant == "eq":
        reason["variant"] = "foreign equivalent"
    if m.equivalent_of:
        reason["equivalent_of"] = m.equivalent_of
    return reason
