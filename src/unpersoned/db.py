"""Pointing Django at the archive's database and bringing its tables up to date."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

_ready = False
SCHEMES = ("sqlite", "postgres", "postgresql")


def use_database(target: str | None) -> None:
    """Select the database before first use: a URL (`postgres://…`) or a SQLite file path."""
    if not target:
        return
    if "://" in target:
        scheme = target.split("://", 1)[0].lower()
        if scheme not in SCHEMES:
            raise ValueError(
                f"unknown database {scheme!r}: give a SQLite file path or a URL beginning "
                f"with {', '.join(s + '://' for s in SCHEMES)}"
            )
        os.environ["UNPERSONED_DATABASE_URL"] = target
    else:
        os.environ.pop("UNPERSONED_DATABASE_URL", None)
        os.environ["UNPERSONED_DB"] = target


def setup(migrate: bool = True) -> None:
    """Configure Django once and apply pending migrations (quietly)."""
    global _ready
    if _ready:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unpersoned.settings")
    import django

    django.setup()
    if migrate:
        _migrate()
    _ready = True


def _migrate() -> None:
    """Bring the tables up to date, so that a kill at any moment leaves no half schema.

    Django records a migration after its DDL has committed; a kill in between leaves tables
    it does not know it made. On PostgreSQL the whole migrate runs in one transaction (DDL is
    transactional there); `fake_initial` recognises tables an interrupted run left complete.
    """
    from django.core.management import call_command
    from django.db import connection, transaction

    if connection.vendor == "postgresql":
        with transaction.atomic():
            call_command("migrate", verbosity=0, interactive=False, fake_initial=True)
    else:  # SQLite's schema editor cannot run inside a transaction
        call_command("migrate", verbosity=0, interactive=False, fake_initial=True)


def where() -> str:
    """Where the archive is, for messages (no password): a SQLite path or a server's database."""
    url = os.environ.get("UNPERSONED_DATABASE_URL")
    if url:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.hostname or 'localhost'}{parts.path}"
    return os.path.abspath(os.environ.get("UNPERSONED_DB", "unpersoned.sqlite3"))


def exists() -> bool:
    """False only for a SQLite archive whose file is not there yet."""
    return bool(os.environ.get("UNPERSONED_DATABASE_URL")) or os.path.exists(where())
