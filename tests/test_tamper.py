"""Tamper test: 1,000 random edits of an archive's database and 400 of its signed bundle,
every one detected — by `verify`, or by `import`, which then applies nothing.

One small archive is built once with the command (two sources, an editor's statement and a
correction, a judgement, a redaction), exported, and imported into a second archive (which
holds the redacted record as its hashes only). A single helper process then loops: copy one
of the two databases, damage the copy with Python's sqlite3 as someone with the file would,
and run `archive.verify.verify` on it; then damage copies of the bundle and import each into
a fresh empty archive. Calling the command 1,400 times would take many minutes.

Always on SQLite, also when UNPERSONED_DATABASE_URL names a server: this tests the logic of
the verifier and the importer over the rows; test_ledger.py runs verify on PostgreSQL too.

A tampering is skipped, not counted, when it leaves the data as it was (a value set to
itself, two equal rows swapped, a signature's hex digits in capitals), when the database
refuses it (NOT NULL, UNIQUE), or when it touches what nothing can attest (see `Skip`). The
counts by kind are printed (pytest -s) and written to bench/results/tamper.json.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from .conftest import MOSCOW_PAGES, ON_POSTGRES, ROOT, STALIN, Archive

SEED = 19371105
DB_TAMPERINGS = 1000
BUNDLE_TAMPERINGS = 400
RESULTS = ROOT / "bench" / "results" / "tamper.json"

# Every column the ledger's hashes cover, by table (and `entry` where a row names its entry).
# The test fails on a column in neither this nor UNHASHED: none can slip past the hashes.
COVERED = {
    "source": ("id", "key", "title", "publisher", "year", "language", "format", "provenance"),
    "source_file": ("id", "source_id", "name", "sha256", "size", "record_count"),
    "record": ("id", "source_id", "file_id", "locator", "raw", "digest", "ordinal", "state"),
    "statement": (
        "record_id",
        "ordinal",
        "predicate",
        "value",
        "date",
        "place",
        "qualifiers",
        "span_start",
        "span_end",
        "alternative",
    ),
    "judgement": (
        "id",
        "left_id",
        "right_id",
        "verdict",
        "score",
        "method",
        "actor",
        "at",
        "reason",
    ),
    "redaction": ("id", "record_id", "reason", "actor", "at"),
    "ledger_entry": (
        "seq",
        "kind",
        "subject",
        "actor",
        "at",
        "reason",
        "detail",
        "state",
        "prev",
        "leaf",
    ),
    "tree_head": ("size", "root", "at", "key", "signature"),
}
WITH_ENTRY = {"source", "source_file", "record", "statement", "judgement", "redaction"}
# Outside the hashes by design (models.py, hashing.py): a source's coverage diagnostic and
# creation time; where and when a file was read, which is not what it holds.
UNHASHED = {"source": {"coverage", "created_at"}, "source_file": {"path", "read_at"}}
# Rows few among many but each a case of its own, drawn more often than their share.
RARE = {"record": "id IN (SELECT record_id FROM redaction)", "statement": "entry IS NOT NULL"}
TEXT_CHARS = "абвгдеёжзийклмнопрстуфхцчшщыэюяABCxyz0189 .,;:-'\"<>&()[]{}/\\\n"
HEX = "0123456789abcdef"


# -- the test, in pytest's process -----------------------------------------------------------


def _pristine(folder: Path) -> tuple[Archive, Path]:
    """A small archive with every kind of row, and its bundle."""
    archive = Archive(str(folder / "pristine.sqlite3"), folder / "pristine.keys")
    archive.run("ingest", "stalin", str(STALIN), check=True)
    archive.run("ingest", "moscow", str(MOSCOW_PAGES / "1.htm"), check=True)
    edits = [
        ("statement", "5", "birth", "1901", "--date", "1901", "--place", "Тифлис"),
        ("statement", "7", "sentence", "ВМН", "--corrects", "0", "--date", "1937-11"),
        ("judge", "1", "400", "different", "--score", "0.25"),
        ("redact", "3"),
    ]
    for args in edits:
        archive.run(*args, "--reason", "tamper test", "--by", "editor", check=True)
    bundle = folder / "pristine.bundle"
    archive.run("export", str(bundle), check=True)
    with sqlite3.connect(archive.target) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return archive, bundle


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite only: it ran in the suite's SQLite pass")
def test_a_thousand_random_tamperings_are_all_detected(tmp_path: Path) -> None:
    archive, bundle = _pristine(tmp_path)
    config = {
        "pristine": archive.target,
        "keys": str(archive.keys),
        "bundle": str(bundle),
        "work": str(tmp_path / "work"),
        "seed": SEED,
        "db": DB_TAMPERINGS,
        "bundles": BUNDLE_TAMPERINGS,
    }
    (tmp_path / "config.json").write_text(json.dumps(config))
    env = {k: v for k, v in os.environ.items() if k != "UNPERSONED_DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-m", "tests.test_tamper", str(tmp_path / "config.json")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads((tmp_path / "work" / "results.json").read_text())
    _report(found)
    missed = [t for t in found["tamperings"] if not t["detected"]]
    assert not missed, json.dumps(missed[:20], ensure_ascii=False, indent=1)
    assert found["counted"]["database"] == DB_TAMPERINGS
    assert found["counted"]["bundle"] == BUNDLE_TAMPERINGS
    # every kind was drawn and counted: none silently turned into a no-op that is skipped
    assert len(found["by_kind"]) >= 35, sorted(found["by_kind"])
    assert min(found["by_kind"].values()) >= 3, found["by_kind"]
    assert min(found["by_archive"].values()) >= 100, found["by_archive"]


def _report(found: dict[str, Any]) -> None:
    counted = found["counted"]["database"] + found["counted"]["bundle"]
    summary = {
        "tamperings": counted,
        "detected": sum(1 for t in found["tamperings"] if t["detected"]),
        "counted": found["counted"],
        "by_archive": found["by_archive"],
        "by_kind": dict(sorted(found["by_kind"].items())),
        "skipped": found["skipped"],
        "seed": SEED,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n")
    print(f"\ntamperings detected: {summary['detected']:,} of {counted:,}")
    for kind, n in summary["by_kind"].items():
        print(f"  {kind:<40} {n:>5}")
    for reason, n in sorted(found["skipped"].items()):
        print(f"  skipped, {reason}: {n}")


# -- the helper process: python -m tests.test_tamper CONFIG ----------------------------------


class Skip(Exception):
    """Draw another: this one would change nothing, the database refuses it, or it touches
    what nothing can attest — an earlier signed head (the last one covers every entry, and
    nothing records that an earlier one existed) or the digest of a withheld copy (the text
    it addresses never came; see the xfail in test_ledger.py)."""


NO_CHANGE = "no change"
REFUSED = "refused by the database"
EARLIER_HEAD = "an earlier signed head"
UNHASHED_COLUMN = "a column outside the hashes"
WITHHELD_DIGEST = "the digest of a withheld copy (known gap)"


def _columns(db: sqlite3.Connection, table: str) -> dict[str, str]:
    return {row[1]: row[2].lower() for row in db.execute(f"PRAGMA table_info({table})")}


def _random_row(rng: random.Random, db: sqlite3.Connection, table: str) -> dict[str, Any]:
    where = RARE[table] if table in RARE and rng.random() < 0.15 else "1 = 1"
    (count,) = db.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}").fetchone()
    if not count:
        raise Skip(NO_CHANGE)
    cursor = db.execute(
        f"SELECT rowid AS rowid_, * FROM {table} WHERE {where} ORDER BY rowid LIMIT 1 OFFSET ?",
        [rng.randrange(count)],
    )
    names = [d[0] for d in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


def _changed_text(rng: random.Random, value: str) -> str:
    if not value:
        return rng.choice(TEXT_CHARS)
    i = rng.randrange(len(value))
    how = rng.choice(("replace", "replace", "insert", "delete", "empty"))
    if how == "insert":
        return value[:i] + rng.choice(TEXT_CHARS) + value[i:]
    if how == "delete":
        return value[:i] + value[i + 1 :]
    if how == "empty":
        return ""
    # a hex digit stays a lower-case hex digit, so the change is never one of case only
    alphabet = HEX if all(c in HEX for c in value) else TEXT_CHARS
    return value[:i] + rng.choice([c for c in alphabet if c != value[i]]) + value[i + 1 :]


def _changed(rng: random.Random, value: Any, column: str, kind: str) -> Any:
    """Another value of the same type (so column affinity cannot turn it back)."""
    if column == "alternative":  # a boolean: only its truth counts
        return 0 if value else 1
    if value is None:
        if "int" in kind or "bool" in kind:
            return rng.randint(0, 50)
        return 0.5 if kind in ("real", "float") else rng.choice(("1937", "x", "{}"))
    if isinstance(value, bool | int):
        return value + rng.choice((1, -1, rng.randint(2, 1000), -value - 1 if value else 7))
    if isinstance(value, float):
        return rng.choice((value + 0.001, 1.0 - value if value != 0.5 else 0.75, value * 2 + 1))
    if rng.random() < 0.05:
        return None
    return _changed_text(rng, value)


def _key_of(table: str, row: dict[str, Any]) -> str:
    if table == "statement":
        return f"{row['record_id']}/{row['ordinal']}"
    return str(row.get("id", row.get("seq", row.get("size"))))


def _update(db: sqlite3.Connection, table: str, rowid: int, values: dict[str, Any]) -> None:
    sets = ", ".join(f"{name} = ?" for name in values)
    try:
        db.execute(f"UPDATE {table} SET {sets} WHERE rowid = ?", [*values.values(), rowid])
    except sqlite3.IntegrityError:
        raise Skip(REFUSED) from None


def _insert(db: sqlite3.Connection, table: str, row: dict[str, Any]) -> None:
    row = {k: v for k, v in row.items() if k != "rowid_"}
    marks = ", ".join("?" for _ in row)
    try:
        db.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({marks})", list(row.values()))
    except sqlite3.IntegrityError:
        raise Skip(REFUSED) from None


def _is_withheld_copy(db: sqlite3.Connection, record_id: Any) -> bool:
    found = db.execute(
        "SELECT 1 FROM record WHERE id = ? AND raw = '' AND id IN "
        "(SELECT record_id FROM redaction)",
        [record_id],
    ).fetchone()
    return found is not None


def tamper_field(rng: random.Random, db: sqlite3.Connection, keys: Path) -> tuple[str, str]:
    table = rng.choice(list(COVERED))
    column = rng.choice((*COVERED[table], *(["entry"] if table in WITH_ENTRY else [])))
    row = _random_row(rng, db, table)
    old = row[column]
    new = _changed(rng, old, column, _columns(db, table)[column])
    if new == old and type(new) is type(old):
        raise Skip(NO_CHANGE)
    if (table, column) == ("record", "digest") and _is_withheld_copy(db, row["id"]):
        raise Skip(WITHHELD_DIGEST)
    _update(db, table, row["rowid_"], {column: new})
    return (
        f"change a field: {table}",
        f"{table} {_key_of(table, row)} {column}: {old!r:.40} -> {new!r:.40}",
    )


def tamper_delete(rng: random.Random, db: sqlite3.Connection, keys: Path) -> tuple[str, str]:
    table = rng.choice(list(COVERED))
    row = _random_row(rng, db, table)
    if table == "tree_head":
        (last,) = db.execute("SELECT MAX(size) FROM tree_head").fetchone()
        if row["size"] != last:
            raise Skip(EARLIER_HEAD)
    db.execute(f"DELETE FROM {table} WHERE rowid = ?", [row["rowid_"]])
    return f"delete a row: {table}", f"{table} {_key_of(table, row)}"


def tamper_insert(rng: random.Random, db: sqlite3.Connection, keys: Path) -> tuple[str, str]:
    table = rng.choice(list(COVERED))
    row = _random_row(rng, db, table)
    if table == "statement":  # a new statement, for its record or another
        (top,) = db.execute("SELECT MAX(id) FROM record").fetchone()
        record = rng.choice((row["record_id"], rng.randint(1, top)))
        (last,) = db.execute(
            "SELECT COALESCE(MAX(ordinal), -1) FROM statement WHERE record_id = ?", [record]
        ).fetchone()
        row.update(record_id=record, ordinal=last + 1)
        if rng.random() < 0.5:  # as if an editor had written it
            row.update(predicate="birth", value="1899", date="1899", entry=rng.randint(0, 6))
        _insert(db, table, row)
        return "insert a row: statement", f"statement {record}/{last + 1}"
    key = {"ledger_entry": "seq", "tree_head": "size"}.get(table, "id")
    (top,) = db.execute(f"SELECT MAX({key}) FROM {table}").fetchone()
    copied = row[key]
    row[key] = top + 1
    if table == "source":  # the columns that must be unique
        row["key"] += "-copy"
    elif table == "source_file":
        row["sha256"] = hashlib.sha256(row["sha256"].encode()).hexdigest()
    elif table == "record":
        row["digest"] = hashlib.sha256(row["digest"].encode()).hexdigest()
    elif table == "ledger_entry" and rng.random() < 0.5:
        # a well-formed entry: its own leaf, linked to the last; only no signed head has it
        from unpersoned.archive.ledger import ENTRY_FIELDS, entry_leaf

        (prev,) = db.execute("SELECT leaf FROM ledger_entry WHERE seq = ?", [top]).fetchone()
        row.update(prev=prev, reason="an entry slipped in")
        row["leaf"] = entry_leaf({k: row[k] for k in ENTRY_FIELDS}).hex()
    _insert(db, table, row)
    return f"insert a row: {table}", f"{table} {row[key]}, a copy of {copied}"


def tamper_reorder(rng: random.Random, db: sqlite3.Connection, keys: Path) -> tuple[str, str]:
    if rng.random() < 0.6:  # two ledger entries trade places
        table, fixed = "ledger_entry", ("seq",)
        (count,) = db.execute("SELECT COUNT(*) FROM ledger_entry").fetchone()
        a, b = rng.sample(range(count), 2)
        cursors = [
            db.execute("SELECT rowid, * FROM ledger_entry WHERE seq = ?", [s]) for s in (a, b)
        ]
    else:  # two statements of a record
        table, fixed = "statement", ("record_id", "ordinal")
        (top,) = db.execute("SELECT MAX(id) FROM record").fetchone()
        record = rng.randint(1, top)
        found = db.execute("SELECT ordinal FROM statement WHERE record_id = ?", [record])
        ordinals = [o for (o,) in found]
        if len(ordinals) < 2:
            raise Skip(NO_CHANGE)
        a, b = rng.sample(ordinals, 2)
        cursors = [
            db.execute(
                "SELECT rowid, * FROM statement WHERE record_id = ? AND ordinal = ?", [record, o]
            )
            for o in (a, b)
        ]
    names = [d[0] for d in cursors[0].description]
    first, second = (dict(zip(names, c.fetchone(), strict=True)) for c in cursors)
    moved = [n for n in names if n not in (*fixed, "rowid")]
    if all(first[n] == second[n] for n in moved):
        raise Skip(NO_CHANGE)
    _update(db, table, first["rowid"], {n: second[n] for n in moved})
    _update(db, table, second["rowid"], {n: first[n] for n in moved})
    return f"reorder: {table}", f"swap {table} {a} and {b}"


def tamper_signature(rng: random.Random, db: sqlite3.Connection, keys: Path) -> tuple[str, str]:
    how = rng.choice(("head", "head", "forged", "witness"))
    if how == "witness":  # the key folder's record of the last head
        path = keys / "head.json"
        head = json.loads(path.read_text())
        field = rng.choice(("signature", "root", "size", "at"))
        if field == "size":
            head["size"] += rng.choice((1, -1))
        else:
            head[field] = _changed_text(rng, head[field]) or "0"
        path.write_text(json.dumps(head))
        return "signature: the witness file", f"the witness's {field}"
    row = _random_row(rng, db, "tree_head")
    if how == "forged":
        # a head with the ledger's real root and a good signature, by a key nobody trusts
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        from unpersoned.archive.keys import head_message

        other = Ed25519PrivateKey.generate()
        signature = other.sign(head_message(row["size"], row["root"], row["at"])).hex()
        key = other.public_key().public_bytes_raw().hex()
        _update(db, "tree_head", row["rowid_"], {"key": key, "signature": signature})
        return "signature: forged with another key", f"tree_head {row['size']}"
    signature = row["signature"]
    i = rng.randrange(len(signature))
    new = signature[:i] + rng.choice([c for c in HEX if c != signature[i]]) + signature[i + 1 :]
    _update(db, "tree_head", row["rowid_"], {"signature": new})
    return "signature: a tree_head's altered", f"tree_head {row['size']} hex digit {i}"


DB_KINDS = {
    tamper_field: 50,
    tamper_delete: 18,
    tamper_insert: 15,
    tamper_reorder: 8,
    tamper_signature: 9,
}


# -- bundles ---------------------------------------------------------------------------------

BUNDLE_KINDS = {
    "bundle: flip a byte": 25,
    "bundle: truncate": 15,
    "bundle: drop a line": 10,
    "bundle: swap two lines": 8,
    "bundle: alter the signature": 6,
    "bundle: alter the manifest": 6,
    # the exporting archive was damaged before it signed: only the rows can tell
    "bundle: edit a value, re-signed": 18,
    "bundle: withhold a record, re-signed": 4,
    "bundle: drop a line, re-signed": 5,
    "bundle: swap two lines, re-signed": 4,
    "bundle: repeat a line, re-signed": 3,
}


class Bundle:
    """The exported bundle, split into lines, each line's kind noted once."""

    def __init__(self, data: bytes, keys: Any) -> None:
        self.data = data
        self.keys = keys
        lines = data.splitlines(keepends=True)
        self.body, self.manifest_line = lines[:-1], lines[-1]
        self.signed = json.loads(self.manifest_line)
        self.kinds: dict[str, list[int]] = {}
        for i, line in enumerate(self.body):
            item = json.loads(line)
            kind = "withheld" if "withheld" in item else next(iter(item))
            self.kinds.setdefault(kind, []).append(i)

    def kind_of(self, i: int) -> str:
        return next(k for k, lines in self.kinds.items() if i in lines)

    def some_line(self, rng: random.Random, kind: str | None = None) -> int:
        """A line of a kind drawn first: a head or a redaction as likely as a record."""
        return rng.choice(self.kinds[kind or rng.choice(sorted(self.kinds))])

    def with_manifest(self, body: list[bytes], signed: dict[str, Any]) -> bytes:
        return b"".join(body) + json.dumps(signed, separators=(",", ":")).encode() + b"\n"

    def resigned(self, body: list[bytes]) -> bytes:
        """`body` under a fresh manifest, signed by the exporting (trusted) archive's key."""
        from unpersoned.archive.hashing import canonical

        manifest = {
            **self.signed["manifest"],
            "lines": len(body),
            "sha256": hashlib.sha256(b"".join(body)).hexdigest(),
        }
        signature = self.keys.sign(canonical(manifest))[1]
        return self.with_manifest(body, {"manifest": manifest, "signature": signature})

    def mutation(self, rng: random.Random) -> tuple[str, str, bytes]:
        """One damaged copy: (kind, what was done, bytes)."""
        kind = rng.choices(list(BUNDLE_KINDS), list(BUNDLE_KINDS.values()))[0]
        data, body = self.data, list(self.body)
        if kind == "bundle: flip a byte":
            i = rng.randrange(len(data))
            out = data[:i] + bytes([data[i] ^ rng.randint(1, 255)]) + data[i + 1 :]
            if self._same_manifest(out):
                raise Skip(NO_CHANGE)  # a hex digit of the signature in capitals
            return kind, f"byte {i}", out
        if kind == "bundle: truncate":
            cut = rng.randrange(len(data))
            return kind, f"at byte {cut}", data[:cut]
        lines = [*body, self.manifest_line]
        if kind == "bundle: drop a line":
            i = rng.randrange(len(lines))
            del lines[i]
            return kind, f"line {i + 1}", b"".join(lines)
        if kind == "bundle: swap two lines":
            a, b = rng.sample(range(len(lines)), 2)
            if lines[a] == lines[b]:
                raise Skip(NO_CHANGE)
            lines[a], lines[b] = lines[b], lines[a]
            return kind, f"lines {a + 1} and {b + 1}", b"".join(lines)
        signed = json.loads(self.manifest_line)
        if kind == "bundle: alter the signature":
            sig = signed["signature"]
            i = rng.randrange(len(sig))
            signed["signature"] = sig[:i] + rng.choice(HEX.replace(sig[i], "")) + sig[i + 1 :]
            return kind, f"hex digit {i}", self.with_manifest(body, signed)
        if kind == "bundle: alter the manifest":
            manifest = signed["manifest"]
            field = rng.choice(("lines", "sha256", "created", "key", "head"))
            if field == "lines":
                manifest["lines"] += rng.choice((1, -1))
            elif field == "head":
                manifest["head"]["root"] = _changed_text(rng, manifest["head"]["root"]) or "0"
            else:
                manifest[field] = _changed_text(rng, manifest[field]) or "0"
            return kind, field, self.with_manifest(body, signed)
        if kind == "bundle: withhold a record, re-signed":
            # its text and statements dropped, as if redacted, though no redaction says so
            i = self.some_line(rng, "record")
            item = json.loads(body[i])
            item["record"][3] = item["record"][4] = ""
            del item["statements"]
            item["withheld"] = 1
            body[i] = json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
            return kind, f"line {i + 1}", self.resigned(body)
        i = self.some_line(rng)
        what = f"line {i + 1} ({self.kind_of(i)})"
        if kind == "bundle: edit a value, re-signed":
            body[i], change = self._edited(rng, i)
            what += f" {change}"
        elif kind == "bundle: drop a line, re-signed":
            if self.kind_of(i) == "head":
                raise Skip(EARLIER_HEAD)  # the manifest's head stands for the last one
            del body[i]
        elif kind == "bundle: swap two lines, re-signed":
            j = rng.randrange(len(body))
            body[i], body[j] = body[j], body[i]
            if _meaning(body) == _meaning(self.body):
                raise Skip(NO_CHANGE)  # e.g. two heads, or two rows of one entry
            what += f" and {j + 1}"
        else:
            if self.kind_of(i) == "head":
                raise Skip(NO_CHANGE)  # a head twice is one head
            body.insert(i, body[i])
        return kind, what, self.resigned(body)

    def _edited(self, rng: random.Random, i: int) -> tuple[bytes, str]:
        """Line `i` with one value changed, anywhere in it (inside JSON text too)."""
        item = json.loads(self.body[i])
        path = rng.choice(_paths(item))
        if path == ("path",):
            raise Skip(UNHASHED_COLUMN)
        if self.kind_of(i) == "withheld" and path == ("record", 5):
            raise Skip(WITHHELD_DIGEST)
        holder = item
        for step in path[:-1]:
            holder = holder[step]
        old = holder[path[-1]]
        if path == ("withheld",):
            new: Any = 0
        elif isinstance(old, str) and old.startswith("{") and rng.random() < 0.5:
            # an entry's detail or a statement's qualifiers: a value inside the JSON text
            inner = json.loads(old)
            inner_path = rng.choice(_paths(inner))
            if not inner_path:
                raise Skip(NO_CHANGE)
            box = inner
            for step in inner_path[:-1]:
                box = box[step]
            box[inner_path[-1]] = _changed(rng, box[inner_path[-1]], "", "text")
            new = json.dumps(inner, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        else:
            new = _changed(rng, old, str(path[-1]), "text")
        if new == old and type(new) is type(old):
            raise Skip(NO_CHANGE)
        holder[path[-1]] = new
        line = json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
        return line, f"{'/'.join(map(str, path))}: {old!r:.40} -> {new!r:.40}"

    def _same_manifest(self, out: bytes) -> bool:
        """Whether a damaged copy has the very body and manifest, and the same signature."""
        start = len(self.data) - len(self.manifest_line)
        if out[:start] != self.data[:start] or not out.endswith(b"\n"):
            return False
        try:
            a, b = json.loads(out[start:]), self.signed
            return a["manifest"] == b["manifest"] and bytes.fromhex(
                a["signature"]
            ) == bytes.fromhex(b["signature"])
        except (ValueError, KeyError, TypeError):
            return False


def _meaning(body: list[bytes]) -> tuple[Any, ...]:
    """What a feed says, whatever the order of what may come in any order: each entry with
    its records in order and its other rows as a multiset; the heads as a multiset."""
    groups: list[tuple[bytes, list[bytes], list[bytes]]] = [(b"", [], [])]
    heads = []
    for line in body:
        if line.startswith(b'{"head"'):
            heads.append(line)
        elif line.startswith(b'{"entry"'):
            groups.append((line, [], []))
        elif line.startswith(b'{"record"'):
            groups[-1][1].append(line)
        else:
            groups[-1][2].append(line)
    return tuple((e, tuple(r), tuple(sorted(o))) for e, r, o in groups), tuple(sorted(heads))


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path to every scalar inside a JSON value."""
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _paths(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _paths(v, (*path, i))]
    return [path]


# -- the loops -------------------------------------------------------------------------------


def _use(path: Path) -> None:
    """Point Django's connection at another SQLite file."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = str(path)


def _fresh_copy(source: Path, target: Path) -> None:
    from django.db import connection

    connection.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)


