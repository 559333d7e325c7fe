"""The ledger: an append-only log of every write, as the leaves of an RFC 6962 Merkle tree.

Each write transaction opens a `LedgerWriter`, which takes the archive's write lock, appends one
entry per object it writes (a file of an ingest, a statement, a judgement, a redaction) and,
before the commit, signs a tree head: the ledger's new size and Merkle root. The head goes into
`tree_head` in the same transaction, and after the commit into the key folder's witness file,
so a kill at any moment leaves either the old archive or the new one, each with its head.

An entry's leaf is SHA-256(0x00 ‖ canonical JSON of its fields, `prev` included), so the log is
both a hash chain (each entry names the leaf before it) and a Merkle tree (inclusion and
consistency proofs: `archive.merkle`).
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction

from .hashing import canonical
from .keys import KeyProblem, Keyring, head_message
from .merkle import CompactRange, leaf_hash
from .models import LedgerEntry, TreeHead

GENESIS = "0" * 64  # the `prev` of the first entry
ENTRY_FIELDS = ("seq", "kind", "subject", "actor", "at", "reason", "detail", "state", "prev")


def now() -> str:
    """The time of a write, as ISO 8601 text in UTC (text hashes the same everywhere)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def default_actor() -> str:
    """Who writes when nobody says: $UNPERSONED_ACTOR, else the login name."""
    actor = os.environ.get("UNPERSONED_ACTOR")
    if actor:
        return actor
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def entry_leaf(fields: dict[str, Any]) -> bytes:
    """The RFC 6962 leaf hash of an entry, from its fields (`ENTRY_FIELDS`)."""
    return leaf_hash(canonical([fields[name] for name in ENTRY_FIELDS]))


def lock() -> None:
    """Take the archive's write lock for this transaction: one writer at a time, so entries
    and ids follow one another. SQLite's IMMEDIATE transactions already hold it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE ledger_entry IN EXCLUSIVE MODE")


def leaves(using: Any = None) -> list[bytes]:
    """Every leaf hash of the ledger, in order."""
    conn = using or connection
    with conn.cursor() as cursor:
        cursor.execute("SELECT leaf FROM ledger_entry ORDER BY seq")
        return [bytes.fromhex(row[0]) for row in cursor.fetchall()]


class LedgerWriter:
    """Appends entries inside the caller's transaction and signs one head for all of them."""

    def __init__(self, actor: str | None = None, reason: str = "", keys: Keyring | None = None):
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("a ledger write belongs inside transaction.atomic()")
        self.actor = actor or default_actor()
        self.reason = reason
        self.keys = keys or Keyring.default()
        lock()
        self.tree = CompactRange()
        known = leaves()
        witness = self.keys.witness()
        seen = None
        for leaf in known:
            self.tree.append(leaf)
            if witness and self.tree.size == witness["size"]:
                seen = self.tree.root().hex()
        if witness and not witness.get("bad") and witness["size"] and seen != witness["root"]:
            # a write now would replace the witness and hide that the database went back
            raise KeyProblem(
                f"the database has {len(known)} ledger entries and is not the archive its "
                f"witness ({self.keys.head_path}, {witness['size']} entries) was signed for: "
                "it was rolled back or rewritten; run `unpersoned verify`"
            )
        self.prev = known[-1].hex() if known else GENESIS
        self.appended = 0

    @property
    def size(self) -> int:
        """The ledger's size so far, entries of this transaction included."""
        return self.tree.size

    def append(
        self,
        kind: str,
        subject: str,
        state: str,
        detail: dict[str, Any],
        at: str | None = None,
    ) -> int:
        """Append one entry; returns its sequence number."""
        fields = {
            "seq": self.tree.size,
            "kind": kind,
            "subject": subject,
            "actor": self.actor,
            "at": at or now(),
            "reason": self.reason,
            "detail": canonical(detail).decode("utf-8", "surrogatepass"),
            "state": state,
            "prev": self.prev,
        }
        leaf = entry_leaf(fields)
        LedgerEntry.objects.create(**fields, leaf=leaf.hex())
        self.tree.append(leaf)
        self.prev = leaf.hex()
        self.appended += 1
        return fields["seq"]

    def sign(self) -> dict[str, Any] | None:
        """Sign and store the head for the entries appended; the witness follows the commit."""
        if not self.appended:
            return None
        if not self.keys.has_key():
            signers = set(TreeHead.objects.values_list("key", flat=True).distinct()[:100])
            if signers and not signers & self.keys.trusted():
                # a new key would orphan every head signed so far: the folder was lost or moved
                raise KeyProblem(
                    f"no archive key in {self.keys.folder}, yet the ledger's heads are signed by "
                    "a key it does not know: restore the key folder or set UNPERSONED_KEYS"
                )
        self.keys.check_writable()  # a witness that cannot follow the commit: refuse now
        from .name_index import catch_up  # the index imports the store, which imports us

        catch_up()  # the name index follows every write, in its transaction
        head = sign_head(self.keys, self.tree.size, self.tree.root().hex())
        TreeHead.objects.create(**head)
        transaction.on_commit(lambda: self.keys.remember(head))
        return head


def sign_head(keys: Keyring, size: int, root: str) -> dict[str, Any]:
    at = now()
    key, signature = keys.sign(head_message(size, root, at))
    return {"size": size, "root": root, "at": at, "key": key, "signature": signature}


def latest_head(using: Any = None) -> dict[str, Any] | None:
    """The last signed head of an archive (ours, or a mirror's source), if it has one."""
    conn = using or connection
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT size, root, at, key, signature FROM tree_head ORDER BY size DESC LIMIT 1"
        )
        row = cursor.fetchone()
    return dict(zip(("size", "root", "at", "key", "signature"), row, strict=True)) if row else None


def store_heads(heads: Iterable[dict[str, Any]]) -> None:
    """Keep heads another archive signed (a mirror's copy of its source's heads)."""
    TreeHead.objects.bulk_create([TreeHead(**head) for head in heads], ignore_conflicts=True)
