"""Parse and store all real records: parse alone, into SQLite, into PostgreSQL; peak memory.

    python bench/ingest_real.py [--postgres URL] [--workers 1 2]

The real lists: 11,789 Moscow entries (78 pages) and 46,464 Books-of-Memory biographies,
58,253 records. Each measurement runs in a fresh process, so its peak memory is its own.
Targets (issue 2): parsing ≥ 20,000 records/s; all real records parsed and stored in SQLite
in ≤ 15 s.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from common import DATA, ROOT, peak_rss_mb, print_table, write_result

SOURCES = [
    ("moscow", [DATA / "mos-memo-moscow" / "pages"]),
    ("memo", [DATA / "memo-lists-anon" / "texts.zip"]),
]


def _files(fmt: str, paths: list[Path]) -> list[Path]:
    from unpersoned.readers import reader_for

    out = []
    for path in paths:
        out.extend(sorted(path.glob(reader_for(fmt).GLOB[0])) if path.is_dir() else [path])
    return out


def measure_parse(workers: int) -> dict:
    from unpersoned.pipeline import BatchParser, Tagged
    from unpersoned.readers import open_source

    def stream():
        index = 0
        for fmt, paths in SOURCES:
            for path in _files(fmt, paths):
                info, records = open_source(fmt, path)
                for record in records:
                    yield Tagged(index, info.key, record)
                index += 1

    records = statements = 0
    start = time.perf_counter()
    with BatchParser(workers) as parser:
        for batch in parser.batches(stream()):
            records += len(batch.records)
            statements += sum(len(r.statements) for r in batch.rows)
    seconds = time.perf_counter() - start
    return {"records": records, "statements": statements, "seconds": seconds}


def measure_store(target: str, workers: int) -> dict:
    from unpersoned import db

    db.use_database(target)
    db.setup()
    from unpersoned.archive.store import ingest

    records = statements = 0
    start = time.perf_counter()
    for fmt, paths in SOURCES:
        report = ingest(fmt, _files(fmt, paths), workers=workers)
        records += report.records_added
        statements += report.statements_added
    seconds = time.perf_counter() - start
    return {"records": records, "statements": statements, "seconds": seconds}


def measure_read() -> dict:
    """Baseline: reading the files alone, no parsing — the floor of any ingest."""
    from unpersoned.readers import open_source

    records = 0
    start = time.perf_counter()
    for fmt, paths in SOURCES:
        for path in _files(fmt, paths):
            _info, source = open_source(fmt, path)
            records += sum(1 for _ in source)
    return {"records": records, "statements": 0, "seconds": time.perf_counter() - start}


def measure_orm(target: str) -> dict:
    """Baseline: the same parse stored through Django's ORM (bulk_create), one process."""
    from unpersoned import db

    db.use_database(target)
    db.setup()
    from django.db import transaction

    from unpersoned.archive.models import Record, Source, SourceFile, Statement
    from unpersoned.parse import parse_record
    from unpersoned.pipeline import record_digest
    from unpersoned.readers import open_source

    records = statements = 0
    start = time.perf_counter()
    for fmt, paths in SOURCES:
        with transaction.atomic():
            for path in _files(fmt, paths):
                info, source_records = open_source(fmt, path)
                source, _ = Source.objects.get_or_create(
                    key=info.key, defaults={"title": info.title, "format": fmt}
                )
                row = SourceFile.objects.create(
                    source=source, name=path.name, path=str(path), sha256=f"{path}", size=0
                )
                for n, record in enumerate(source_records):
                    parsed = parse_record(record)
                    rec = Record.objects.create(
                        source=source,
                        file=row,
                        locator=record.locator,
                        raw=record.raw,
                        digest=record_digest(info.key, record.locator, record.raw),
                        ordinal=n,
                    )
                    Statement.objects.bulk_create(
                        Statement(
                            record=rec,
                            ordinal=i,
                            predicate=s.predicate,
                            value=s.value,
                            date=s.date,
                            place=s.place,
                            qualifiers=s.qualifiers,
                            span_start=s.span[0] if s.span else None,
                            span_end=s.span[1] if s.span else None,
                            alternative=s.alternative,
                        )
                        for i, s in enumerate(parsed.statements)
                    )
                    records += 1
                    statements += len(parsed.statements)
    return {"records": records, "statements": statements, "seconds": time.perf_counter() - start}


def child(kind: str, target: str, workers: int) -> None:
    if kind == "read":
        result = measure_read()
    elif kind == "orm":
        result = measure_orm(target)
    else:
        result = measure_parse(workers) if kind == "parse" else measure_store(target, workers)
    result.update(peak_rss_mb=peak_rss_mb(), peak_rss_workers_mb=peak_rss_mb(children=True))
    print(json.dumps(result))


def run_child(kind: str, target: str, workers: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--target", target, "--workers", str(workers)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _postgres_database(url: str) -> tuple[str, callable]:
    import psycopg

    base = url.rsplit("/", 1)[0]
    name = f"unpersoned_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{base}/{name}", drop


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--child")
    parser.add_argument("--target", default="")
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    parser.add_argument(
        "--baseline",
        action="store_true",
        help="also store through Django's ORM, record by record (slow)",
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "UNPERSONED_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres"
        ),
    )
    args = parser.parse_args()
    if args.child:
        child(args.child, args.target, args.workers[0])
        return
    rows = [{"what": "baseline: read only", "workers": 1, **run_child("read", "", 1)}]
    if args.baseline:
        with tempfile.TemporaryDirectory() as folder:
            target = str(Path(folder) / "orm.sqlite3")
            rows.append(
                {
                    "what": "baseline: parse + Django ORM, SQLite",
                    "workers": 1,
                    **run_child("orm", target, 1),
                }
            )
    for workers in args.workers:
        rows.append({"what": "parse only", "workers": workers, **run_child("parse", "", workers)})
        with tempfile.TemporaryDirectory() as folder:
            target = str(Path(folder) / "bench.sqlite3")
            rows.append(
                {
                    "what": "parse + store, SQLite",
                    "workers": workers,
                    **run_child("store", target, workers),
                }
            )
        if args.postgres:
            target, drop = _postgres_database(args.postgres)
            try:
                rows.append(
                    {
                        "what": "parse + store, PostgreSQL",
                        "workers": workers,
                        **run_child("store", target, workers),
                    }
                )
            finally:
                drop()
    for row in rows:
        row["records_per_s"] = round(row["records"] / row["seconds"])
        row["seconds"] = round(row["seconds"], 2)
    print_table("Real lists: 58,253 records (Moscow 11,789 + Books of Memory 46,464)", rows)
    path = write_result(
        "ingest_real",
        {
            "data": {"moscow_records": 11_789, "memo_records": 46_464},
            "targets": {"parse_records_per_s": 20_000, "sqlite_seconds": 15},
            "rows": rows,
        },
    )
    print(f"written {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