def _checkpointed(path: Path) -> None:
    from django.db import connection

    connection.close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _check_columns(path: Path) -> None:
    with sqlite3.connect(path) as db:
        for table in COVERED:
            names = set(_columns(db, table)) - UNHASHED.get(table, set())
            wanted = set(COVERED[table]) | ({"entry"} if table in WITH_ENTRY else set())
            assert names == wanted, f"{table}: columns {sorted(names ^ wanted)} are new or gone"


def _database_tamperings(
    bases: dict[str, tuple[Path, Path]], work: Path, rng: random.Random, out: dict[str, Any]
) -> None:
    from unpersoned.archive.keys import Keyring
    from unpersoned.archive.verify import verify

    target = work / "tampered.sqlite3"
    _use(target)
    functions, weights = list(DB_KINDS), list(DB_KINDS.values())
    counted = 0
    while counted < out["wanted"]["database"]:
        name = rng.choices(list(bases), (75, 25))[0]
        pristine, pristine_keys = bases[name]
        tamper = rng.choices(functions, weights)[0]
        _fresh_copy(pristine, target)
        keys = work / "tampered.keys"
        shutil.rmtree(keys, ignore_errors=True)
        shutil.copytree(pristine_keys, keys)
        db = sqlite3.connect(target)
        try:
            kind, what = tamper(rng, db, keys)
            db.commit()
        except Skip as skip:
            out["skipped"][str(skip)] += 1
            continue
        finally:
            db.close()
        report = verify(Keyring(keys))
        counted += 1
        out["by_kind"][kind] += 1
        out["by_archive"][name] += 1
        out["tamperings"].append(
            {
                "kind": kind,
                "archive": name,
                "what": what,
                "detected": not report.ok,
                "problems": [str(p) for p in report.problems[:3]],
            }
        )
    out["counted"]["database"] = counted


