"""The archive's Ed25519 key, the keys it trusts, and its witness of the last signed head.

They live in a folder outside the database (UNPERSONED_KEYS; by default `<file>.keys` beside
a SQLite archive, `var/keys/<host>-<port>-<database>` for a server), so that whoever can edit
the database cannot also sign for it:

    archive.key      the private key, 32 bytes in hex, readable by the owner only
    archive.pub      the public key in hex (give it to mirrors and importers)
    trusted/*.pub    public keys of other archives whose bundles and heads are accepted
    head.json        the last tree head this archive signed or accepted: a rollback of the
                     database to an older state, or a rewritten history, disagrees with it

Signatures are made by the `cryptography` package.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .hashing import canonical

HEAD_CONTEXT = "unpersoned-tree-head/1"


class KeyProblem(Exception):
    """A key that cannot be read or is not trusted: the message says which and why."""


def fingerprint(public_hex: str) -> str:
    """A short name for a public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(bytes.fromhex(public_hex)).hexdigest()[:16]


def default_folder() -> Path:
    """Where the keys of the current archive live (see the module's docstring)."""
    explicit = os.environ.get("UNPERSONED_KEYS")
    if explicit:
        return Path(explicit)
    url = os.environ.get("UNPERSONED_DATABASE_URL")
    if url:
        parts = urlsplit(url)
        name = f"{parts.hostname or 'localhost'}-{parts.port or 5432}-{parts.path.strip('/')}"
        return Path("var") / "keys" / name
    db = os.path.abspath(os.environ.get("UNPERSONED_DB", "unpersoned.sqlite3"))
    return Path(db + ".keys")


def head_message(size: int, root: str, at: str) -> bytes:
    """The bytes a tree head's signature covers."""
    return canonical([HEAD_CONTEXT, size, root, at])


def head_verifies(head: dict[str, Any]) -> bool:
    """Whether a tree head's signature is good (its key's trust is the caller's question)."""
    message = head_message(head["size"], head["root"], head["at"])
    return verify_signature(head["key"], message, head["signature"])


def verify_signature(public_hex: str, message: bytes, signature_hex: str) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
        key.verify(bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError):
        return False
    return True


def _write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read, atomically (a kill leaves the old or the new)."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


@dataclass
class Keyring:
    """The key folder of one archive."""

    folder: Path

    @classmethod
    def default(cls) -> Keyring:
        return cls(default_folder())

    # -- the archive's own key ------------------------------------------------------------
    @property
    def private_path(self) -> Path:
        return self.folder / "archive.key"

    @property
    def public_path(self) -> Path:
        return self.folder / "archive.pub"

    def has_key(self) -> bool:
        return self.private_path.exists()

    def _private(self, create: bool) -> Ed25519PrivateKey:
        if not self.private_path.exists():
            if not create:
                raise KeyProblem(f"no archive key in {self.folder}")
            self.folder.mkdir(parents=True, exist_ok=True)
            key = Ed25519PrivateKey.generate()
            raw = key.private_bytes_raw().hex()
            _write_private(self.private_path, raw + "\n")
            write_atomic(self.public_path, key.public_key().public_bytes_raw().hex() + "\n")
            return key
        try:
            return Ed25519PrivateKey.from_private_bytes(
                bytes.fromhex(self.private_path.read_text().strip())
            )
        except (ValueError, OSError) as exc:
            raise KeyProblem(f"{self.private_path}: not an Ed25519 private key ({exc})") from None

    def public_hex(self, create: bool = False) -> str:
        public = self._private(create).public_key().public_bytes_raw().hex()
        if not self.public_path.exists():  # a kill between the two files: make it again
            write_atomic(self.public_path, public + "\n")
        return public

    def sign(self, message: bytes) -> tuple[str, str]:
        """(public key, signature) in hex; makes the archive's key on first use."""
        key = self._private(create=True)
        return key.public_key().public_bytes_raw().hex(), key.sign(message).hex()

    # -- keys it trusts ---------------------------------------------------------------------
    def trusted(self) -> set[str]:
        """Public keys whose signatures this archive accepts: its own and trusted/*.pub."""
        keys = set()
        if self.private_path.exists():  # from the private key: a kill may have left no .pub
            keys.add(self._private(create=False).public_key().public_bytes_raw().hex())
        folder = self.folder / "trusted"
        if folder.is_dir():
            for path in sorted(folder.glob("*.pub")):
                keys.add(read_public(path))
        return keys

    def trust(self, public_hex: str) -> Path:
        """Accept signatures by this key from now on."""
        folder = self.folder / "trusted"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{fingerprint(public_hex)}.pub"
        write_atomic(path, public_hex + "\n")
        return path

    # -- the witness ------------------------------------------------------------------------
    @property
    def head_path(self) -> Path:
        return self.folder / "head.json"

    def witness(self) -> dict[str, Any] | None:
        """The last signed head this archive wrote or accepted, if any."""
        if not self.head_path.exists():
            return None
        try:
            head = json.loads(self.head_path.read_text())
            return {k: head[k] for k in ("size", "root", "at", "key", "signature")}
        except (ValueError, KeyError, TypeError, OSError):
            return {"size": -1, "root": "", "at": "", "key": "", "signature": "", "bad": True}

    def check_writable(self) -> None:
        """Raise OSError unless the folder takes a file (not read-only, not full): called
        before a write commits, so that a witness that cannot follow the commit refuses the
        write while it can still be rolled back."""
        probe = self.folder / f".probe-{os.getpid()}"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(fd, b"\n" * 4096)  # a page, as a witness takes
                os.fsync(fd)
            finally:
                os.close(fd)
                probe.unlink()
        except OSError as exc:  # named by the folder, not the probe
            raise OSError(exc.errno, exc.strerror, str(self.folder)) from None

    def remember(self, head: dict[str, Any]) -> None:
        """Keep `head` as the witness, unless the one kept is larger (never go back)."""
        kept = self.witness()
        if kept and not kept.get("bad") and kept["size"] > head["size"]:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(self.head_path, json.dumps(head, indent=1) + "\n")


def read_public(path: Path) -> str:
    """A public key file: 64 hex digits (archive.pub, or a key a mirror was given)."""
    try:
        text = path.read_text().strip()
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(text))
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise KeyProblem(f"{path}: not an Ed25519 public key in hex ({exc})") from None
    return text
