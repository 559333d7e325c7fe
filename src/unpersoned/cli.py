"""The `unpersoned` command: ingest, parse, stats, show; search and reindex; the ledger's
verify, export, import, mirror, log and proof; an editor's statement, judge and redact; key and
trust."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from . import db
from .archive.keys import KeyProblem
from .cli_common import (
    EXIT_DATABASE,
    ByOption,
    DbOption,
    FormatArg,
    MappingOption,
    PathsArg,
    ReasonOption,
    _fail,
    _setup,
    _use,
    app,
    err,
    out,
)
from .pipeline import default_workers
from .readers import FORMATS, ReadError, open_source, reader_for


def _natural(path: Path) -> list[Any]:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", path.name)]


def _expand(fmt: str, paths: list[Path]) -> list[Path]:
    """The files to read: folders expanded to the format's files, each file once."""
    patterns = reader_for(fmt).GLOB
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            # the first pattern that finds anything wins (texts.zip before texts.txt)
            found = next(
                (f for f in (sorted(path.glob(p), key=_natural) for p in patterns) if f), []
            )
            if not found:
                _fail(f"{path}: no {' or '.join(patterns)} in this folder for format {fmt!r}")
            files.extend(found)
        elif not path.exists():
            _fail(f"{path}: no such file")
        else:
            files.append(path)
    unique = {p.resolve(): p for p in reversed(files)}
    return [p for p in files if unique.get(p.resolve()) is p]


def _mapping(mapping: Path | None) -> dict[str, Any] | None:
    if mapping is None:
        return None
    from .readers.csv_mapped import load_mapping

    return load_mapping(mapping)


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        _fail(f"unknown format {fmt!r}; one of: {', '.join(FORMATS)}")


@app.command()
def ingest(
    fmt: FormatArg,
    paths: PathsArg,
    mapping: MappingOption = None,
    database: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    workers: Annotated[
        int,
        typer.Option(min=1, max=64, help="Processes that parse while this one reads and writes."),
    ] = default_workers(),
    by: ByOption = None,
    reason: ReasonOption = "",
) -> None:
    """Read, parse and store files of one format. All or nothing: a bad file stores nothing.

    Each file read is one ledger entry; the ledger's new head is signed with the archive's key.
    """
    _check_format(fmt)
    _use(database)
    from django.db import DatabaseError

    try:
        files = _expand(fmt, paths)
        columns = _mapping(mapping)
        _setup()
        from .archive.store import ingest as run_ingest

        progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files · {task.fields[records]:,} records"),
            TimeElapsedColumn(),
            console=err,
            disable=not err.is_terminal,
        )
        with progress:
            task = progress.add_task(f"ingest {fmt}", total=len(files), records=0)
            state = {"records": 0, "files": 0}

            def on_record(n: int) -> None:
                state["records"] += n
                progress.update(task, records=state["records"])

            def on_file(path: Path, status: str) -> None:
                progress.update(
                    task, completed=state["files"], description=escape(f"{fmt} {path.name}")
                )
                state["files"] += 1

            report = run_ingest(
                fmt,
                files,
                columns,
                on_record=on_record,
                on_file=on_file,
                workers=workers,
                actor=by,
                reason=reason,
            )
            progress.update(task, completed=len(files))
    except ReadError as exc:
        _fail(f"{exc} — nothing was stored")
    except KeyProblem as exc:
        _fail(f"{exc}; nothing was stored")
    except DatabaseError as exc:
        _fail(
            f"the database {db.where()} refused the write ({exc}); nothing was stored",
            EXIT_DATABASE,
        )
    except OSError as exc:
        _fail(f"cannot write ({exc}); nothing was stored", EXIT_DATABASE)
    if as_json:
        out.print_json(data=report.as_json())
        return
    out.print(
        f"{report.records_added:,} records and {report.statements_added:,} statements added "
        f"from {report.files_read} file(s); {report.records_skipped:,} records and "
        f"{report.files_skipped} file(s) already in the archive ({db.where()}).",
        highlight=False,
        markup=False,
    )