def _bundle_tamperings(
    bundle: Bundle, empty: Path, work: Path, rng: random.Random, out: dict[str, Any]
) -> None:
    from django.db import connection

    from unpersoned.archive.bundle import import_bundle
    from unpersoned.archive.keys import Keyring
    from unpersoned.archive.receive import FeedError

    target, damaged = work / "import.sqlite3", work / "damaged.bundle"
    keys = Keyring(work / "import.keys")
    trusted = {bundle.keys.public_hex()}
    _fresh_copy(empty, target)
    _use(target)
    counted = 0
    while counted < out["wanted"]["bundle"]:
        try:
            kind, what, data = bundle.mutation(rng)
        except Skip as skip:
            out["skipped"][str(skip)] += 1
            continue
        damaged.write_bytes(data)
        counted += 1
        out["by_kind"][kind] += 1
        outcome = "accepted"
        try:
            import_bundle(damaged, keys, trusted)
        except FeedError as exc:  # BundleError is one
            outcome = f"refused: {exc}"
        except Exception as exc:  # a crash is no clear reason
            outcome = f"crashed: {exc!r}"
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT COUNT(*) FROM ledger_entry), (SELECT COUNT(*) FROM record)"
            )
            unchanged = tuple(cursor.fetchone()) == (0, 0) and not keys.folder.exists()
        out["tamperings"].append(
            {
                "kind": kind,
                "what": f"{what}: {outcome[:300]}",
                "detected": outcome.startswith("refused") and unchanged,
            }
        )
        if not unchanged:
            _fresh_copy(empty, target)
            shutil.rmtree(keys.folder, ignore_errors=True)
    out["by_archive"]["empty, importing"] = counted
    out["counted"]["bundle"] = counted


