"""Shared fixtures: where the real data is, and fresh archives for command-line tests.

The suite runs against SQLite by default and against PostgreSQL when UNPERSONED_DATABASE_URL
names a server (CI runs it both ways). Tests that drive the `unpersoned` command get an
archive of their own: a SQLite file in a temporary folder, or a database created on the
server for the test and dropped after it.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
MOSCOW_PAGES = DATA / "mos-memo-moscow" / "pages"
MEMO_ZIP = DATA / "memo-lists-anon" / "texts.zip"
STALIN = DATA / "stalin-lists" / "persons.jsonl"
SERVER_URL = os.environ.get("UNPERSONED_DATABASE_URL", "")
ON_POSTGRES = SERVER_URL.startswith(("postgres://", "postgresql://"))


def pytest_configure(config: pytest.Config) -> None:
    if not DATA.is_dir():
        raise pytest.UsageError(f"the real data is missing: {DATA} (../shared/data)")


@pytest.fixture(autouse=True)
def _keys_of_the_test(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Archives made in the test process sign with a key folder of the test's own."""
    monkeypatch.setenv("UNPERSONED_KEYS", str(tmp_path / "keys"))


class Archive:
    """A database for one test, with a way to run the CLI on it and count its rows.

    `keys` is its key folder (archive.key, archive.pub, trusted/, head.json).
    """

    def __init__(self, target: str, keys: Path) -> None:
        self.target = target
        self.keys = keys

    @property
    def public_key(self) -> Path:
        return self.keys / "archive.pub"

    def env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "UNPERSONED_DB_TARGET": self.target,
            "UNPERSONED_KEYS": str(self.keys),
            "COLUMNS": "200",
        }
        env.pop("UNPERSONED_DATABASE_URL", None)
        return env

    def run(self, *args: str, check: bool = False, **kwargs: Any) -> subprocess.CompletedProcess:
        env = self.env()
        result = subprocess.run(
            [sys.executable, "-m", "unpersoned.cli", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            **kwargs,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"exit {result.returncode}: {result.stderr}")
        return result

    def execute(self, sql: str) -> None:
        """Run a statement that returns nothing, committed (to damage an archive on purpose)."""
        if "://" in self.target:
            import psycopg

            with psycopg.connect(self.target) as conn:
                conn.execute(sql)
            return
        with sqlite3.connect(self.target) as conn:
            conn.execute(sql)

    def count(self, table: str) -> int:
        return int(self.query(f"SELECT COUNT(*) FROM {table}")[0][0])

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if "://" in self.target:
            import psycopg

            with psycopg.connect(self.target) as conn:
                try:
                    return conn.execute(sql).fetchall()
                except psycopg.errors.UndefinedTable:
                    return [(0,)]
        if not Path(self.target).exists():
            return [(0,)]
        with sqlite3.connect(self.target) as conn:
            try:
                return conn.execute(sql).fetchall()
            except sqlite3.OperationalError as exc:
                if "no such table" in str(exc):
                    return [(0,)]
                raise


def _server_admin_url(url: str, database: str) -> str:
    base, _, _old = url.rpartition("/")
    return f"{base}/{database}"


@pytest.fixture
def make_archive(tmp_path: Path) -> Iterator[Callable[[str], Archive]]:
    """Makes fresh, empty archives by name: SQLite files in tmp_path, or new databases on
    the server (dropped after the test), each with a key folder of its own."""
    made: list[str] = []
    admin = _server_admin_url(SERVER_URL, "postgres") if ON_POSTGRES else ""

    def make(label: str = "archive") -> Archive:
        keys = tmp_path / f"{label}.keys"
        if not ON_POSTGRES:
            return Archive(str(tmp_path / f"{label}.sqlite3"), keys)
        import psycopg

        name = f"unpersoned_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return Archive(_server_admin_url(SERVER_URL, name), keys)

    try:
        yield make
    finally:
        if made:
            import psycopg

            with psycopg.connect(admin, autocommit=True) as conn:
                for name in made:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def archive(make_archive: Callable[[str], Archive]) -> Archive:
    """A fresh, empty archive: SQLite in tmp_path, or a new database on the server."""
    return make_archive("archive")
