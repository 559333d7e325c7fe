"""The name index: how a search finds records by any spelling of a name.

Four tables, derived from the statements and kept current inside every write transaction
(`catch_up`, called where the ledger signs its head and where a feed is received):

- `name_key`: the vocabulary — each folded surname, given name and patronymic once;
- `name_form`: the spellings each key is found by (itself, the woman's form, every
  romanisation, the foreign equivalents of a given name), with a trigram index for
  misspellings: pg_trgm on PostgreSQL, an FTS5 `trigram` table on SQLite;
- `name_form_deletion`: for each Cyrillic spelling, the hashes of what deleting up to two of
  its letters leaves (`names.deletions`), which finds every spelling within two edits;
- `name_entry`: one row per way a record names its person, as key ids, with sex, birth year,
  place and source for the filters.

The index follows the ledger: records newer than its mark are added, records that an editor's
statement, correction or redaction touched since its entry mark are indexed again. It holds
nothing the statements do not, so it stays outside the ledger's hashes; `rebuild` makes it anew.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import connection

from ..names import forms_of, index_rules
from ..names.deletions import deletion_hashes, indexed
from ..names.fold import is_cyrillic
from ..names.keys import RecordKeys, record_keys
from .store import insert_rows

CHUNK = 20_000  # records read, keyed and written at a time
NAME_PREDICATES = ("name", "surname", "given_name", "patronymic", "alias", "sex", "birth")
CHANGING_KINDS = ("statement", "correct", "redaction")
ENTRY_COLUMNS = (
    "record_id", "role", "surname_id", "given_id", "patronymic_id", "given_initial",
    "patronymic_initial", "female_form", "sex", "born", "source_id", "place", "printed",
)  # fmt: skip
Progress = Callable[[int, int], None]


def ensure_trigram_index(conn: Any = connection) -> None:
    """Create the trigram index on the spellings, if it is not there."""
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS name_form_trgm ON name_form "
                "USING gin (form gin_trgm_ops)"
            )
        else:
            # contentless: the spellings live once, in name_form; rowid = name_form.id
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS name_form_grams "
                "USING fts5(form, tokenize='trigram', content='', detail='none')"
            )
            # how many spellings have each trigram: the search looks up the rarest
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS name_form_grams_vocab "
                "USING fts5vocab(name_form_grams, 'row')"
            )


class Vocabulary:
    """Key ids by (kind, key); a key new to the index is added with its spellings."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str], int] = {}
        self.sqlite = connection.vendor != "postgresql"

    def resolve(self, wanted: set[tuple[str, str]]) -> None:
        missing = [k for k in wanted if k not in self.ids]
        if not missing:
            return
        with connection.cursor() as cursor:
            for start in range(0, len(missing), 500):
                part = missing[start : start + 500]
                keys = [key for _, key in part]
                marks = ",".join(["%s"] * len(keys))
                cursor.execute(f"SELECT id, kind, key FROM name_key WHERE key IN ({marks})", keys)
                for ident, kind, key in cursor.fetchall():
                    self.ids[(kind, key)] = ident
            new = [k for k in missing if k not in self.ids]
            if new:
                self._add(cursor, new)

    def _add(self, cursor: Any, new: list[tuple[str, str]]) -> None:
        # ids are given here, not by the database, so a spelling's id can name its FTS5 row
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM name_key")
        next_key = cursor.fetchone()[0] + 1
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM name_form")
        next_form = cursor.fetchone()[0] + 1
        keys, forms = [], []
        for kind, key in sorted(new):
            self.ids[(kind, key)] = next_key
            keys.append((next_key, kind, key))
            for form, schemes, variant in forms_of(kind, key):
                forms.append((next_form, form, next_key, schemes, variant))
                next_form += 1
            next_key += 1
        insert_rows("name_key", ("id", "kind", "key"), keys)
        insert_rows("name_form", ("id", "form", "name_id", "schemes", "variant"), forms)
        neighbours = [
            (h, ident)
            for ident, form, _name, schemes, _variant in forms
            if schemes.startswith("cyrillic") and is_cyrillic(form) and indexed(form)
            for h in deletion_hashes(form)
        ]
        insert_rows("name_form_deletion", ("hash", "form_id"), neighbours)
        if self.sqlite:
            connection.connection.executemany(
                "INSERT INTO name_form_grams (rowid, form) VALUES (?, ?)",
                [(f[0], f[1]) for f in forms],
            )

    def id(self, kind: str, key: str | None) -> int | None:
        return self.ids[(kind, key)] if key else None


