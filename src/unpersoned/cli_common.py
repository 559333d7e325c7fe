"""What every command shares: the app, its consoles, exit statuses, options, one-line errors."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from . import db
from .readers import FORMATS

app = typer.Typer(
    help="Unpersoned: the purges of the 1930s reconstructed from their surviving records.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True)

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_DATABASE = 3
EXIT_REFUSED = 4

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="UNPERSONED_DB_TARGET",
        help="SQLite file or database URL (postgres://…). Default: $UNPERSONED_DATABASE_URL, "
        "else $UNPERSONED_DB, else ./unpersoned.sqlite3.",
    ),
]
FormatArg = Annotated[str, typer.Argument(help=f"File format: {', '.join(FORMATS)}.")]
PathsArg = Annotated[
    list[Path], typer.Argument(help="Files, or folders to take the format's files from.")
]
MappingOption = Annotated[
    Path | None, typer.Option("--mapping", help="TOML column mapping (format csv).")
]
ByOption = Annotated[
    str | None,
    typer.Option(
        "--by",
        help="Who makes the change, for the ledger. Default: "
        "$UNPERSONED_ACTOR, else the login name.",
    ),
]
ReasonOption = Annotated[str, typer.Option("--reason", help="Why, for the ledger.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print as JSON.")]
TrustOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--trust",
        help="Public key file (archive.pub) of the signer to accept; "
        "kept as trusted once the data verifies.",
    ),
]


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> None:
    # one plain line, never wrapped, so scripts and people can both read it
    sys.stderr.write(f"error: {' '.join(message.split())}\n")
    raise typer.Exit(code)


def _use(database: str | None) -> None:
    try:
        db.use_database(database)
    except ValueError as exc:
        _fail(str(exc), EXIT_DATABASE)


def _setup(existing: bool = False) -> None:
    """Configure Django and migrate, or fail with one line when the database cannot be used.

    With `existing`, a SQLite archive that is not there yet is an error (a mistyped path
    should not leave an empty archive behind).
    """
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError

    if existing and not db.exists():
        _fail(f"no archive at {db.where()}; ingest something first", EXIT_BAD_INPUT)
    try:
        db.setup()
    except (DatabaseError, ImproperlyConfigured, ValueError) as exc:
        _fail(f"cannot use the database {db.where()}: {exc}{_read_only(exc)}", EXIT_DATABASE)


def _read_only(exc: Exception) -> str:
    """Why SQLite cannot open a file on a read-only file system, which it only calls
    `unable to open database file` (a WAL archive needs its -wal and -shm files)."""
    if db.exists() and "://" not in db.where() and "unable to open" in str(exc):
        try:
            if os.statvfs(os.path.dirname(db.where())).f_flag & os.ST_RDONLY:
                return " (its folder is on a read-only file system)"
        except OSError:
            pass
    return ""
