"""The search commands: `search` finds records by any spelling of a name, `reindex` builds the
name index anew."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from . import db
from .cli_common import EXIT_DATABASE, DbOption, JsonOption, _fail, _setup, _use, err, out

QueryArg = Annotated[
    str,
    typer.Argument(
        help="A name in any script and order: «Чернышев Илья», «Tschernyschew Ilja», "
        "«Иванов И. П.»."
    ),
]
BornOption = Annotated[
    str | None,
    typer.Option("--born", help="Year of birth: 1890, 1890±2 (or 1890+-2), 1888-1892."),
]
PlaceOption = Annotated[
    str | None,
    typer.Option("--place", help="Words of the place of birth, e.g. «Тверская губ.»."),
]
SourceOption = Annotated[
    str | None, typer.Option("--source", help="Only this source: moscow, memo, stalin, …")
]
LimitOption = Annotated[int, typer.Option("--limit", help="How many records, 1 to 100.")]


def search(
    query: QueryArg,
    born: BornOption = None,
    place: PlaceOption = None,
    source: SourceOption = None,
    limit: LimitOption = 10,
    database: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Records whose names match QUERY in any spelling, best first, each with its locator and
    the reason it matched (which key, which spelling, how many edits)."""
    _use(database)
    _setup(existing=True)
    from django.db import DatabaseError

    from .search import QueryError
    from .search import search as run

    try:
        result = run(query, born=born, place=place, source=source, limit=limit)
    except QueryError as exc:
        _fail(str(exc))
    except DatabaseError as exc:
        _fail(f"cannot search {db.where()}: {exc}", EXIT_DATABASE)
    if as_json:
        out.print_json(data=result.as_json())
        return
    for note in result.notes:
        err.print(Text(note, style="yellow"))
    if not result.hits:
        return
    # two lines a record, not a table: names, locators and reasons are too long for columns
    for rank, hit in enumerate(result.hits, 1):
        line = Text(f"{rank:>3}. ", style="bold")
        line.append(hit.name or "(no name)", style="bold")
        if hit.born:
            line.append(f", b. {hit.born}")
        if hit.matched_by != "name":
            line.append(f" (by its {hit.matched_by})")
        line.append(f"  {hit.score:.2f}  {hit.source} {hit.locator}", style="dim")
        out.print(line)
        out.print(Text(f"     {hit.why}"))


def reindex(database: DbOption = None) -> None:
    """Build the name index anew from the statements (search keeps it current by itself; this
    is for an index that was damaged or built by an older version)."""
    _use(database)
    _setup(existing=True)
    from django.db import DatabaseError, transaction

    from .archive import name_index
    from .archive.ledger import lock

    progress = Progress(
        TextColumn("[bold]name index"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("records"),
        TimeElapsedColumn(),
        console=err,
        disable=not err.is_terminal,
    )
    try:
        with progress, transaction.atomic():
            lock()
            task = progress.add_task("reindex", total=None)
            entries = name_index.rebuild(
                lambda done, total: progress.update(task, completed=done, total=total)
            )
    except DatabaseError as exc:
        _fail(f"cannot rebuild the name index of {db.where()}: {exc}", EXIT_DATABASE)
    out.print(f"name index of {db.where()}: {entries:,} entries")


def register(app: typer.Typer) -> None:
    app.command()(search)
    app.command()(reindex)
