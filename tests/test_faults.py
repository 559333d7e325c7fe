"""A full disk or a read-only database: one clear line, exit 3, and nothing already committed
is lost — for the database and for the key folder beside it (its witness must follow every
commit, so a key folder that cannot be written refuses the write before anything commits).

The disk is a small tmpfs mounted for the test (this needs root; the suite runs as root). Where
mounting is not allowed, a file size limit (RLIMIT_FSIZE) stands in for the full disk and an
immutable file (chattr +i) for the read-only one. On PostgreSQL the read-only database is
`default_transaction_read_only`; the full database file is a SQLite case and is tested on
SQLite whatever the backend of the run.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import signal
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import MOSCOW_PAGES, ON_POSTGRES, SERVER_URL, Archive, _server_admin_url

EXIT_DATABASE = 3
SMALL = [str(MOSCOW_PAGES / "9.htm")]  # 216 records: 1.7 MB with their name index
BIG = [str(MOSCOW_PAGES / f"{n}.htm") for n in range(10, 22)]  # some 2,000 records: 10 MB
FILE_LIMIT = 4_500_000  # bytes any one file may reach under the file size limit


Mount = Callable[[str, str], Path | None]


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Mount]:
    """Mounts a tmpfs of the given size under tmp_path (None when mounting is not allowed);
    every one is unmounted after the test."""
    mounted: list[Path] = []

    def mount(name: str, size: str) -> Path | None:
        folder = tmp_path / name
        folder.mkdir()
        command = ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder)]
        try:
            result = subprocess.run(command, capture_output=True, text=True)
        except OSError:  # no mount command
            return None
        if result.returncode:
            return None
        mounted.append(folder)
        return folder

    try:
        yield mount
    finally:
        gc.collect()
        for folder in reversed(mounted):
            if subprocess.run(["umount", str(folder)], capture_output=True).returncode:
                subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _remount(folder: Path, options: str) -> None:
    gc.collect()  # sqlite3 connections the test opened hold the file until collected
    subprocess.run(["mount", "-o", f"remount,{options}", str(folder)], check=True)


def _content(archive: Archive) -> dict[str, Any]:
    """What the archive holds, as verify sees it: it verifies, and its root and counts."""
    result = archive.run("verify", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["ok"], report["problems"]
    return {k: report[k] for k in ("root", "entries", "heads", "objects")}


def _refused(result: Any, *words: str) -> str:
    """The command failed with exit 3 and one line that says so (no traceback)."""
    assert result.returncode == EXIT_DATABASE, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def _first_id(archive: Archive) -> str:
    return str(archive.query("SELECT MIN(id) FROM record")[0][0])


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> tuple[Archive, Path, Path]:
    """A SQLite source archive exported after one page, and again after a second page."""
    folder = tmp_path_factory.mktemp("bundles")
    source = Archive(str(folder / "source.sqlite3"), folder / "source.keys")
    first, second = folder / "first.bundle", folder / "second.bundle"
    source.run("ingest", "moscow", *SMALL, check=True)
    source.run("export", str(first), check=True)
    source.run("ingest", "moscow", str(MOSCOW_PAGES / "1.htm"), check=True)
    source.run("export", str(second), check=True)
    return source, first, second


def _attempts(archive: Archive, source: Archive, bundle: Path) -> list[tuple[str, ...]]:
    """One write of each kind, each a ledger entry: import (first: this archive's history
    must be a prefix of the bundle's), ingest, statement, judgement, redaction."""
    one = _first_id(archive)
    return [
        ("import", str(bundle), "--trust", str(source.public_key)),
        ("ingest", "moscow", str(MOSCOW_PAGES / "2.htm")),
        ("statement", one, "surname", "Неизвестный", "--reason", "r"),
        ("judge", one, str(int(one) + 1), "same", "--reason", "r"),
        ("redact", one, "--reason", "r"),
    ]


def _file_size_limit() -> None:
    """In the child: no file may grow past FILE_LIMIT; a write past it fails with EFBIG."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT, FILE_LIMIT))


# -- a full disk ----------------------------------------------------------------------------


@pytest.mark.parametrize("mechanism", ["tmpfs", "file size limit"])
def test_a_full_disk_refuses_the_ingest_and_keeps_what_was_committed(
    mechanism: str, tmp_path: Path, tmpfs: Mount
) -> None:
    # a SQLite file whatever the backend of the run: it is the file that fills the disk
    disk = tmpfs("disk", "6m") if mechanism == "tmpfs" else None
    limit: dict[str, Any] = {}
    if disk is None:  # no mounting here, or the limit asked for: a file may not grow further
        disk = tmp_path / "disk"
        disk.mkdir(exist_ok=True)
        limit = {"preexec_fn": _file_size_limit}
    archive = Archive(str(disk / "archive.sqlite3"), tmp_path / "keys")
    archive.run("ingest", "moscow", *SMALL, check=True, **limit)
    before = _content(archive)

    line = _refused(archive.run("ingest", "moscow", *BIG, **limit), "refused the write")
    assert "nothing was stored" in line
    if not limit:
        assert "full" in line
    assert _content(archive) == before  # reading still works, and all of it is there
    if limit:
        limit = {}
    else:
        _remount(disk, "size=64m")
    result = archive.run("ingest", "moscow", *BIG, check=True)  # with room, it goes in
    assert f"{len(BIG)} file(s)" in result.stdout
    after = _content(archive)
    assert after["entries"] == before["entries"] + len(BIG)
    assert after["objects"]["record"] > before["objects"]["record"]


@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_a_key_folder_that_cannot_be_written_refuses_the_write(
    fault: str,
    make_archive: Callable[[str], Archive],
    bundles: tuple[Archive, Path, Path],
    tmpfs: Mount,
) -> None:
    # The witness (head.json) must follow every commit; when it cannot, the write is refused
    # before it commits. Any backend: the key folder is a folder either way.
    folder = tmpfs("keys", "1m")
    if folder is None:
        pytest.skip("cannot mount a tmpfs here (needs root)")  # no other way to fill a folder
    archive = Archive(make_archive("archive").target, folder / "archive.keys")
    source, first, second = bundles
    archive.run("import", str(first), "--trust", str(source.public_key), check=True)
    before = _content(archive)
    attempts = _attempts(archive, source, second)

    if fault == "full":
        fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(fd, b"\0" * 65536):
                pass
        except OSError:  # no space left
            pass
        finally:
            os.close(fd)
        reason = "No space left on device"
    else:
        _remount(folder, "ro")
        reason = "Read-only file system"
    for args in attempts:
        nothing = "nothing was stored" if args[0] == "ingest" else "nothing was changed"
        _refused(archive.run(*args), reason, nothing)
    assert _content(archive) == before

    if fault == "full":
        (folder / "filler").unlink()
    else:
        _remount(folder, "rw")
    assert _content(archive) == before
    for args in attempts[:3]:  # and with room again, writes go in
        archive.run(*args, check=True)
    assert _content(archive)["entries"] == before["entries"] + 3


# -- a read-only database -------------------------------------------------------------------


def _read_only_server(archive: Archive, on: bool) -> None:
    import psycopg

    name = archive.target.rsplit("/", 1)[1]
    with psycopg.connect(_server_admin_url(SERVER_URL, "postgres"), autocommit=True) as conn:
        if on:
            conn.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
        else:
            conn.execute(f'ALTER DATABASE "{name}" RESET default_transaction_read_only')


def _immutable(path: Path, on: bool) -> bool:
    result = subprocess.run(["chattr", "+i" if on else "-i", str(path)], capture_output=True)
    return result.returncode == 0


def test_a_read_only_database_refuses_writes_and_keeps_what_was_committed(
    make_archive: Callable[[str], Archive],
    bundles: tuple[Archive, Path, Path],
    tmp_path: Path,
    tmpfs: Mount,
) -> None:
    disk = None if ON_POSTGRES else tmpfs("disk", "16m")
    if ON_POSTGRES:
        archive = make_archive("archive")
    elif disk is not None:
        archive = Archive(str(disk / "archive.sqlite3"), tmp_path / "keys")
    else:  # no mounting here: the database file itself is made immutable
        archive = make_archive("archive")
    source, first, second = bundles
    archive.run("import", str(first), "--trust", str(source.public_key), check=True)
    before = _content(archive)
    attempts = _attempts(archive, source, second)
    witness = (archive.keys / "head.json").read_text()

    if ON_POSTGRES:
        _read_only_server(archive, True)
        words: tuple[str, ...] = ("refused the write", "read-only")
    elif disk is not None:
        _remount(disk, "ro")
        words = ("read-only",)
    else:
        if not _immutable(Path(archive.target), True):
            pytest.skip("neither a tmpfs nor chattr +i can make the database read-only here")
        words = ("read-only",)
    try:
        for args in attempts:
            line = _refused(archive.run(*args), *words)
            assert "nothing was" in line or "cannot use the database" in line, line
        if ON_POSTGRES:  # a server that refuses writes still answers reads
            assert _content(archive) == before
    finally:
        if ON_POSTGRES:
            _read_only_server(archive, False)
        elif disk is not None:
            _remount(disk, "rw")
        else:
            _immutable(Path(archive.target), False)
    assert (archive.keys / "head.json").read_text() == witness
    assert _content(archive) == before
    for args in attempts[:3]:  # writable again, writes go in
        archive.run(*args, check=True)
    assert _content(archive)["entries"] == before["entries"] + 3
