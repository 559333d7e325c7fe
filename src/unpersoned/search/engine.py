"""Search: a query → ranked records, each with the reason it matched.

The words of the query are matched to keys (`match`), then read in the orders people type a
name — surname first as the lists print it, or given name first — each order a reading
(`reading`): which word is the surname, which the given name and which the patronymic. A
reading fetches the entries with those keys (a bounded query through the index) and scores
each by how well every part matched; the best score per record wins.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, transaction

from ..archive import name_index, name_lookup
from ..archive.name_lookup import EntryRow, Filters
from ..names.keys import ROLES, fold_place
from .match import KeyMatch, match_word
from .query import QueryError, QueryWord, clean_text, read_born, read_query
from .reading import Reading, plans, surname_only_plans

MAX_LIMIT = 100


@dataclass
class Hit:
    """A record found, with its locator and why it matched."""

    record_id: int
    locator: str
    source: str
    name: str
    score: float
    born: int | None
    reasons: list[dict[str, Any]]
    matched_by: str  # the record's name, alias or a part of its double surname

    @property
    def why(self) -> str:
        """The reasons in one line: `surname Чернышев ← «Tschernyschew» (German (Duden))…`."""
        return "; ".join(_explain(r) for r in self.reasons)

    def as_json(self) -> dict[str, Any]:
        return {
            "record": self.record_id,
            "locator": self.locator,
            "source": self.source,
            "name": self.name,
            "born": self.born,
            "score": round(self.score, 4),
            "matched_by": self.matched_by,
            "why": self.why,
            "reasons": self.reasons,
        }


@dataclass
class SearchResult:
    query: str
    hits: list[Hit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "hits": [h.as_json() for h in self.hits],
            "notes": self.notes,
        }


def search(
    query: str,
    *,
    born: str | None = None,
    place: str | None = None,
    source: str | None = None,
    limit: int = 10,
) -> SearchResult:
    """Records whose names match `query` in any spelling, best first (QueryError if the
    query or a filter cannot be read)."""
    words = read_query(query)
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"--limit must be a whole number from 1 to {MAX_LIMIT}")
    filters = Filters(read_born(born), _source_id(source), _place(place))
    result = SearchResult(query)
    _current(result)
    matches = [match_word(w) for w in words]
    scored: dict[int, tuple[float, EntryRow, Reading]] = {}
    readings = sorted((Reading(plan, words, matches) for plan in plans(words, matches)),
                      key=lambda r: -r.upper)  # fmt: skip
    for reading in readings:
        # readings go best first; one that cannot beat the hits in hand is not fetched
        if len(scored) >= limit:
            kth = heapq.nlargest(limit, (s for s, _, _ in scored.values()))[-1]
            if kth >= reading.upper:
                break
        _take(reading, filters, scored)
    if not scored and len(words) > 1:
        # no record has the names together: show those that share the surname, if any
        for plan in surname_only_plans(words, matches):
            _take(Reading(plan, words, matches), filters, scored)
        if scored:
            result.notes.append("no record has all these names together; these share the surname")
    best = sorted(scored.values(), key=lambda t: (-t[0], t[1].role != "n", t[1].record_id))
    best = best[:limit]
    places = name_lookup.records([row.record_id for _, row, _ in best])
    for score, row, reading in best:
        _, reasons = reading.score(row, explain=True)
        locator, source_key = places.get(row.record_id, ("", ""))
        result.hits.append(
            Hit(row.record_id, locator, source_key, row.printed, score, row.born, reasons,
                ROLES.get(row.role, row.role))
        )  # fmt: skip
    if not result.hits:
        result.notes.append(_nothing(words, matches))
    return result


def _take(reading: Reading, filters: Filters,
          scored: dict[int, tuple[float, EntryRow, Reading]]) -> None:  # fmt: skip
    """Score the reading's entries; a record keeps its best score and the reading that gave it."""
    for row in reading.fetch(filters):
        score, _ = reading.score(row)
        if row.record_id not in scored or score > scored[row.record_id][0]:
            scored[row.record_id] = (score, row, reading)


def _current(result: SearchResult) -> None:
    """Bring the name index up to date if an archive written before it lags (once)."""
    if not name_index.behind():
        return
    try:
        from ..archive.ledger import lock

        with transaction.atomic():
            lock()
            if name_index.behind():
                name_index.catch_up()
        result.notes.append("the name index was behind the archive and has been brought up to date")
    except DatabaseError as error:
        why = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
        result.notes.append(
            f"the name index is behind the archive and could not be updated ({why}): "
            "run `unpersoned reindex`"
        )


def _source_id(source: str | None) -> int | None:
    """A source named by its key (mos-memo-moscow) or by the format it was read as (moscow)."""
    if not source:
        return None
    known = name_lookup.sources()
    by_key = [ident for ident, key, _fmt in known if key == source]
    by_format = [ident for ident, _key, fmt in known if fmt == source]
    if by_key or len(by_format) == 1:
        return (by_key or by_format)[0]
    keys = ", ".join(key for _ident, key, _fmt in known) or "none yet"
    raise QueryError(f"no single source {source[:60]!r} in the archive; its sources: {keys}")


def _place(place: str | None) -> str | None:
    if not place or not clean_text(place, "--place"):
        return None
    if len(place) > 200:
        raise QueryError("--place is at most 200 characters")
    return fold_place(place)


def _explain(reason: dict[str, Any]) -> str:
    part = {"given": "given name"}.get(reason["part"], reason["part"])
    query = reason["query"]
    if reason.get("unmatched") and "alike" in reason:
        return f"{part} «{query}» matches no spelling ({reason['alike']:.0%} alike)"
    if reason.get("unmatched"):
        return f"{part} «{query}» not matched"
    if reason.get("missing"):
        return f"{part} «{query}»: the record prints none"
    if "initial" in reason:
        return f"{part} «{query}» by the initial {reason['initial']}"
    how = ", ".join(reason["via"])
    bits = [how]
    if reason.get("equivalent_of"):
        bits.append(f"the same name as {reason['equivalent_of'].capitalize()}")
    if reason.get("gender_flip"):
        bits.append("the record prints the other gender's form")
    elif reason.get("variant") == "woman's form":
        bits.append(reason["variant"])
    if reason["edits"]:
        bits.append(f"{reason['edits']} edit{'s' if reason['edits'] > 1 else ''}")
    return f"{part} {reason['key'].capitalize()} ← «{query}» ({'; '.join(bits)})"


def _nothing(words: list[QueryWord], matches: list[dict[str, list[KeyMatch]]]) -> str:
    unknown = [w.text for w, m in zip(words, matches, strict=True) if not m and not w.initial]
    if unknown:
        return "no name in the archive is spelt like " + ", ".join(f"«{w}»" for w in unknown)
    return "no record has these names together"
