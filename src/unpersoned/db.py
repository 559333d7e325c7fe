"""Pointing Django at the archive's database and bringing its tables up to date."""

from __future__ import annotations

import os
from collections.abc import Callable

_ready = False


def use_database(target: str | None) -> None:
    """Select the database before first use: a URL (`postgres://…`) or a SQLite file path."""
    if not target:
        return
    if "://" in target:
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
    from django.core.management import call_command

    django.setup()
    if migrate:
        _migrate(call_command)
    _ready = True


def _migrate(call_command: Callable[..., object]) -> None:
    """Bring the tables up to date, so that a kill at any moment leaves no half schema.

    Django records a migration after its DDL has committed; a kill in between leaves tables
    it does not know it made. On PostgreSQL the whole migrate runs in one transaction (DDL is
    transactional there); `fake_initial` recognises tables an interrupted run left complete.
    """
    from django.db import connection, transaction

    if connection.vendor == "postgresql":
        with transaction.atomic():
            call_command("migrate", verbosity=0, interactive=False, fake_initial=True)
    else:  # SQLite's schema editor cannot run inside a transaction
        call_command("migrate", verbosity=0, interactive=False, fake_initial=True)


def describe() -> str:
    """Where the archive is, for messages: the SQLite path or the server's database name."""
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return str(settings["NAME"])
    return f"{connection.vendor}://{settings.get('HOST') or 'localhost'}/{settings['NAME']}"
