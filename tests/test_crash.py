"""kill -9 in the middle of an ingest: the archive is as before or complete, never half."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from .conftest import MEMO_ZIP, MOSCOW_PAGES, ROOT, STALIN, Archive

KILLS = 8
MEMO_RECORDS = 46_464


def _start_ingest(archive: Archive) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "unpersoned.cli", "ingest", "memo", str(MEMO_ZIP), "--workers", "1"],
        env=archive.env(),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _intact(archive: Archive) -> None:
    if "://" not in archive.target and os.path.exists(archive.target):
        assert archive.query("PRAGMA integrity_check") == [("ok",)]
    records = archive.count("record")
    statements = archive.count("statement")
    assert records in (0, MEMO_RECORDS), records
    assert (statements == 0) == (records == 0)


def test_kill_minus_nine_leaves_all_or_nothing(archive: Archive) -> None:
    rng = random.Random(20261127)
    completed = False
    for _ in range(KILLS):
        process = _start_ingest(archive)
        time.sleep(rng.uniform(0.3, 5.0))
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        _intact(archive)
        completed = completed or archive.count("record") == MEMO_RECORDS
    result = archive.run("ingest", "memo", str(MEMO_ZIP), check=True)
    assert ("46,464 records" in result.stdout) != completed
    _intact(archive)
    assert archive.count("record") == MEMO_RECORDS


def test_tables_made_by_a_migration_killed_before_it_was_recorded(archive: Archive) -> None:
    # Django records a migration after its tables are committed; a kill in between leaves
    # tables it does not know about. The next run must take them as they are.
    archive.run("ingest", "moscow", str(MOSCOW_PAGES / "9.htm"), check=True)
    archive.execute("DELETE FROM django_migrations WHERE app = 'archive'")
    result = archive.run("ingest", "stalin", str(STALIN), check=True)
    assert "377 records" in result.stdout
    assert archive.count("source") == 2
