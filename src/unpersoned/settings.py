"""Django settings, all from the environment.

UNPERSONED_DATABASE_URL  a database URL (`postgres://user@host/db`, `sqlite:///path`);
                         when unset, UNPERSONED_DB names the SQLite file
                         (default `unpersoned.sqlite3` in the current folder).
UNPERSONED_SECRET_KEY    the secret key; a random one per process when unset (no sessions yet).
UNPERSONED_DEBUG         `1` for Django's debug mode.
"""

from __future__ import annotations

import os
import secrets

import dj_database_url

SQLITE_OPTIONS = {
    # WAL lets readers go on while an ingest writes; IMMEDIATE takes the write lock at BEGIN so
    # two writers fail fast instead of deadlocking half-way.
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
        "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
}


def database_config(url: str | None, path: str) -> dict[str, object]:
    """A database's settings: from a URL when given, else the SQLite file at `path`."""
    if url:
        config = dj_database_url.parse(url, conn_max_age=0)
    else:
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.abspath(path)}
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


def database_from_env() -> dict[str, object]:
    """The default database: a URL when given, else the SQLite file."""
    config = database_config(
        os.environ.get("UNPERSONED_DATABASE_URL"),
        os.environ.get("UNPERSONED_DB", "unpersoned.sqlite3"),
    )
    test_name = os.environ.get("UNPERSONED_TEST_DATABASE_NAME")
    if test_name:
        config["TEST"] = {"NAME": test_name}
    return config


SECRET_KEY = os.environ.get("UNPERSONED_SECRET_KEY") or secrets.token_urlsafe(50)
DEBUG = os.environ.get("UNPERSONED_DEBUG") == "1"
ALLOWED_HOSTS: list[str] = []
INSTALLED_APPS = ["unpersoned.archive"]
DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "ru"
