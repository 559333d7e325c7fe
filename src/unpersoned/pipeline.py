"""Parsing many records fast: batches, optionally spread over worker processes.

Records arrive as one stream tagged with the file they come from (`Tagged`), so batches run
across file boundaries and a pool of workers stays busy however small each file is. A batch
becomes a `ParsedBatch` of plain rows (record text, digest, statement tuples) plus coverage
counts per file: rows of plain values cross process boundaries cheaply.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, NamedTuple

from .archive.hashing import qualifiers_text, record_state
from .coverage import Coverage, Observation, observe
from .model import SourceRecord
from .parse import parse_record

BATCH = 1000
StatementRow = tuple[
    int, str, str, str | None, str | None, str | None, int | None, int | None, bool
]


class Tagged(NamedTuple):
    """A record with the index of its file in the ingest and its source's key."""

    file: int
    source_key: str
    record: SourceRecord


class ParsedRow(NamedTuple):
    """What the parse adds to a record: digest, statements as plain tuples, coverage facts,
    and the record's state hash (computed here, in the workers, so the ledger costs the
    writer little)."""

    digest: str
    statements: list[StatementRow]
    observation: Observation
    state: str


@dataclass
class ParsedBatch:
    """A batch of records with their parse: `rows[i]` belongs to `records[i]`.

    Workers send back only `rows` and `coverage`: the records themselves never left here.
    """

    records: list[Tagged] = field(default_factory=list)
    rows: list[ParsedRow] = field(default_factory=list)
    # counted here, per file, so the writer adds one Coverage a batch, not one a record
    coverage: dict[int, Coverage] = field(default_factory=dict)


def record_digest(source_key: str, locator: str, raw: str) -> str:
    """The content address of a record: SHA-256 over its source, locator and text."""
    h = hashlib.sha256()
    for part in (source_key, locator, raw):
        data = part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def parse_batch(records: list[Tagged]) -> ParsedBatch:
    """Parse a batch of records into rows for the archive, with what each adds to coverage.

    The returned batch carries no records (see `BatchParser.batches`, which adds them back).
    """
    batch = ParsedBatch()
    for file, source_key, record in records:
        parsed = parse_record(record)
        rows: list[StatementRow] = [
            (
                n,
                s.predicate,
                s.value,
                s.date,
                s.place,
                qualifiers_text(s.qualifiers) if s.qualifiers else None,
                s.span[0] if s.span else None,
                s.span[1] if s.span else None,
                s.alternative,
            )
            for n, s in enumerate(parsed.statements)
        ]
        seen = observe(parsed, has_name="name_span" in record.hints)
        coverage = batch.coverage.get(file)
        if coverage is None:
            coverage = batch.coverage[file] = Coverage()
        coverage.count(seen, record.locator)
        digest = record_digest(source_key, record.locator, record.raw)
        batch.rows.append(ParsedRow(digest, rows, seen, record_state(digest, rows)))
    return batch


def default_workers() -> int:
    """Worker processes for parsing: one per core."""
    return max(1, os.cpu_count() or 1)


_GC_THRESHOLD = (200_000, 50, 50)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector rarely while parsing.

    A parse makes many small objects and no cycles; Python's default thresholds would run a
    collection every few records, about a fifth of the parse time.
    """
    old = gc.get_threshold()
    gc.set_threshold(*_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _worker_start() -> None:
    gc.set_threshold(*_GC_THRESHOLD)


class BatchParser:
    """Parses a stream of tagged records in batches, here or in a pool of worker processes.

    Reading stays in this process, so a reader's error surfaces here with its position; at
    most 2 × workers batches are in flight, so memory stays flat however long the input.
    """

    def __init__(self, workers: int = 1, batch: int = BATCH) -> None:
        self.workers = workers
        self.batch = batch
        self._pool: Any = None
        self._gc = fewer_collections()

    def __enter__(self) -> BatchParser:
        self._gc.__enter__()
        if self.workers > 1:
            context = multiprocessing.get_context("fork")
            self._pool = context.Pool(self.workers, initializer=_worker_start)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
        self._gc.__exit__(*exc)

    def batches(self, records: Iterable[Tagged]) -> Iterator[ParsedBatch]:
        """Batches of parsed records, in input order."""
        iterator = iter(records)
        jobs = iter(lambda: list(islice(iterator, self.batch)), [])
        if self._pool is None:
            for job in jobs:
                yield _joined(job, parse_batch(job))
            return
        pending: list[tuple[list[Tagged], Any]] = []
        for job in jobs:
            pending.append((job, self._pool.apply_async(parse_batch, (job,))))
            if len(pending) >= 2 * self.workers:
                done, result = pending.pop(0)
                yield _joined(done, result.get())
        for done, result in pending:
            yield _joined(done, result.get())


def _joined(records: list[Tagged], batch: ParsedBatch) -> ParsedBatch:
    """The batch with its records put back (workers send only what the parse added)."""
    batch.records = records
    return batch