def _state(cursor: Any) -> tuple[int, int]:
    """The index's marks; an index built by other name rules (an older given-names file, other
    folds) is emptied first, so that it is built again by these."""
    cursor.execute("SELECT record_mark, entry_mark, rules FROM name_index_state WHERE id = 1")
    row = cursor.fetchone()
    if row is not None and row[2] == index_rules():
        return row[0], row[1]
    _empty(cursor)
    cursor.execute(
        "INSERT INTO name_index_state (id, record_mark, entry_mark, rules) VALUES (1, 0, -1, %s)",
        [index_rules()],
    )
    return 0, -1


def _empty(cursor: Any) -> None:
    for table in ("name_entry", "name_form_deletion", "name_form", "name_key", "name_index_state"):
        cursor.execute(f"DELETE FROM {table}")
    if connection.vendor != "postgresql":
        cursor.execute("INSERT INTO name_form_grams (name_form_grams) VALUES ('delete-all')")


def behind() -> int:
    """How many records and ledger entries the index has not yet taken in (0: current)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM record), "
            "(SELECT COALESCE(MAX(seq), -1) FROM ledger_entry), "
            "(SELECT record_mark FROM name_index_state WHERE id = 1), "
            "(SELECT entry_mark FROM name_index_state WHERE id = 1), "
            "(SELECT rules FROM name_index_state WHERE id = 1)"
        )
        records, entries, record_mark, entry_mark, rules = cursor.fetchone()
    if record_mark is None or rules != index_rules():
        return records + entries + 1
    return max(0, records - record_mark) + max(0, entries - entry_mark)


def catch_up(progress: Progress | None = None) -> int:
    """Index what was written since the index last read; call inside the write transaction.
    Returns the number of entries written."""
    # the migration makes the trigram index, but a migrate killed before it recorded itself is
    # taken as done by the next one (`fake_initial`): make sure, it costs a schema lookup
    ensure_trigram_index()
    return _take_in(progress)


def _take_in(progress: Progress | None) -> int:
    vocabulary = Vocabulary()
    with connection.cursor() as cursor:
        record_mark, entry_mark = _state(cursor)
        cursor.execute("SELECT COALESCE(MAX(id), 0), COUNT(*) FROM record WHERE id > %s",
                       [record_mark])  # fmt: skip
        last_record, todo = cursor.fetchone()
        cursor.execute("SELECT COALESCE(MAX(seq), -1) FROM ledger_entry")
        last_entry = cursor.fetchone()[0]
        changed = _changed_records(cursor, entry_mark, record_mark)
    written = 0
    done = 0
    for low in range(record_mark, last_record, CHUNK):
        high = min(low + CHUNK, last_record)
        written += _index(vocabulary, _read(low, high))
        if progress:
            done += _count(low, high)
            progress(done, todo)
    if changed:
        written += _reindex(vocabulary, sorted(changed))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE name_index_state SET record_mark = %s, entry_mark = %s WHERE id = 1",
            [max(record_mark, last_record), max(entry_mark, last_entry)],
        )
    return written


def rebuild(progress: Progress | None = None) -> int:
    """Build the index anew from the statements (inside a transaction); returns its entries."""
    ensure_trigram_index()
    with connection.cursor() as cursor:
        _empty(cursor)
    return _take_in(progress)


def _changed_records(cursor: Any, entry_mark: int, record_mark: int) -> set[int]:
    """Records older than the record mark that an edit since the entry mark touched."""
    marks = ",".join(["%s"] * len(CHANGING_KINDS))
    cursor.execute(
        f"SELECT DISTINCT subject FROM ledger_entry WHERE seq > %s AND kind IN ({marks})",
        [entry_mark, *CHANGING_KINDS],
    )
    digests = [s.split(":", 1)[1] for (s,) in cursor.fetchall() if s.startswith("record:")]
    ids: set[int] = set()
    for start in range(0, len(digests), 500):
        part = digests[start : start + 500]
        cursor.execute(
            f"SELECT id FROM record WHERE digest IN ({','.join(['%s'] * len(part))})", part
        )
        ids.update(i for (i,) in cursor.fetchall() if i <= record_mark)
    return ids


def _count(low: int, high: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM record WHERE id > %s AND id <= %s", [low, high])
        return cursor.fetchone()[0]


def _reindex(vocabulary: Vocabulary, ids: list[int]) -> int:
    """Index these records again; the keys only they used go, with all their spellings, so
    that nothing of a redacted or corrected name is left to be found (or to be told apart
    from a name the archive never had)."""
    written = 0
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        marks = ",".join(["%s"] * len(part))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT surname_id, given_id, patronymic_id FROM name_entry "
                f"WHERE record_id IN ({marks})",
                part,
            )
            old = {k for row in cursor.fetchall() for k in row if k is not None}
            cursor.execute(f"DELETE FROM name_entry WHERE record_id IN ({marks})", part)
        written += _index(vocabulary, _read_ids(part))
        _drop_unused(vocabulary, old)
    return written


def _drop_unused(vocabulary: Vocabulary, key_ids: set[int]) -> None:
    """Remove the keys among these that no entry uses any more, with their spellings."""
    column = {"S": "surname_id", "G": "given_id", "P": "patronymic_id"}
    with connection.cursor() as cursor:
        for ident in sorted(key_ids):
            cursor.execute("SELECT kind, key FROM name_key WHERE id = %s", [ident])
            row = cursor.fetchone()
            if row is None:
                continue
            kind, key = row
            cursor.execute(
                f"SELECT 1 FROM name_entry WHERE {column[kind]} = %s LIMIT 1", [ident]
            )  # fmt: skip
            if cursor.fetchone():
                continue
            cursor.execute("SELECT id, form FROM name_form WHERE name_id = %s", [ident])
            forms = cursor.fetchall()
            for form_id, form in forms:
                hashes = sorted(deletion_hashes(form)) if indexed(form) else []
                if hashes:
                    cursor.execute(
                        "DELETE FROM name_form_deletion WHERE form_id = %s AND hash IN "
                        f"({','.join(['%s'] * len(hashes))})",
                        [form_id, *hashes],
                    )
            if vocabulary.sqlite and forms:
                connection.connection.executemany(
                    "INSERT INTO name_form_grams (name_form_grams, rowid, form) "
                    "VALUES ('delete', ?, ?)",
                    forms,
                )
            cursor.execute("DELETE FROM name_form WHERE name_id = %s", [ident])
            cursor.execute("DELETE FROM name_key WHERE id = %s", [ident])
            vocabulary.ids.pop((kind, key), None)


_SELECT = (
    "SELECT r.id, r.source_id, s.ordinal, s.predicate, s.value, s.date, s.place, s.qualifiers "
    "FROM record r JOIN statement s ON s.record_id = r.id "
)
_WHERE_NAMES = (
    f"s.predicate IN ({','.join(repr(p) for p in NAME_PREDICATES)}) "
    "AND NOT EXISTS (SELECT 1 FROM redaction x WHERE x.record_id = r.id) "
)


def _read(low: int, high: int) -> Iterator[tuple[int, int, RecordKeys]]:
    return _grouped(
        _SELECT + "WHERE r.id > %s AND r.id <= %s AND " + _WHERE_NAMES
        + "ORDER BY r.id, s.ordinal",
        [low, high],
    )  # fmt: skip


def _read_ids(ids: list[int]) -> Iterator[tuple[int, int, RecordKeys]]:
    marks = ",".join(["%s"] * len(ids))
    return _grouped(
        _SELECT + f"WHERE r.id IN ({marks}) AND " + _WHERE_NAMES + "ORDER BY r.id, s.ordinal",
        ids,
    )


def _grouped(sql: str, params: list[Any]) -> Iterator[tuple[int, int, RecordKeys]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    current: int | None = None
    source = 0
    statements: list[tuple[Any, ...]] = []
    for record_id, source_id, *statement in rows:
        if record_id != current:
            if current is not None:
                yield current, source, record_keys(statements)
            current, source, statements = record_id, source_id, []
        statements.append(tuple(statement))
    if current is not None:
        yield current, source, record_keys(statements)


def _index(vocabulary: Vocabulary, keyed: Iterable[tuple[int, int, RecordKeys]]) -> int:
    items = [item for item in keyed if item[2].entries]
    wanted: set[tuple[str, str]] = set()
    for _, _, keys in items:
        for entry in keys.entries:
            if entry.surname:
                wanted.add(("S", entry.surname))
            if entry.given:
                wanted.add(("G", entry.given))
            if entry.patronymic:
                wanted.add(("P", entry.patronymic))
    vocabulary.resolve(wanted)
    rows = []
    for record_id, source_id, keys in items:
        for e in keys.entries:
            rows.append(
                (
                    record_id, e.role, vocabulary.id("S", e.surname),
                    vocabulary.id("G", e.given), vocabulary.id("P", e.patronymic),
                    e.given_initial, e.patronymic_initial, e.female_form, keys.sex,
                    keys.born, source_id, keys.place, e.printed,
                )
            )  # fmt: skip
    insert_rows("name_entry", ENTRY_COLUMNS, rows)
    return len(rows)
