"""Parsing many records fast: batches, optionally spread over worker processes.

A batch of `SourceRecord`s becomes a `ParsedBatch` of plain rows (record text, digest,
statement tuples) plus the batch's coverage counts, ready for the archive to write. Rows of
plain values cross process boundaries cheaply; dataclasses would cost more to pickle.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from .coverage import Coverage
from .model import SourceRecord
from .parse import parse_record

BATCH = 1000
StatementRow = tuple[
    int, str, str, str | None, str | None, str | None, int | None, int | None, bool
]


@dataclass
class ParsedRecordRow:
    locator: str
    raw: str
    digest: str
    statements: list[StatementRow]


@dataclass
class ParsedBatch:
    records: list[ParsedRecordRow] = field(default_factory=list)
    coverage: Coverage = field(default_factory=Coverage)


def record_digest(source_key: str, locator: str, raw: str) -> str:
    """The content address of a record: SHA-256 over its source, locator and text."""
    h = hashlib.sha256()
    for part in (source_key, locator, raw):
        data = part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def parse_batch(source_key: str, records: list[SourceRecord]) -> ParsedBatch:
    """Parse a batch of records into rows for the archive, counting coverage as it goes."""
    batch = ParsedBatch()
    dumps = json.dumps
    for record in records:
        parsed = parse_record(record)
        batch.coverage.add(parsed, has_name="name_span" in record.hints)
        rows: list[StatementRow] = [
            (
                n,
                s.predicate,
                s.value,
                s.date,
                s.place,
                dumps(s.qualifiers, ensure_ascii=False) if s.qualifiers else None,
                s.span[0] if s.span else None,
                s.span[1] if s.span else None,
                s.alternative,
            )
            for n, s in enumerate(parsed.statements)
        ]
        batch.records.append(
            ParsedRecordRow(
                record.locator,
                record.raw,
                record_digest(source_key, record.locator, record.raw),
                rows,
            )
        )
    return batch


def _parse_job(job: tuple[str, list[SourceRecord]]) -> ParsedBatch:
    return parse_batch(*job)


def default_workers() -> int:
    """Worker processes for parsing: one per core beyond the writer's, at least one."""
    return max(1, (os.cpu_count() or 1))


def parsed_batches(
    source_key: str, records: Iterable[SourceRecord], workers: int = 1, batch: int = BATCH
) -> Iterator[ParsedBatch]:
    """Batches of parsed records in input order; with workers > 1, parsed in other processes.

    Reading stays in this process (so a reader's error surfaces here, with its position) and
    at most 2 × workers batches are in flight, so memory stays flat however long the input.
    """
    iterator = iter(records)
    jobs = ((source_key, chunk) for chunk in iter(lambda: list(islice(iterator, batch)), []))
    if workers <= 1:
        for job in jobs:
            yield _parse_job(job)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        pending: list[Any] = []
        for job in jobs:
            pending.append(pool.apply_async(_parse_job, (job,)))
            if len(pending) >= 2 * workers:
                yield pending.pop(0).get()
        for result in pending:
            yield result.get()
