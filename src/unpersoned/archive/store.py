"""Writing an ingest: all files of one call in one transaction, in batches.

The ORM defines the tables; the hot path writes with plain `executemany` (SQLite) or `COPY`
(PostgreSQL), because building a model object per statement would cost more than the parse.
Record ids are taken ahead of the insert so a batch of statements can point at them. A file
whose checksum is known, or a record whose digest is known, is skipped: reading twice adds
nothing. Any error rolls the whole call back, and a kill leaves the last commit untouched.

Each file read becomes one ledger entry (`archive.ledger`) naming the hashes of its source,
its file row and, in one running hash, every record it added with its statements.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from ..coverage import Coverage
from ..model import SourceRecord
from ..pipeline import BatchParser, ParsedBatch, Tagged
from ..readers import SourceInfo, open_source, reader_for
from ..readers.errors import check_file
from .hashing import (
    FILE_COLUMNS,
    RECORD_COLUMNS,
    SOURCE_COLUMNS,
    STATEMENT_COLUMNS,
    file_hash,
    record_line,
    source_hash,
)
from .ledger import LedgerWriter
from .models import Source, SourceFile

_STATEMENT_COLUMNS = ("record_id", *STATEMENT_COLUMNS)


@dataclass
class IngestReport:
    """What an ingest did, per source and in all."""

    files_read: int = 0
    files_skipped: int = 0
    records_added: int = 0
    records_skipped: int = 0
    statements_added: int = 0
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "files_read": self.files_read,
            "files_skipped": self.files_skipped,
            "records_added": self.records_added,
            "records_skipped": self.records_skipped,
            "statements_added": self.statements_added,
            "sources": self.sources,
        }


def file_sha256(path: Path) -> tuple[str, int]:
    """The SHA-256 and size of a file, read in 1 MiB chunks."""
    h = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def file_identity(fmt: str, path: Path) -> tuple[str, int]:
    """The checksum that identifies a file as read: its own, and its companions' (the
    lists.jsonl beside a persons.jsonl), since they change what its records say."""
    companions = getattr(reader_for(fmt), "companions", None)
    extra = companions(path) if companions else []
    sha, size = file_sha256(path)
    if not extra:
        return sha, size
    h = hashlib.sha256(sha.encode())
    for other in extra:
        h.update(file_sha256(other)[0].encode())
    return h.hexdigest(), size


@dataclass
class _FileState:
    """One file of the ingest: its rows, and what its records came to."""

    path: Path
    info: SourceInfo
    source: Source
    row: SourceFile
    coverage: Coverage = field(default_factory=Coverage)
    added: int = 0
    skipped: int = 0
    statements: int = 0
    ordinal: int = 0
    entry: int = 0
    first_id: int | None = None
    last_id: int | None = None
    # the records this file added, in id order, as its ledger entry will hash them
    hasher: Any = field(default_factory=hashlib.sha256)


class _Writer:
    """Writes parsed batches: records new to the archive, and their statements."""

    def __init__(self, files: list[_FileState], next_id: Callable[[int], list[int]]) -> None:
        self.files = files
        self.next_id = next_id
        self.vendor = connection.vendor

    def write(self, batch: ParsedBatch) -> None:
        # A digest written by an earlier batch is found by _known (the transaction sees its
        # own rows); only repeats within this batch need a set, so memory stays flat.
        fresh = []
        seen: set[str] = set()
        for tagged, row in zip(batch.records, batch.rows, strict=True):
            state = self.files[tagged.file]
            state.ordinal += 1
            if row.digest in seen:
                state.skipped += 1
                state.coverage.uncount(row.observation)
                continue
            seen.add(row.digest)
            fresh.append((state, state.ordinal, tagged.record, row))
        known = self._known([row.digest for *_, row in fresh]) if fresh else set()
        for file, coverage in batch.coverage.items():
            self.files[file].coverage.merge(coverage)
        new = []
        for item in fresh:
            if item[3].digest in known:
                item[0].skipped += 1
                item[0].coverage.uncount(item[3].observation)  # not kept: not counted
            else:
                new.append(item)
        ids = self.next_id(len(new)) if new else []
        records = []
        statements = []
        for record_id, (state, ordinal, record, row) in zip(ids, new, strict=True):
            records.append(
                (
                    record_id,
                    state.source.pk,
                    state.row.pk,
                    record.locator,
                    record.raw,
                    row.digest,
                    ordinal,
                    row.state,
                    state.entry,
                )
            )
            statements.extend((record_id, *s) for s in row.statements)
            state.hasher.update(record_line(record_id, state.row.pk, ordinal, row.state))
            if state.first_id is None:
                state.first_id = record_id
            state.last_id = record_id
            state.added += 1
            state.statements += len(row.statements)
        insert_rows("record", RECORD_COLUMNS, records)
        insert_rows("statement", _STATEMENT_COLUMNS, statements)

    def _known(self, digests: list[str]) -> set[str]:
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute("SELECT digest FROM record WHERE digest = ANY(%s)", [digests])
            else:
                marks = ",".join("%s" for _ in digests)
                cursor.execute(f"SELECT digest FROM record WHERE digest IN ({marks})", digests)
            return {row[0] for row in cursor.fetchall()}


def insert_rows(table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Insert many rows fast: COPY on PostgreSQL, sqlite3's own executemany on SQLite."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is several times faster than INSERT for PostgreSQL
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            # sqlite3's own executemany: Django's cursor wrapper re-reads every row first
            marks = ", ".join("?" for _ in columns)
            connection.connection.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
            )


def _id_allocator() -> Callable[[int], list[int]]:
    """Hands out record ids ahead of the insert (the transaction holds the write lock)."""
    if connection.vendor == "postgresql":

        def take(n: int) -> list[int]:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence('record', 'id')) "
                    "FROM generate_series(1, %s)",
                    [n],
                )
                return [row[0] for row in cursor.fetchall()]

        return take

    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM record")
        state = {"next": cursor.fetchone()[0] + 1}

    def take_sqlite(n: int) -> list[int]:
        start = state["next"]
        state["next"] += n
        return list(range(start, start + n))

    return take_sqlite


def _source_row(info: SourceInfo, fmt: str) -> tuple[Source, bool]:
    return Source.objects.get_or_create(
        key=info.key,
        defaults={
            "title": info.title,
            "publisher": info.publisher,
            "year": info.year,
            "language": info.language,
            "format": fmt,
            "provenance": info.provenance,
        },
    )


def _row(model: type, pk: int, columns: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(model.objects.filter(pk=pk).values_list(*columns).get())


def _log_file(ledger: LedgerWriter, state: _FileState, new_source: bool) -> None:
    """The file's ledger entry: what it added, by hash (see `archive.verify`)."""
    detail: dict[str, Any] = {
        "source_file": {str(state.row.pk): file_hash(_row(SourceFile, state.row.pk, FILE_COLUMNS))},
        "records": {
            "count": state.added,
            "first": state.first_id,
            "last": state.last_id,
            "hash": state.hasher.hexdigest(),
        },
    }
    if new_source:
        source_row = _row(Source, state.source.pk, SOURCE_COLUMNS)
        detail["source"] = {str(state.source.pk): source_hash(source_row)}
    seq = ledger.append(
        "ingest", f"{state.info.key}/{state.path.name}", state.hasher.hexdigest(), detail
    )
    assert seq == state.entry, (seq, state.entry)


