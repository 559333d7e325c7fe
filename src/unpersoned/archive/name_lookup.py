"""The queries a name search makes of the index (`archive.name_index`); the only SQL it runs.

Every query is bounded: spellings by their index (B-tree for exact; deletion neighbourhoods
and trigrams for misspelt),
entries by key ids through the (surname, given) and (given, patronymic) indexes, with a limit.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from rapidfuzz import process
from rapidfuzz.distance import OSA

from ..names.deletions import MAX_LENGTH, deletion_hashes, one_edit
from ..names.fold import is_cyrillic

SIMILAR_LIMIT = 500  # misspelt candidates a word may bring from pg_trgm
SQLITE_CANDIDATES = 50_000  # spellings sharing a rare trigram, at most (a bound, not a ranking)
PG_THRESHOLD = 0.2  # pg_trgm similarity below which a spelling is not a candidate


@dataclass(frozen=True, slots=True)
class FormRow:
    """A spelling found for a query word, and the key it belongs to."""

    form: str
    schemes: str
    variant: str
    key_id: int
    kind: str
    key: str


def _marks(values: Sequence[Any]) -> str:
    return ",".join(["%s"] * len(values))


def exact_forms(forms: Sequence[str]) -> list[FormRow]:
    """The spellings equal to any of `forms`."""
    if not forms:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT f.form, f.schemes, f.variant, k.id, k.kind, k.key FROM name_form f "
            f"JOIN name_key k ON k.id = f.name_id WHERE f.form IN ({_marks(forms)})",
            list(forms),
        )
        return [FormRow(*row) for row in cursor.fetchall()]


def close_forms(form: str, edits: int, limit: int = SIMILAR_LIMIT) -> list[tuple[FormRow, int]]:
    """The spellings other than `form` itself within `edits` edits of it (optimal string
    alignment: a swap of neighbours is one edit), each with its edits.

    A Cyrillic word goes through the deletion neighbourhoods (`names.deletions`): none within
    the edits is missed. A short Latin word with one edit allowed is looked up by every string
    one edit away. A longer Latin word goes through the trigram index: an edit changes at most
    three of a word's trigrams, a swap four, so of any 4·edits + 1 of its trigrams one at least
    is left in every spelling that close; SQLite looks up the rarest that many (their counts
    come from the FTS5 vocabulary), PostgreSQL takes pg_trgm's most similar.
    """
    if len(form) < 3 or edits < 1:
        return []
    low, high = len(form) - edits, len(form) + edits
    with connection.cursor() as cursor:
        if is_cyrillic(form):
            if len(form) > MAX_LENGTH + edits:  # longer than any spelling with neighbours
                return []
            hashes = sorted(deletion_hashes(form, edits))
            cursor.execute(
                "SELECT DISTINCT f.id, f.form FROM name_form_deletion d "
                "JOIN name_form f ON f.id = d.form_id "
                f"WHERE d.hash IN ({_marks(hashes)}) AND length(f.form) BETWEEN %s AND %s",
                [*hashes, low, high],
            )
        elif edits == 1:
            # a short word's trigrams may all change with one edit: look up every neighbour
            near = sorted(one_edit(form, string.ascii_lowercase))
            cursor.execute(f"SELECT id, form FROM name_form WHERE form IN ({_marks(near)})", near)
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT set_limit(%s)", [PG_THRESHOLD])
            cursor.execute(
                "SELECT f.id, f.form FROM name_form f WHERE f.form %% %s "
                "AND length(f.form) BETWEEN %s AND %s "
                "ORDER BY similarity(f.form, %s) DESC LIMIT %s",
                [form, low, high, form, limit],
            )
        else:
            match = _rare_grams(cursor, form, 4 * edits + 1)
            if not match:
                return []
            cursor.execute(
                "SELECT f.id, f.form FROM name_form f WHERE f.id IN "
                "(SELECT rowid FROM name_form_grams WHERE name_form_grams MATCH %s) "
                "AND length(f.form) BETWEEN %s AND %s LIMIT %s",
                [match, low, high, SQLITE_CANDIDATES],
            )
        candidates = dict(cursor.fetchall())
    close = {
        ident: int(distance)
        for _form, distance, ident in process.extract(
            form, candidates, scorer=OSA.distance, score_cutoff=edits, limit=None
        )
        if 0 < distance <= edits
    }
    rows = _forms_by_id(list(close))
    return [(row, close[ident]) for ident, row in rows]


def _rare_grams(cursor: Any, form: str, count: int) -> str:
    """An FTS5 query for the `count` rarest trigrams of `form` that any spelling has."""
    grams = sorted({form[i : i + 3] for i in range(len(form) - 2)})
    cursor.execute(
        f"SELECT term, doc FROM name_form_grams_vocab WHERE term IN ({_marks(grams)})", grams
    )
    counts = dict(cursor.fetchall())
    rarest = sorted((g for g in grams if counts.get(g)), key=lambda g: counts[g])[:count]
    return " OR ".join('"' + g.replace('"', '""') + '"' for g in rarest)


def _forms_by_id(ids: list[int]) -> list[tuple[int, FormRow]]:
    out: list[tuple[int, FormRow]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            cursor.execute(
                "SELECT f.id, f.form, f.schemes, f.variant, k.id, k.kind, k.key FROM name_form f "
                f"JOIN name_key k ON k.id = f.name_id WHERE f.id IN ({_marks(part)})",
                part,
            )
            out.extend((row[0], FormRow(*row[1:])) for row in cursor.fetchall())
    return out


def key_ids(kind: str, keys: Iterable[str]) -> dict[str, int]:
    """The ids of keys of one kind, by key (keys the index does not hold are left out)."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT key, id FROM name_key WHERE kind = %s AND key IN ({_marks(wanted)})",
            [kind, *wanted],
        )
        return dict(cursor.fetchall())


