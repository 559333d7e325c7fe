"""Checking an archive against its ledger: every entry, every signed head, every row.

The ledger says, entry by entry, which rows each write made and what they hashed to. Verify
recomputes all of it from the tables as they are now — so an edit made behind the archive's
back, with sqlite3 or psql, shows up — and names each problem by table and id:

- a ledger entry whose fields no longer give its leaf hash, or whose link to the entry before
  is broken (altered, deleted, inserted or reordered entries);
- a signed tree head whose signature fails, whose key is not trusted, or whose root is not
  the Merkle root of the ledger at its size; a ledger longer or shorter than its last head;
  a database older than, or at odds with, the witness in the key folder (a rollback);
- a row whose content no longer hashes to what its entry recorded (altered), a row the ledger
  names that is gone (deleted), a row no entry names (inserted).

Rows are streamed in key order (records and statements merge-joined), so memory stays flat.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

from ..pipeline import record_digest
from .hashing import (
    FILE_COLUMNS,
    JUDGEMENT_COLUMNS,
    REDACTION_COLUMNS,
    SOURCE_COLUMNS,
    STATEMENT_COLUMNS,
    file_hash,
    judgement_hash,
    record_line,
    record_state,
    redaction_hash,
    reparsed_qualifiers,
    source_hash,
    statement_hash,
)
from .keys import Keyring, head_verifies
from .ledger import ENTRY_FIELDS, GENESIS, entry_leaf
from .merkle import CompactRange

SMALL_TABLES = {
    "source": (SOURCE_COLUMNS, source_hash),
    "source_file": (FILE_COLUMNS, file_hash),
    "judgement": (JUDGEMENT_COLUMNS, judgement_hash),
    "redaction": (REDACTION_COLUMNS, redaction_hash),
}


@dataclass
class Problem:
    """One thing that does not verify: `what` is altered, deleted, inserted, ledger or head."""

    what: str
    table: str
    ident: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"what": self.what, "table": self.table, "id": self.ident, "message": self.message}

    def __str__(self) -> str:
        return f"{self.what} {self.table} {self.ident}: {self.message}"


@dataclass
class VerifyReport:
    entries: int = 0
    heads: int = 0
    objects: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    root: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def object_count(self) -> int:
        return self.entries + self.heads + sum(self.objects.values())

    def add(self, what: str, table: str, ident: Any, message: str) -> None:
        self.problems.append(Problem(what, table, str(ident), message))

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "heads": self.heads,
            "objects": self.objects,
            "root": self.root,
            "seconds": round(self.seconds, 3),
            "problems": [p.as_json() for p in self.problems],
        }


@dataclass
class _Block:
    """What a file's entry says of the records it added, and what is found of them."""

    seq: int
    file_id: int | None
    count: int
    first: int | None
    last: int | None
    hash: str
    found: int = 0
    next_id: int | None = None
    missing: list[int] = field(default_factory=list)
    hasher: Any = field(default_factory=hashlib.sha256)


@dataclass
class _Expected:
    """Every row the ledger names, by table, with its hash and entry."""

    rows: dict[str, dict[str, tuple[str, int]]] = field(default_factory=dict)
    blocks: dict[int, _Block] = field(default_factory=dict)


def _stream(sql: str, name: str) -> Iterator[tuple[Any, ...]]:
    """Rows of a query one at a time, without holding them all (a server-side cursor on
    PostgreSQL, sqlite3's lazy cursor on SQLite)."""
    if connection.vendor == "postgresql":
        with connection.connection.cursor(name=name) as cursor:
            cursor.itersize = 20_000
            cursor.execute(sql)
            yield from cursor
    else:
        yield from connection.connection.execute(sql)


def verify(
    keys: Keyring | None = None, on_progress: Callable[[str, int], None] | None = None
) -> VerifyReport:
    """Check the whole archive; the report lists every problem found (none: it verifies)."""
    keys = keys or Keyring.default()
    report = VerifyReport()
    started = time.perf_counter()
    connection.ensure_connection()
    with transaction.atomic():  # one snapshot of the database for the whole check
        expected, _roots = _check_ledger(report, keys)
        _check_small_tables(report, expected)
        _check_records(report, expected, on_progress)
    report.seconds = time.perf_counter() - started
    return report