def main(config_path: str) -> None:
    config = json.loads(Path(config_path).read_text())
    work = Path(config["work"])
    work.mkdir(parents=True, exist_ok=True)
    os.environ.pop("UNPERSONED_DATABASE_URL", None)
    os.environ["UNPERSONED_DB"] = str(work / "empty.sqlite3")
    os.environ["UNPERSONED_KEYS"] = str(work / "unused.keys")
    os.environ["DJANGO_SETTINGS_MODULE"] = "unpersoned.settings"
    import django
    from django.core.management import call_command

    django.setup()
    from unpersoned.archive.bundle import import_bundle
    from unpersoned.archive.keys import Keyring
    from unpersoned.archive.verify import verify

    pristine, pristine_keys = Path(config["pristine"]), Path(config["keys"])
    _check_columns(pristine)
    exporter = Keyring(pristine_keys)
    empty = work / "empty.sqlite3"
    _use(empty)
    call_command("migrate", verbosity=0, interactive=False)
    _checkpointed(empty)
    # the second archive: the bundle as exported, taken in (the redacted record withheld)
    copy, copy_keys = work / "copy.sqlite3", work / "copy.keys"
    _fresh_copy(empty, copy)
    _use(copy)
    assert import_bundle(Path(config["bundle"]), Keyring(copy_keys), {exporter.public_hex()})
    _checkpointed(copy)
    bases = {"origin": (pristine, pristine_keys), "imported copy": (copy, copy_keys)}
    for path, keys in bases.values():
        _use(path)
        assert verify(Keyring(keys)).ok, f"{path} does not verify before any tampering"
        _checkpointed(path)
    rng = random.Random(config["seed"])
    out: dict[str, Any] = {
        "wanted": {"database": config["db"], "bundle": config["bundles"]},
        "counted": {},
        "by_kind": Counter(),
        "by_archive": Counter(),
        "skipped": Counter(),
        "tamperings": [],
    }
    _database_tamperings(bases, work, rng, out)
    bundle = Bundle(Path(config["bundle"]).read_bytes(), exporter)
    _bundle_tamperings(bundle, empty, work, rng, out)
    (work / "results.json").write_text(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
