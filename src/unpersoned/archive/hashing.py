"""The content hash of every kind of row, computed the same way at write and at verify time.

A row is hashed as canonical JSON (sorted keys, no spaces, UTF-8) of a list that starts with
the row's kind, so no two kinds or field orders can collide, and JSON's escaping keeps any
string apart from its neighbours. Values are normalised to what both databases return:
booleans as 0/1, JSON columns as canonical text, absent values as null.

A record's `state` covers its content address (the digest of source, locator and text) and the
statements it came with, so a changed word, statement or span changes the state. The ledger
entry of a file then hashes (id, file, ordinal, state) of its records in id order.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode


def canonical(value: Any) -> bytes:
    """The bytes that stand for a JSON-able value in every hash of the archive."""
    return _dumps(value).encode("utf-8", "surrogatepass")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def qualifiers_text(value: Any) -> str | None:
    """A statement's qualifiers as canonical text, whichever way the database returned them:
    SQLite gives back the text the archive wrote (already canonical), PostgreSQL's jsonb a
    decoded object."""
    if value is None or isinstance(value, str):
        return value
    return _dumps(value)


def reparsed_qualifiers(value: Any) -> str | None:
    """Qualifiers as PostgreSQL returns them (jsonb's own text: other spacing, other key
    order) made canonical again."""
    if value is None:
        return None
    return _dumps(json.loads(value) if isinstance(value, str) else value)


def statement_part(row: Sequence[Any]) -> bytes:
    """Canonical bytes of one statement: (ordinal, predicate, value, date, place, qualifiers
    text, span start, span end, alternative)."""
    ordinal, predicate, value, date, place, qualifiers, start, end, alternative = row
    return canonical(
        [
            "s",
            ordinal,
            predicate,
            value,
            date,
            place,
            qualifiers_text(qualifiers),
            start,
            end,
            1 if alternative else 0,
        ]
    )


def record_state(digest: str, statements: Iterable[Sequence[Any]]) -> str:
    """The state of a record as read: its digest and the statements read with it."""
    h = hashlib.sha256(canonical(["record", digest]))
    for row in statements:
        h.update(statement_part(row))
    return h.hexdigest()


def record_line(record_id: int, file_id: int, ordinal: int, state: str) -> bytes:
    """What a file's ledger entry hashes of each of its records, in id order."""
    return canonical([record_id, file_id, ordinal, state])


def statement_hash(record_id: int, row: Sequence[Any]) -> str:
    """A statement written on its own (an editor's addition or correction)."""
    return sha256_hex(canonical(["statement", record_id]) + statement_part(row))


def source_hash(row: Sequence[Any]) -> str:
    """(id, key, title, publisher, year, language, format, provenance)."""
    return sha256_hex(canonical(["source", *row]))


def file_hash(row: Sequence[Any]) -> str:
    """(id, source id, name, sha256, size, record count): the path it was read from is where,
    not what, and stays out."""
    return sha256_hex(canonical(["source_file", *row]))


def judgement_hash(row: Sequence[Any]) -> str:
    """(id, left, right, verdict, score, method, actor, at, reason)."""
    return sha256_hex(canonical(["judgement", *row]))


def redaction_hash(row: Sequence[Any]) -> str:
    """(id, record id, reason, actor, at)."""
    return sha256_hex(canonical(["redaction", *row]))


# The columns each hash reads, in order, for the code that selects them (verify, feeds).
SOURCE_COLUMNS = ("id", "key", "title", "publisher", "year", "language", "format", "provenance")
FILE_COLUMNS = ("id", "source_id", "name", "sha256", "size", "record_count")
JUDGEMENT_COLUMNS = (
    "id",
    "left_id",
    "right_id",
    "verdict",
    "score",
    "method",
    "actor",
    "at",
    "reason",
)
REDACTION_COLUMNS = ("id", "record_id", "reason", "actor", "at")
# a record row as the store writes it and a feed carries it
RECORD_COLUMNS = (
    "id",
    "source_id",
    "file_id",
    "locator",
    "raw",
    "digest",
    "ordinal",
    "state",
    "entry",
)
STATEMENT_COLUMNS = (
    "ordinal",
    "predicate",
    "value",
    "date",
    "place",
    "qualifiers",
    "span_start",
    "span_end",
    "alternative",
)
