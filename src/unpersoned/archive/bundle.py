"""Signed bundles: the whole archive in one file, and taking one in.

A bundle is the archive's feed (`archive.feed`), one JSON object a line, closed by a manifest
line signed with the archive's Ed25519 key:

    {"manifest": {"format", "created", "lines", "sha256", "head", "key"}, "signature": …}

`lines` and `sha256` cover every byte before the manifest, `head` is the signed tree head the
feed ends at. Importing checks, in this order and before it writes anything: that the file
ends in a manifest (else it was truncated), that the manifest's and the head's keys are
trusted and their signatures verify, that the body has the lines and the hash the manifest
says; then `archive.receive` checks every entry and row against the head while it applies
them in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from .feed import feed
from .hashing import canonical
from .keys import Keyring, fingerprint, head_verifies, verify_signature
from .ledger import latest_head, now
from .receive import FeedError, ReceiveReport, receive

FORMAT = "unpersoned-bundle/1"
MANIFEST_MAX = 1 << 16  # a manifest line is well under this; more is not a bundle of ours


class BundleError(FeedError):
    """A bundle that is refused, with the reason."""


def export_bundle(
    path: Path, keys: Keyring | None = None, on_line: Callable[[int], None] | None = None
) -> dict[str, Any]:
    """Write the whole archive to `path` (atomically: a kill leaves no half bundle)."""
    keys = keys or Keyring.default()
    tmp = path.with_name(path.name + ".partial")
    digest = hashlib.sha256()
    lines = 0
    with transaction.atomic():  # one snapshot
        head = latest_head(connection)
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM ledger_entry")
            size = int(cursor.fetchone()[0])
        if head is None:
            raise BundleError("the archive has no signed head yet: ingest something first")
        if head["size"] != size:
            raise BundleError(
                f"the ledger has {size} entries but its last signed head {head['size']}: "
                "run `unpersoned verify`"
            )
        with tmp.open("w", encoding="utf-8", errors="surrogatepass", newline="\n") as out:
            for text in feed(connection, 0, size):
                data = (text + "\n").encode("utf-8", "surrogatepass")
                digest.update(data)
                out.write(text + "\n")
                lines += 1
                if on_line and lines % 10_000 == 0:
                    on_line(lines)
            manifest = {
                "format": FORMAT,
                "created": now(),
                "lines": lines,
                "sha256": digest.hexdigest(),
                "head": head,
                "key": keys.public_hex(create=True),
            }
            # the signature covers the manifest, its key included
            signed = {"manifest": manifest, "signature": keys.sign(canonical(manifest))[1]}
            out.write(json.dumps(signed, ensure_ascii=False, separators=(",", ":")) + "\n")
            out.flush()
            os.fsync(out.fileno())
    os.replace(tmp, path)
    return manifest


def _last_line(path: Path) -> bytes:
    size = path.stat().st_size
    with path.open("rb") as handle:
        start = max(0, size - MANIFEST_MAX)
        handle.seek(start)
        tail = handle.read()
    if not tail.endswith(b"\n"):
        raise BundleError(f"{path}: truncated (it does not end with its signed manifest)")
    cut = tail.rfind(b"\n", 0, len(tail) - 1)
    if cut < 0 and start > 0:
        raise BundleError(f"{path}: truncated or not a bundle (no manifest line at its end)")
    return tail[cut + 1 :]


def read_manifest(path: Path, trusted: set[str]) -> dict[str, Any]:
    """The bundle's manifest, after checking its signature, its head's and that both keys
    are trusted. Raises BundleError with the reason."""
    if not path.is_file():
        raise BundleError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise BundleError(f"{path}: the file is empty")
    try:
        last = json.loads(_last_line(path))
        manifest, signature = last["manifest"], last["signature"]
        head, key = manifest["head"], manifest["key"]
        if manifest.get("format") != FORMAT:
            raise BundleError(f"{path}: not a bundle of format {FORMAT}")
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise BundleError(
            f"{path}: truncated or not a bundle (no manifest line at its end)"
        ) from None
    if not verify_signature(key, canonical(manifest), signature):
        raise BundleError(f"{path}: the manifest's signature does not verify (altered)")
    if key not in trusted:
        raise BundleError(
            f"{path}: signed by key {fingerprint(key)}, which this archive does not trust "
            "(give its public key with --trust)"
        )
    if not head_verifies(head):
        raise BundleError(f"{path}: the signed head inside does not verify (altered)")
    if head["key"] not in trusted:
        raise BundleError(f"{path}: its head is signed by untrusted key {fingerprint(head['key'])}")
    return manifest


def _body(path: Path, manifest_line: int) -> Iterator[str]:
    with path.open("rb") as handle:
        for number, data in enumerate(handle, 1):
            if number >= manifest_line:
                return
            try:
                yield data.decode("utf-8", "surrogatepass").rstrip("\n")
            except UnicodeDecodeError:
                raise BundleError(f"{path}:{number}: not UTF-8 (altered)") from None


def check_body(path: Path, manifest: dict[str, Any]) -> None:
    """The body has exactly the lines and bytes the manifest signed."""
    digest = hashlib.sha256()
    lines = 0
    rest = False
    with path.open("rb") as handle:
        for data in handle:
            if lines == manifest["lines"]:
                rest = True  # the manifest line itself: the body must end exactly here
                break
            digest.update(data)
            lines += 1
    if lines != manifest["lines"] or digest.hexdigest() != manifest["sha256"] or not rest:
        raise BundleError(
            f"{path}: its contents are not what its manifest signed (altered or truncated)"
        )


def import_bundle(
    path: Path, keys: Keyring | None = None, extra: set[str] | None = None
) -> ReceiveReport:
    """Check `path` completely, then take in what this archive does not have yet."""
    keys = keys or Keyring.default()
    manifest = read_manifest(path, keys.trusted() | (extra or set()))
    check_body(path, manifest)
    with transaction.atomic():
        report = receive(_body(path, manifest["lines"] + 1), manifest["head"], keys)
        # before the commit: a kill after it must not leave heads by a key not yet trusted
        for key in {manifest["key"], manifest["head"]["key"]} & (extra or set()):
            keys.trust(key)
        keys.check_writable()
    return report
