"""Following another archive: fetch only the entries newer than ours, after proving that the
source's log extends ours (an RFC 6962 consistency proof against its signed head).

The source is another archive's database (a SQLite file or a PostgreSQL URL), opened read-only
beside ours. Its latest signed head must verify and be signed by a key we trust; the proof
that the source's tree at its size contains our tree at ours is computed from the source's
leaves, as a remote archive would serve it, and checked against our own root. A source whose
history was rewritten fails that check: nothing is applied and the reason is reported.
"""

from __future__ import annotations

import os
from typing import Any

from django.db import connections, transaction

from ..settings import database_config
from .feed import feed
from .keys import Keyring, fingerprint, head_verifies
from .ledger import latest_head, leaves
from .merkle import consistency_proof, root, verify_consistency
from .receive import FeedError, ReceiveReport, receive

ALIAS = "mirror_source"


class MirrorError(FeedError):
    """The source cannot be followed; nothing was applied."""


def open_source(target: str) -> Any:
    """A connection to the source archive's database (a file path or a URL)."""
    if "://" in target:
        config = database_config(target, "")
    else:
        if not os.path.exists(target):
            raise MirrorError(f"no archive at {target}")
        config = database_config(None, target)
    # Django fills in the defaults of a database's settings only for a full set
    connections.settings[ALIAS] = connections.configure_settings({"default": config})["default"]
    if ALIAS in connections:  # a new target for a reused alias
        connections[ALIAS].close()
        del connections[ALIAS]
    return connections[ALIAS]


def follow(
    target: str, keys: Keyring | None = None, extra: set[str] | None = None
) -> ReceiveReport:
    """Bring this archive up to the source's latest signed head."""
    keys = keys or Keyring.default()
    source = open_source(target)
    try:
        head = latest_head(source)
        if head is None:
            raise MirrorError(f"{target}: the source has no signed head (nothing to follow)")
        if not head_verifies(head):
            raise MirrorError(f"{target}: the source's signed head does not verify")
        trusted = keys.trusted() | (extra or set())
        if head["key"] not in trusted:
            raise MirrorError(
                f"{target}: its head is signed by key {fingerprint(head['key'])}, which this "
                "archive does not trust (give the source's archive.pub with --trust)"
            )
        ours = leaves()
        size = len(ours)
        if size > head["size"]:
            raise MirrorError(
                f"the source has {head['size']} entries, this archive {size}: the source lost "
                "entries or this archive has writes of its own; nothing was applied"
            )
        if size == head["size"]:
            if root(ours).hex() != head["root"]:
                raise MirrorError(
                    f"the source's {size} entries are not this archive's: its history was "
                    "rewritten; nothing was applied"
                )
            return ReceiveReport(entries_before=size, size=size, root=head["root"])
        if size:
            theirs = leaves(using=source)[: head["size"]]
            proof = consistency_proof(size, theirs)
            new_root = bytes.fromhex(head["root"])
            if not verify_consistency(size, head["size"], root(ours), new_root, proof):
                raise MirrorError(
                    f"the source's log does not extend this archive's {size} entries: its "
                    "history was rewritten (consistency proof failed); nothing was applied"
                )
        with transaction.atomic():
            report = receive(feed(source, size, head["size"]), head, keys, start=size)
            # before the commit: a kill after it must not leave heads by a key not yet trusted
            if head["key"] in (extra or set()):
                keys.trust(head["key"])
            keys.check_writable()
        return report
    finally:
        source.close()