@app.command()
def parse(
    fmt: FormatArg,
    paths: PathsArg,
    mapping: MappingOption = None,
    limit: Annotated[int | None, typer.Option(min=0, help="Stop after this many records.")] = None,
    leftover: Annotated[bool, typer.Option(help="Include text no statement covers.")] = True,
) -> None:
    """Read and parse without storing: one JSON object per record on standard output."""
    _check_format(fmt)
    from .parse import parse_record

    try:
        columns = _mapping(mapping)
        count = 0
        for path in _expand(fmt, paths):
            _source, records = open_source(fmt, path, columns)
            for record in records:
                if limit is not None and count >= limit:
                    return
                parsed = parse_record(record)
                item: dict[str, Any] = {
                    "locator": record.locator,
                    "raw": record.raw,
                    "statements": [s.as_json() for s in parsed.statements],
                }
                if leftover:
                    item["leftover"] = parsed.leftover_text()
                sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
                count += 1
    except ReadError as exc:
        _fail(str(exc))
    except BrokenPipeError:  # `unpersoned parse … | head`
        sys.stderr.close()


@app.command()
def stats(
    database: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Counts by source and predicate, and how much of each source's text was read."""
    _use(database)
    _setup(existing=True)
    from .archive.queries import stats as collect

    data = collect()
    if as_json:
        out.print_json(data=data)
        return
    totals = data["totals"]
    out.print(
        f"[bold]{escape(db.where())}[/]: {totals['sources']} sources, "
        f"{totals['records']:,} records, {totals['statements']:,} statements"
    )
    for source in data["sources"]:
        table = Table(title=Text(f"{source['key']} — {source['title']}"), title_justify="left")
        table.add_column("field")
        table.add_column("statements", justify="right")
        table.add_column("records with it in text", justify="right")
        table.add_column("read", justify="right")
        coverage = source["coverage"].get("fields", {})
        predicates = source["statements"]
        for name in sorted(set(coverage) | set(predicates)):
            cov = coverage.get(name)
            table.add_row(
                Text(name),
                f"{predicates[name]:,}" if name in predicates else "",
                f"{cov['present']:,}" if cov else "",
                f"{cov['share']:.2%}" if cov else "",
            )
        out.print(table)
        cov_all = source["coverage"]
        if cov_all:
            out.print(
                f"  {source['records']:,} records in {source['files']} file(s); "
                f"{cov_all['records_with_leftover']:,} with text left unread "
                f"({cov_all['leftover_share_of_text']:.2%} of all text)."
            )


@app.command()
def show(
    record: Annotated[str, typer.Argument(help="Record id, digest (8+ hex digits) or locator.")],
    database: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """A record's text as published beside the statements read from it."""
    _use(database)
    _setup(existing=True)
    from .archive.queries import RecordNotFound, find_record, record_detail

    try:
        detail = record_detail(find_record(record))
    except RecordNotFound as exc:
        _fail(str(exc), 1)
    if as_json:
        out.print_json(data=detail)
        return
    if "withheld" in detail:
        w = detail["withheld"]
        out.print(
            Text(
                f"record {detail['id']} · {detail['source']} · withheld by redaction "
                f"{w['redaction']} (ledger entry {w['entry']}, {w['at']}): {w['reason']}"
            )
        )
        return
    out.print(
        Text.assemble(
            (f"record {detail['id']}", "bold"), f" · {detail['source']} · {detail['locator']}"
        ),
        highlight=False,
    )
    out.print(f"digest {detail['digest']}", style="dim")
    out.print(detail["raw"], markup=False, highlight=False)
    table = Table()
    for column in ("predicate", "value", "date", "place", "qualifiers", "from the text"):
        table.add_column(column)
    for s in detail["statements"]:
        # Text, not str: a record's words are never read as Rich markup
        table.add_row(
            *map(
                Text,
                (
                    s["predicate"] + (" (alt.)" if s.get("alternative") else ""),
                    s["value"],
                    s.get("date") or "",
                    s.get("place") or "",
                    json.dumps(s["qualifiers"], ensure_ascii=False) if s.get("qualifiers") else "",
                    s.get("text", ""),
                ),
            )
        )
    out.print(table)


from .cli_ledger import register  # noqa: E402 - the ledger's commands join this app
from .cli_search import register as register_search  # noqa: E402

register(app)
register_search(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