def ingest(
    fmt: str,
    paths: Iterable[Path],
    mapping: dict[str, Any] | None = None,
    on_record: Callable[[int], None] | None = None,
    on_file: Callable[[Path, str], None] | None = None,
    workers: int = 1,
    actor: str | None = None,
    reason: str = "",
) -> IngestReport:
    """Read, parse and store `paths` of one format, all in one transaction.

    `on_record(n)` is called as records are stored (for a progress bar), `on_file(path,
    status)` when a file starts (`reading`) or is skipped (`known`). `workers` > 1 parses in
    that many processes while this one reads and writes. `actor` and `reason` go into the
    ledger. Raises ReadError on a bad file; nothing of the call is then stored.
    """
    paths = list(paths)
    for path in paths:  # before anything is written
        check_file(path)
    report = IngestReport()
    with BatchParser(workers) as parser, transaction.atomic():
        ledger = LedgerWriter(actor, reason or f"ingest {fmt}")
        files: list[_FileState] = []
        readers: list[Iterator[SourceRecord]] = []
        sources: dict[str, Source] = {}
        new_sources: set[int] = set()
        for path in paths:
            info, records = open_source(fmt, path, mapping)
            source = sources.get(info.key)
            if source is None:
                source, created = _source_row(info, fmt)
                if created:
                    new_sources.add(source.pk)
            sources[info.key] = source
            sha, size = file_identity(fmt, path)
            if SourceFile.objects.filter(source=source, sha256=sha).exists() or any(
                f.source.pk == source.pk and f.row.sha256 == sha for f in files
            ):
                report.files_skipped += 1
                if on_file:
                    on_file(path, "known")
                continue
            row = SourceFile.objects.create(
                source=source, name=path.name, path=str(path), sha256=sha, size=size
            )
            files.append(_FileState(path, info, source, row, entry=ledger.size + len(files)))
            readers.append(records)

        def tagged() -> Iterator[Tagged]:
            for index, (state, records) in enumerate(zip(files, readers, strict=True)):
                if on_file:
                    on_file(state.path, "reading")
                for record in records:
                    yield Tagged(index, state.info.key, record)

        writer = _Writer(files, _id_allocator())
        for batch in parser.batches(tagged()):
            writer.write(batch)
            if on_record:
                on_record(len(batch.records))
        coverages: dict[str, Coverage] = {}
        for state in files:
            state.row.record_count = state.added
            state.row.entry = state.entry
            state.row.save(update_fields=["record_count", "entry"])
            new_source = state.source.pk in new_sources
            if new_source:  # the first entry of a new source names it
                new_sources.discard(state.source.pk)
                Source.objects.filter(pk=state.source.pk).update(entry=state.entry)
            _log_file(ledger, state, new_source)
            coverages.setdefault(state.info.key, Coverage()).merge(state.coverage)
            report.files_read += 1
            report.records_added += state.added
            report.records_skipped += state.skipped
            report.statements_added += state.statements
        for key, coverage in coverages.items():
            source = sources[key]
            if coverage.records:
                source.coverage = Coverage.merge_json(source.coverage, coverage.as_json())
                source.save(update_fields=["coverage"])
            report.sources[key] = {"records_read": coverage.records}
        ledger.sign()
    return report
