"""The archive as a stream of lines: ledger entries, each followed by the rows it wrote.

A bundle (`archive.bundle`) is this stream in a file with a signed manifest; a mirror
(`archive.mirror`) reads the same stream straight from its source's database. Every line is a
JSON object with one key saying what it is:

    {"entry": {seq, kind, subject, actor, at, reason, detail, state, prev, leaf}}
    {"source": [id, key, title, publisher, year, language, format, provenance, entry]}
    {"source_file": [id, source_id, name, sha256, size, record_count, entry], "path": …}
    {"record": [id, source_id, file_id, locator, raw, digest, ordinal, state, entry],
     "statements": [[ordinal, predicate, value, date, place, qualifiers, start, end, alt], …]}
    {"record": [id, source_id, file_id, "", "", digest, ordinal, state, entry], "withheld": 1}
    {"statement": [record_id, ordinal, …, entry]}       an editor's statement
    {"judgement": [...]}  {"redaction": [...]}
    {"head": {size, root, at, key, signature}}           the signed heads, last

A redacted record travels as its hashes only ("withheld"): the receiver can still check the
ledger (the entry's hash covers the record's state), but never sees the text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

from .hashing import (
    FILE_COLUMNS,
    JUDGEMENT_COLUMNS,
    RECORD_COLUMNS,
    REDACTION_COLUMNS,
    SOURCE_COLUMNS,
    STATEMENT_COLUMNS,
    qualifiers_text,
    reparsed_qualifiers,
)
from .ledger import ENTRY_FIELDS

ENTRY_COLUMNS = (*ENTRY_FIELDS, "leaf")
ROW_COLUMNS = {
    "source": (*SOURCE_COLUMNS, "entry"),
    "source_file": (*FILE_COLUMNS, "entry"),
    "judgement": (*JUDGEMENT_COLUMNS, "entry"),
    "redaction": (*REDACTION_COLUMNS, "entry"),
    "statement": ("record_id", *STATEMENT_COLUMNS, "entry"),
}


def _statement(row: tuple[Any, ...], reparse: bool) -> list[Any]:
    """A statement row as plain JSON values (qualifiers canonical text, alternative 0/1);
    `reparse` for PostgreSQL, whose jsonb text is not the canonical text."""
    values = list(row)
    values[5] = reparsed_qualifiers(values[5]) if reparse else qualifiers_text(values[5])
    values[8] = 1 if values[8] else 0
    return values


def _rows(conn: BaseDatabaseWrapper, table: str, ids: list[str]) -> Iterator[dict[str, Any]]:
    columns = ROW_COLUMNS[table]
    with conn.cursor() as cursor:
        for ident in ids:
            if table == "statement":
                record_id, ordinal = ident.split("/")
                cursor.execute(
                    f"SELECT {', '.join(columns)} FROM statement "
                    "WHERE record_id = %s AND ordinal = %s",
                    [int(record_id), int(ordinal)],
                )
            else:
                cursor.execute(
                    f"SELECT {', '.join(columns)} FROM {table} WHERE id = %s", [int(ident)]
                )
            row = cursor.fetchone()
            if row is None:
                continue  # the receiver's check reports it missing
            if table == "statement":
                values = [row[0], *_statement(row[1:-1], conn.vendor == "postgresql"), row[-1]]
            else:
                values = list(row)
            item: dict[str, Any] = {table: values}
            if table == "source_file":
                cursor.execute("SELECT path FROM source_file WHERE id = %s", [int(ident)])
                item["path"] = cursor.fetchone()[0]
            yield item


def _records(
    conn: BaseDatabaseWrapper, first: int, last: int, withheld: set[int]
) -> Iterator[dict[str, Any]]:
    """The records of one ingest entry with their statements, by id range (the key)."""
    reparse = conn.vendor == "postgresql"
    with conn.cursor() as records, conn.cursor() as statements:
        records.execute(
            f"SELECT {', '.join(RECORD_COLUMNS)} FROM record "
            "WHERE id BETWEEN %s AND %s ORDER BY id",
            [first, last],
        )
        statements.execute(
            f"SELECT record_id, {', '.join(STATEMENT_COLUMNS)} FROM statement "
            "WHERE record_id BETWEEN %s AND %s AND entry IS NULL ORDER BY record_id, ordinal",
            [first, last],
        )
        rows = iter(statements)
        pending = next(rows, None)
        while True:
            batch = records.fetchmany(2000)
            if not batch:
                break
            for row in batch:
                own = []
                while pending is not None and pending[0] <= row[0]:
                    if pending[0] == row[0]:
                        own.append(_statement(pending[1:], reparse))
                    pending = next(rows, None)
                values = list(row)
                if row[0] in withheld:
                    values[3] = values[4] = ""
                    yield {"record": values, "withheld": 1}
                else:
                    yield {"record": values, "statements": own}


def feed(conn: BaseDatabaseWrapper, since: int = 0, upto: int | None = None) -> Iterator[str]:
    """Lines (JSON text) of entries `since` ≤ seq < `upto` and their rows, then the heads.

    Records redacted by an entry before `upto` go out withheld.
    """
    with conn.cursor() as cursor:
        if upto is None:
            cursor.execute("SELECT COUNT(*) FROM ledger_entry")
            upto = int(cursor.fetchone()[0])
        cursor.execute("SELECT DISTINCT record_id FROM redaction WHERE entry < %s", [upto])
        withheld = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            f"SELECT {', '.join(ENTRY_COLUMNS)} FROM ledger_entry "
            "WHERE seq >= %s AND seq < %s ORDER BY seq",
            [since, upto],
        )
        entries = cursor.fetchall()
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for row in entries:
        entry = dict(zip(ENTRY_COLUMNS, row, strict=True))
        yield dumps({"entry": entry})
        detail = json.loads(entry["detail"])
        for table in ("source", "source_file", "judgement", "redaction", "statement"):
            if table in detail:
                for item in _rows(conn, table, sorted(detail[table], key=_natural)):
                    yield dumps(item)
        block = detail.get("records")
        if block and block["count"]:
            for item in _records(conn, block["first"], block["last"], withheld):
                yield dumps(item)
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT size, root, at, key, signature FROM tree_head "
            "WHERE size > %s AND size <= %s ORDER BY size",
            [since, upto],
        )
        for size, root, at, key, signature in cursor.fetchall():
            head = {"size": size, "root": root, "at": at, "key": key, "signature": signature}
            yield dumps({"head": head})


def _natural(ident: str) -> list[int]:
    return [int(part) for part in ident.split("/")]