@dataclass(frozen=True, slots=True)
class EntryRow:
    record_id: int
    role: str
    surname_id: int | None
    given_id: int | None
    patronymic_id: int | None
    given_initial: str
    patronymic_initial: str
    female_form: bool
    sex: str
    born: int | None
    printed: str


@dataclass(frozen=True)
class Filters:
    """What `--born`, `--source` and `--place` keep."""

    born: tuple[int, int] | None = None
    source_id: int | None = None
    place: str | None = None  # folded (`names.keys.fold_place`)


def entries(
    surnames: Sequence[int] | None,
    givens: Sequence[int] | None,
    given_initials: Sequence[str],
    patronymics: Sequence[int] | None,
    filters: Filters,
    limit: int,
    patronymic_initials: Sequence[str] = (),
) -> list[EntryRow]:
    """Entries with one of these surnames (None: any) and, when given, one of these given
    names — or only an initial that is one of `given_initials` — and patronymics (or, for a
    patronymic typed as an initial, a patronymic so beginning or none)."""
    where, params = [], []
    if surnames is not None:
        where.append(f"surname_id IN ({_marks(surnames)})")
        params.extend(surnames)
    if givens is not None or given_initials:
        either = []
        if givens:
            either.append(f"given_id IN ({_marks(givens)})")
            params.extend(givens)
        if given_initials:
            # a record that prints only an initial, or (a query of initials) any given name
            either.append(
                ("given_id IS NULL AND " if givens is not None else "")
                + f"given_initial IN ({_marks(given_initials)})"
            )
            params.extend(given_initials)
        where.append("(" + " OR ".join(either) + ")")
    if patronymics is not None:
        where.append(f"patronymic_id IN ({_marks(patronymics)})")
        params.extend(patronymics)
    elif patronymic_initials:
        where.append(f"patronymic_initial IN ({_marks([*patronymic_initials, ''])})")
        params.extend([*patronymic_initials, ""])
    if filters.born:
        where.append("born BETWEEN %s AND %s")
        params.extend(filters.born)
    if filters.source_id is not None:
        where.append("source_id = %s")
        params.append(filters.source_id)
    for word in (filters.place or "").split()[:8]:  # every word, anywhere in the place
        where.append("place LIKE %s ESCAPE '\\'")
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.append(f"%{escaped}%")
    if not where:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT record_id, role, surname_id, given_id, patronymic_id, given_initial, "
            "patronymic_initial, female_form, sex, born, printed FROM name_entry WHERE "
            + " AND ".join(where)
            + " LIMIT %s",
            [*params, limit],
        )
        return [EntryRow(*row) for row in cursor.fetchall()]


def records(ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """Locator and source key of records, by id."""
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.id, r.locator, s.key FROM record r JOIN source s ON s.id = r.source_id "
            f"WHERE r.id IN ({_marks(ids)})",
            list(ids),
        )
        return {row[0]: (row[1], row[2]) for row in cursor.fetchall()}


def sources() -> list[tuple[int, str, str]]:
    """Every source as (id, key, format)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, key, format FROM source ORDER BY key")
        return list(cursor.fetchall())