def _check_ledger(report: VerifyReport, keys: Keyring) -> tuple[_Expected, dict[int, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT size, root, at, key, signature FROM tree_head ORDER BY size")
        heads = [
            dict(zip(("size", "root", "at", "key", "signature"), r, strict=True))
            for r in cursor.fetchall()
        ]
    witness = keys.witness()
    wanted = {h["size"] for h in heads} | ({witness["size"]} if witness else set())
    roots: dict[int, str] = {}
    tree = CompactRange()
    if 0 in wanted:
        roots[0] = tree.root().hex()
    expected = _Expected()
    prev = GENESIS
    columns = ", ".join((*ENTRY_FIELDS, "leaf"))
    for row in _stream(f"SELECT {columns} FROM ledger_entry ORDER BY seq", "verify_ledger"):
        fields = dict(zip((*ENTRY_FIELDS, "leaf"), row, strict=True))
        seq = fields["seq"]
        if seq != tree.size:
            for gone in range(tree.size, min(seq, tree.size + 100)):
                report.add("deleted", "ledger_entry", gone, "missing from the ledger")
            if seq < tree.size:  # impossible with seq as key; kept for safety
                report.add("inserted", "ledger_entry", seq, "out of order")
        leaf = entry_leaf(fields)
        if leaf.hex() != fields["leaf"]:
            report.add("altered", "ledger_entry", seq, "its fields no longer give its leaf hash")
        if fields["prev"] != prev:
            report.add(
                "ledger",
                "ledger_entry",
                seq,
                "does not follow the entry before it (an entry was removed, inserted or "
                "reordered before it)",
            )
        prev = fields["leaf"]
        # the tree is built from recomputed leaves: an altered entry changes every root after
        tree.append(leaf)
        while tree.size < seq + 1:  # keep sizes aligned with seq after a gap
            tree.append(leaf)
        if tree.size in wanted:
            roots[tree.size] = tree.root().hex()
        _expect(report, expected, fields)
    report.entries = tree.size
    report.root = tree.root().hex()
    _check_heads(report, keys, heads, witness, roots, tree.size)
    return expected, roots


def _expect(report: VerifyReport, expected: _Expected, fields: dict[str, Any]) -> None:
    """Note the rows an entry says it wrote."""
    seq = fields["seq"]
    try:
        detail = json.loads(fields["detail"])
        for table, rows in detail.items():
            if table == "records":
                expected.blocks[seq] = _Block(
                    seq,
                    int(next(iter(detail.get("source_file", {"0": ""})))),
                    rows["count"],
                    rows["first"],
                    rows["last"],
                    rows["hash"],
                )
                continue
            for ident, digest in rows.items():
                expected.rows.setdefault(table, {})[ident] = (digest, seq)
    except (ValueError, TypeError, KeyError, AttributeError, StopIteration):
        report.add("altered", "ledger_entry", seq, "its detail is not what the archive writes")


def _check_heads(
    report: VerifyReport,
    keys: Keyring,
    heads: list[dict[str, Any]],
    witness: dict[str, Any] | None,
    roots: dict[int, str],
    size: int,
) -> None:
    trusted = keys.trusted()
    report.heads = len(heads)
    for head in [*heads, *([witness] if witness else [])]:
        where = "witness" if head is witness else head["size"]
        table = "witness" if head is witness else "tree_head"
        if head.get("bad"):
            report.add("head", table, keys.head_path, "the witness file cannot be read")
            continue
        if not head_verifies(head):
            report.add("head", table, where, "its signature does not verify")
        elif head["key"] not in trusted:
            report.add(
                "head",
                table,
                where,
                f"signed by a key this archive does not trust ({head['key'][:16]}…)",
            )
        if head["size"] > size:
            report.add(
                "head",
                table,
                where,
                f"covers {head['size']} entries but the ledger has {size}: entries were "
                "deleted (or the database was rolled back)",
            )
        elif roots.get(head["size"]) != head["root"]:
            report.add(
                "head",
                table,
                where,
                "its root is not the ledger's Merkle root at that size: the history was rewritten",
            )
    if size and not heads:
        report.add("head", "tree_head", "-", "the ledger has entries but no signed head")
    elif heads and heads[-1]["size"] < size:
        report.add(
            "inserted",
            "ledger_entry",
            f"{heads[-1]['size']}–{size - 1}",
            "entries after the last signed head",
        )


def _check_small_tables(report: VerifyReport, expected: _Expected) -> None:
    for table, (columns, hasher) in SMALL_TABLES.items():
        wanted = dict(expected.rows.get(table, {}))
        count = 0
        for row in _stream(
            f"SELECT {', '.join(columns)}, entry FROM {table} ORDER BY id", f"verify_{table}"
        ):
            count += 1
            ident, entry = str(row[0]), row[-1]
            known = wanted.pop(ident, None)
            if known is None:
                report.add("inserted", table, ident, "no ledger entry wrote this row")
            elif hasher(row[:-1]) != known[0]:
                report.add("altered", table, ident, "its content no longer matches its hash")
            elif entry != known[1]:
                report.add("altered", table, ident, f"names entry {entry}, written by {known[1]}")
        for ident, (_digest, seq) in wanted.items():
            report.add("deleted", table, ident, f"written by ledger entry {seq}, now gone")
        report.objects[table] = count


def _check_records(
    report: VerifyReport, expected: _Expected, on_progress: Callable[[str, int], None] | None
) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, key FROM source")
        source_keys = dict(cursor.fetchall())
        cursor.execute("SELECT id, source_id FROM source_file")
        file_sources = dict(cursor.fetchall())
        cursor.execute("SELECT DISTINCT record_id FROM redaction")
        redacted = {row[0] for row in cursor.fetchall()}
    edits = dict(expected.rows.get("statement", {}))
    statements = _stream(
        f"SELECT record_id, {', '.join(STATEMENT_COLUMNS)}, entry FROM statement "
        "ORDER BY record_id, ordinal",
        "verify_statements",
    )
    if connection.vendor == "postgresql":  # jsonb's text is not the canonical text hashed
        statements = ((*row[:6], reparsed_qualifiers(row[6]), *row[7:]) for row in statements)
    pending = next(statements, None)
    records = 0
    statement_count = 0
    blocks = expected.blocks
    for row in _stream(
        "SELECT id, source_id, file_id, locator, raw, digest, ordinal, state, entry "
        "FROM record ORDER BY id",
        "verify_records",
    ):
        record_id, source_id, file_id, locator, raw, digest, ordinal, state, entry = row
        records += 1
        if on_progress and records % 10_000 == 0:
            on_progress("records", records)
        # statements of records that are no longer there
        while pending is not None and pending[0] < record_id:
            report.add(
                "inserted", "statement", f"{pending[0]}/{pending[1]}", "belongs to no record"
            )
            statement_count += 1
            pending = next(statements, None)
        own = []
        while pending is not None and pending[0] == record_id:
            statement_count += 1
            if pending[-1] is None:
                own.append(pending[1:-1])
            else:
                _check_edit(report, edits, pending)
            pending = next(statements, None)
        block = blocks.get(entry) if entry is not None else None
        if block is None:
            report.add("inserted", "record", record_id, "no ledger entry wrote this record")
            continue
        # a copy that never had the text: hashes only, no locator, text or statements
        withheld = record_id in redacted and raw == "" and locator == "" and not own
        problems = []
        if not withheld:
            key = source_keys.get(source_id)
            if key is None or record_digest(key, locator, raw) != digest:
                problems.append("its source, locator or text no longer give its digest")
            if record_state(digest, own) != state:
                problems.append("its statements no longer give its state")
        if file_id != block.file_id or file_sources.get(file_id) != source_id:
            problems.append(f"names file {file_id}, but entry {entry} read file {block.file_id}")
        if problems:
            report.add("altered", "record", record_id, "; ".join(problems))
        _account(report, block, record_id, record_line(record_id, file_id, ordinal, state or ""))
    while pending is not None:
        report.add("inserted", "statement", f"{pending[0]}/{pending[1]}", "belongs to no record")
        statement_count += 1
        pending = next(statements, None)
    for ident, (_digest, seq) in edits.items():
        report.add("deleted", "statement", ident, f"written by ledger entry {seq}, now gone")
    for block in blocks.values():
        _close_block(report, block)
    report.objects["record"] = records
    report.objects["statement"] = statement_count


def _check_edit(report: VerifyReport, edits: dict[str, tuple[str, int]], row: Any) -> None:
    """A statement an editor added: its own hash is in its entry."""
    ident = f"{row[0]}/{row[1]}"
    known = edits.pop(ident, None)
    if known is None:
        report.add("inserted", "statement", ident, "no ledger entry wrote this statement")
    elif statement_hash(row[0], row[1:-1]) != known[0]:
        report.add("altered", "statement", ident, "its content no longer matches its hash")
    elif row[-1] != known[1]:
        report.add("altered", "statement", ident, f"names entry {row[-1]}, written by {known[1]}")


def _account(report: VerifyReport, block: _Block, record_id: int, line: bytes) -> None:
    """Count a record into its entry's block, noting ids skipped (deleted) on the way."""
    if block.first is None or not block.first <= record_id <= block.last:
        report.add("inserted", "record", record_id, f"outside the ids entry {block.seq} wrote")
        return
    expected_next = block.first if block.next_id is None else block.next_id
    if record_id > expected_next:
        block.missing.extend(range(expected_next, min(record_id, expected_next + 1000)))
    block.next_id = record_id + 1
    block.found += 1
    block.hasher.update(line)


def _close_block(report: VerifyReport, block: _Block) -> None:
    if block.first is not None:
        start = block.first if block.next_id is None else block.next_id
        block.missing.extend(range(start, min(block.last + 1, start + 1000)))
    for ident in block.missing[:1000]:
        report.add("deleted", "record", ident, f"written by ledger entry {block.seq}, now gone")
    if block.found != block.count and not block.missing:
        report.add(
            "ledger",
            "ledger_entry",
            block.seq,
            f"wrote {block.count} records, {block.found} are there",
        )
    elif block.found == block.count and block.hasher.hexdigest() != block.hash:
        report.add(
            "altered",
            "ledger_entry",
            block.seq,
            "its records were changed together with their hashes (their order, file or state)",
        )
