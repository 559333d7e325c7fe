"""Taking in another archive's feed (an imported bundle, a mirror's catch-up), checked first.

Everything arrives against a signed tree head the caller has already checked and trusts. In
one transaction, each entry's leaf is recomputed and chained to the one before, each row is
hashed and compared with what its entry says, each record's digest and state are recomputed
from its text and statements, and at the end the Merkle root of the whole ledger must be the
trusted head's root. Only then is the transaction committed; any mismatch raises FeedError
and rolls everything back, so a refused feed leaves the archive as it was.

Entries the archive already has must arrive with the very same leaves: a feed whose history
differs from ours is refused, never merged.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

from ..pipeline import record_digest
from .feed import ROW_COLUMNS
from .hashing import (
    RECORD_COLUMNS,
    file_hash,
    judgement_hash,
    record_line,
    record_state,
    redaction_hash,
    source_hash,
    statement_hash,
)
from .keys import Keyring, head_verifies
from .ledger import ENTRY_FIELDS, GENESIS, entry_leaf, leaves, lock, store_heads
from .merkle import CompactRange
from .models import LedgerEntry
from .name_index import catch_up
from .store import insert_rows

_STATEMENT_TABLE = ("record_id", *ROW_COLUMNS["statement"][1:-1])
_HASHERS = {
    "source": source_hash,
    "source_file": file_hash,
    "judgement": judgement_hash,
    "redaction": redaction_hash,
}
BATCH = 5000


class FeedError(Exception):
    """A feed that does not verify; nothing of it was applied."""


@dataclass
class ReceiveReport:
    entries_before: int = 0
    entries_added: int = 0
    records_added: int = 0
    statements_added: int = 0
    withheld: int = 0
    size: int = 0
    root: str = ""

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class _Current:
    """The entry being received and what has arrived of it."""

    fields: dict[str, Any]
    detail: dict[str, Any]
    pending: dict[str, dict[str, str]]
    records: int = 0
    hasher: Any = field(default_factory=hashlib.sha256)


class _Receiver:
    def __init__(self, head: dict[str, Any], keys: Keyring, start: int) -> None:
        self.head = head
        self.keys = keys
        lock()
        self.local = leaves()
        if start not in (0, len(self.local)):
            raise FeedError(
                f"the feed starts at entry {start}; this archive has {len(self.local)} entries"
            )
        self.tree = CompactRange()
        self.prev = GENESIS
        for leaf in self.local[:start]:  # a catch-up: our entries are its prefix
            self.tree.append(leaf)
            self.prev = leaf.hex()
        self.report = ReceiveReport(entries_before=len(self.local))
        self.current: _Current | None = None
        self.skipping = False  # inside an entry we already have: its rows are ours
        self.heads: list[dict[str, Any]] = []
        self.received: list[bytes] = []  # leaves of the entries taken, for the heads' roots
        self.withheld: set[int] = set()  # must each be redacted by the end of the feed
        self.file_sources: dict[int, int] = {}
        self.records: list[tuple[Any, ...]] = []
        self.statements: list[tuple[Any, ...]] = []
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, key FROM source")
            self.source_keys: dict[int, str] = dict(cursor.fetchall())

    # -- lines -----------------------------------------------------------------------------
    def take(self, number: int, text: str) -> None:
        try:
            item = json.loads(text)
            (kind,) = (k for k in item if k not in ("statements", "withheld", "path"))
        except ValueError as exc:
            raise FeedError(f"line {number}: not a line of an archive feed ({exc})") from None
        try:
            if kind == "entry":
                self._entry(item["entry"])
            elif self.skipping and kind != "head":
                return
            elif kind == "head":
                self.heads.append(item["head"])
            elif kind == "record":
                self._record(item)
            elif kind in ROW_COLUMNS:
                self._row(kind, item)
            else:
                raise FeedError(f"line {number}: unknown kind of line {kind!r}")
        except FeedError as exc:
            if str(exc).startswith("line "):
                raise
            raise FeedError(f"line {number}: {exc}") from None
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise FeedError(f"line {number}: malformed {kind} line ({exc!r})") from None

    def _entry(self, fields: dict[str, Any]) -> None:
        self._close()
        seq = self.tree.size
        if fields["seq"] != seq:
            raise FeedError(f"entry {fields['seq']} arrives where entry {seq} belongs")
        leaf = entry_leaf(fields)
        if leaf.hex() != fields["leaf"]:
            raise FeedError(f"entry {seq}: its fields do not give its leaf hash (altered)")
        if fields["prev"] != self.prev:
            raise FeedError(f"entry {seq}: does not follow the entry before it")
        self.tree.append(leaf)
        self.received.append(leaf)
        self.prev = leaf.hex()
        self.skipping = seq < len(self.local)
        if self.skipping:  # ours already: it must be the very same entry
            if self.local[seq] != leaf:
                raise FeedError(
                    f"entry {seq} differs from this archive's entry {seq}: the two histories "
                    "have diverged; nothing was applied"
                )
            return
        detail = json.loads(fields["detail"])
        pending = {t: dict(rows) for t, rows in detail.items() if t != "records"}
        self.current = _Current(fields, detail, pending)
        LedgerEntry.objects.create(**{k: fields[k] for k in (*ENTRY_FIELDS, "leaf")})
        self.report.entries_added += 1

    def _expect(self, table: str, ident: str, digest: str) -> None:
        current = self.current
        if current is None:
            raise FeedError(f"{table} {ident} comes before any new entry")
        wanted = current.pending.get(table, {}).pop(ident, None)
        if wanted is None:
            raise FeedError(f"{table} {ident}: entry {current.fields['seq']} did not write it")
        if wanted != digest:
            raise FeedError(
                f"{table} {ident}: its content does not match entry "
                f"{current.fields['seq']}'s hash (altered)"
            )

    def _row(self, table: str, item: dict[str, Any]) -> None:
        values = item[table]
        columns = ROW_COLUMNS[table]
        if len(values) != len(columns):
            raise FeedError(f"{table}: {len(values)} values, {len(columns)} expected")
        seq = self.current.fields["seq"] if self.current else None
        if values[-1] != seq:
            raise FeedError(f"{table} {values[0]}: names entry {values[-1]}, not {seq}")
        if table == "statement":
            ident = f"{values[0]}/{values[1]}"
            self._expect(table, ident, statement_hash(values[0], values[1:-1]))
            self._flush()
            insert_rows("statement", (*_STATEMENT_TABLE, "entry"), [tuple(values)])
            self.report.statements_added += 1
            return
        self._expect(table, str(values[0]), _HASHERS[table](values[:-1]))
        row = list(values)
        names = list(columns)
        if table == "source":
            self.source_keys[values[0]] = values[1]
            names += ["coverage", "created_at"]
            row += ["{}", _now_db()]
        elif table == "source_file":
            self.file_sources[values[0]] = values[1]
            names += ["path", "read_at"]
            row += [str(item.get("path", "")), _now_db()]
        self._flush()
        insert_rows(table, tuple(names), [tuple(row)])

    def _record(self, item: dict[str, Any]) -> None:
        current = self.current
        if current is None:
            raise FeedError("a record comes before any new entry")
        values = item["record"]
        if len(values) != len(RECORD_COLUMNS):
            raise FeedError("record: wrong number of values")
        record_id, source_id, file_id, locator, raw, digest, ordinal, state, entry = values
        block = current.detail.get("records") or {}
        seq = current.fields["seq"]
        if entry != seq or not block.get("count"):
            raise FeedError(f"record {record_id}: entry {seq} wrote no such record")
        if not block["first"] <= record_id <= block["last"]:
            raise FeedError(f"record {record_id}: outside the ids entry {seq} wrote")
        if str(file_id) not in current.detail.get("source_file", {}):
            raise FeedError(f"record {record_id}: not of the file entry {seq} read")
        if self.file_sources.get(file_id) != source_id:
            raise FeedError(f"record {record_id}: not of the source of its file")
        if item.get("withheld"):
            # a withheld record comes as its hashes only, and a redaction must cover it
            if locator != "" or raw != "" or "statements" in item:
                raise FeedError(f"record {record_id}: withheld, yet it comes with its text")
            self.withheld.add(record_id)
            self.report.withheld += 1
        else:
            key = self.source_keys.get(source_id)
            if key is None or record_digest(key, locator, raw) != digest:
                raise FeedError(f"record {record_id}: its text does not give its digest")
            statements = item["statements"]
            if record_state(digest, statements) != state:
                raise FeedError(f"record {record_id}: its statements do not give its state")
            self.statements.extend((record_id, *s, None) for s in statements)
        current.hasher.update(record_line(record_id, file_id, ordinal, state))
        current.records += 1
        self.records.append(tuple(values))
        if len(self.records) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        insert_rows("record", RECORD_COLUMNS, self.records)
        insert_rows("statement", (*_STATEMENT_TABLE, "entry"), self.statements)
        self.report.records_added += len(self.records)
        self.report.statements_added += len(self.statements)
        self.records, self.statements = [], []

    def _close(self) -> None:
        """Check that the entry being received got everything it names."""
        current = self.current
        if current is None:
            return
        seq = current.fields["seq"]
        for table, rows in current.pending.items():
            if rows:
                raise FeedError(f"entry {seq}: {table} {next(iter(rows))} is missing")
        block = current.detail.get("records")
        if block:
            if current.records != block["count"]:
                raise FeedError(
                    f"entry {seq}: {current.records} of its {block['count']} records arrived"
                )
            if current.hasher.hexdigest() != block["hash"]:
                raise FeedError(f"entry {seq}: its records do not give its hash")
        self.current = None

    def finish(self) -> ReceiveReport:
        self._close()
        self._flush()
        size, root = self.tree.size, self.tree.root().hex()
        if size != self.head["size"] or root != self.head["root"]:
            raise FeedError(
                f"the entries received ({size}, root {root[:16]}…) are not the signed head's "
                f"({self.head['size']}, root {self.head['root'][:16]}…)"
            )
        self._check_heads()
        if self.withheld:
            with connection.cursor() as cursor:
                cursor.execute("SELECT DISTINCT record_id FROM redaction")
                bare = self.withheld - {row[0] for row in cursor.fetchall()}
            if bare:
                raise FeedError(f"record {min(bare)}: withheld, but no redaction covers it")
        ours = {h["size"] for h in self.heads}
        if self.head["size"] not in ours:
            self.heads.append(self.head)
        store_heads(h for h in self.heads if h["size"] > len(self.local))
        _reset_sequences()
        catch_up()  # the name index takes in what arrived
        self.report.size, self.report.root = size, root
        return self.report

    def _check_heads(self) -> None:
        """Every signed head of the feed verifies and has the entries' root at its size
        (heads are stored as they come: a forged one would fail verify afterwards)."""
        sizes = {
            h["size"] for h in self.heads if isinstance(h, dict) and type(h.get("size")) is int
        }
        roots = {}
        tree = CompactRange()
        start = len(self.tree) - len(self.received)
        for leaf in (*self.local[:start], *self.received):
            tree.append(leaf)
            if tree.size in sizes:
                roots[tree.size] = tree.root().hex()
        for h in self.heads:
            try:
                good = roots.get(h["size"]) == h["root"] and head_verifies(h)
            except (KeyError, TypeError, ValueError):
                good = False
            if not good:
                where = h.get("size") if isinstance(h, dict) else "?"
                raise FeedError(f"the feed's signed head at size {where} does not verify (altered)")


def _now_db() -> str:
    from django.utils import timezone

    return timezone.now().isoformat()


def _reset_sequences() -> None:
    """Ids came from the feed: on PostgreSQL move each table's sequence past them."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in ("source", "source_file", "record", "judgement", "redaction"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )


def receive(
    lines: Iterable[str], head: dict[str, Any], keys: Keyring | None = None, start: int = 0
) -> ReceiveReport:
    """Check and apply a feed against `head`, a signed head already checked and trusted.

    A feed starts at entry 0 (a bundle: entries we have must be ours exactly) or at `start`,
    our own size (a mirror's catch-up, whose consistency with us was proved before). All or
    nothing: FeedError (with the reason) and no change, or everything committed.
    """
    keys = keys or Keyring.default()
    with transaction.atomic():
        receiver = _Receiver(head, keys, start)
        number = 0
        for number, text in enumerate(lines, 1):
            receiver.take(number, text)
        if number == 0:
            raise FeedError("the feed is empty")
        report = receiver.finish()
        transaction.on_commit(lambda: keys.remember(head))
    return report
