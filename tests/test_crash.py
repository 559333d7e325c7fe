"""kill -9 at random points of ingest, edit and import, and at the exact points between a
write's steps: after every kill the archive verifies and holds either the state before the
write or the state after it, never a part; re-running the interrupted work completes it.

Commands run under a small prelude (DRIVER, written to the test's folder): the `unpersoned`
command itself, plus test hooks. It notes in a file, with the time, when a write transaction
has taken the archive's lock (`begin`) and when it has committed (`commit`), so the test
knows whether a kill landed inside the write, and learns when a command's write begins and
ends so that its next kills can be aimed at random points of that window (some before and
after it too). It can also kill itself at the Nth query of a write transaction, or when a
named function is reached (the exact points). Random kills are `os.killpg(…, SIGKILL)` of a
process started in a session of its own, so its parse workers, or a shell loop, die with it.

Each test prints how many of its kills landed while the command was running, inside its
write transaction, and after its commit. UNPERSONED_CRASH_SEED picks other random points.
"""

from __future__ import annotations

import json
import os
import random
import re
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import MEMO_ZIP, MOSCOW_PAGES, ROOT, STALIN, Archive

SEED = os.environ.get("UNPERSONED_CRASH_SEED", "20261127")
MEMO_RECORDS = 46_464
TABLES = (
    "source",
    "source_file",
    "record",
    "statement",
    "judgement",
    "redaction",
    "ledger_entry",
    "tree_head",
)
EDIT_TABLE = {"statement": "statement", "judge": "judgement", "redact": "redaction"}

DRIVER = r'''
"""`unpersoned` with test hooks: marks the write transactions, kills itself where told."""
import importlib
import json
import os
import signal
import sys
import time

MARKS = os.environ["UNPERSONED_TEST_MARKS"]
HOOK = os.environ.get("UNPERSONED_TEST_KILL")  # module:attribute:match:before|after
KILL_QUERY = int(os.environ.get("UNPERSONED_TEST_KILL_QUERY", "0"))  # Nth query of a write
inside = []  # queries of the write transaction under way


def mark(what):
    fd = os.open(MARKS, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    os.write(fd, f"{what} {time.time():.6f}\n".encode())
    os.close(fd)


def die():
    os.kill(os.getpid(), signal.SIGKILL)


def hook():
    module, name, match, when = HOOK.split(":")
    owner = importlib.import_module(module)
    *path, last = name.split(".")
    for part in path:
        owner = getattr(owner, part)
    original = getattr(owner, last)

    def hooked(*args, **kwargs):
        hit = match in repr(args) + repr(kwargs)
        if hit and when == "before":
            die()
        result = original(*args, **kwargs)
        if hit:
            die()
        return result

    setattr(owner, last, hooked)


def watch():
    from django.db import connection, transaction

    from unpersoned.archive import ledger, receive

    def committed():
        inside.clear()
        mark("commit")

    def watched(lock):
        def locked():
            lock()
            inside.append("lock")
            mark("begin")
            transaction.on_commit(committed)

        return locked

    def count(execute, sql, params, many, context):
        if inside and KILL_QUERY:
            inside.append(sql)
            if len(inside) > KILL_QUERY:
                die()
        return execute(sql, params, many, context)

    ledger.lock = watched(ledger.lock)
    receive.lock = watched(receive.lock)
    connection.execute_wrappers.append(count)


from unpersoned import db

setup = db.setup
watching = []


def setup_and_watch(migrate=True):
    setup(migrate)
    if not watching:
        watching.append(True)
        watch()
        if HOOK and not HOOK.startswith("django."):
            hook()


db.setup = setup_and_watch
if HOOK and HOOK.startswith("django."):  # the migrations run inside setup
    hook()

from unpersoned.cli import app

loop = os.environ.get("UNPERSONED_TEST_LOOP")
if loop is None:
    app(sys.argv[1:], prog_name="unpersoned")
else:  # many commands in one process: a good part of its time is spent inside writes
    for args in json.loads(loop):
        code = app(args, prog_name="unpersoned", standalone_mode=False)
        if code:
            sys.exit(code)
'''


@dataclass
class Outcome:
    """How one command ended: killed while running or not, how far its writes got, and
    when (seconds from its start) its first write began and committed."""

    running: bool
    begins: int
    commits: int
    returncode: int
    began: float | None = None
    committed_at: float | None = None

    @property
    def inside(self) -> bool:
        return self.running and self.begins > self.commits

    @property
    def committed(self) -> bool:
        return self.running and self.commits > 0 and self.begins == self.commits


@dataclass
class Tally:
    kind: str
    kills: int = 0
    running: int = 0
    inside: int = 0
    committed: int = 0

    def add(self, outcome: Outcome) -> None:
        self.kills += 1
        self.running += outcome.running
        self.inside += outcome.inside
        self.committed += outcome.committed

    def line(self) -> str:
        return (
            f"{self.kind}: {self.kills} kills, {self.running} while the command ran, "
            f"{self.inside} inside a write transaction, {self.committed} after its commit"
        )


class Window:
    """When a command's write begins and commits, from what its runs showed so far; kills
    are aimed at random points inside it, and some before and after it."""

    def __init__(self, guess: float) -> None:
        self.guess = guess  # before anything is known: kill within this many seconds
        self.begin: float | None = None
        self.end: float | None = None

    def delay(self, rng: random.Random) -> float:
        if self.begin is None:
            return rng.uniform(0.0, self.guess)
        end = self.end if self.end is not None else max(self.guess, 2 * self.begin)
        draw = rng.random()
        if draw < 0.15:
            return rng.uniform(0.0, self.begin)
        if draw < 0.9:
            return rng.uniform(self.begin, end)
        return rng.uniform(end, end + 0.2)

    def learn(self, outcome: Outcome, delay: float) -> None:
        if outcome.began is not None:
            self.begin = outcome.began
        if outcome.committed_at is not None:
            self.end = outcome.committed_at
        elif outcome.inside:  # still writing when killed: its end is later than that
            self.end = max(self.end or 0.0, delay * 1.2)
        elif not outcome.running:  # it was all over before the kill
            self.guess = min(self.guess, delay)


class Driver:
    """Starts `unpersoned` (under DRIVER) on an archive, in a session of its own."""

    def __init__(self, folder: Path) -> None:
        self.script = folder / "driver.py"
        self.script.write_text(DRIVER)
        self.marks = folder / "marks"
        self.folder = folder
        self.started = 0.0

    def command(self, *args: str) -> list[str]:
        return [sys.executable, str(self.script), *args]

    def start(
        self,
        archive: Archive,
        *args: str,
        loop: list[list[str]] | None = None,
        hook: str | None = None,
        shell: list[list[str]] | None = None,
        query: int = 0,
    ) -> subprocess.Popen:
        self.marks.unlink(missing_ok=True)
        env = {**archive.env(), "UNPERSONED_TEST_MARKS": str(self.marks)}
        if loop is not None:
            env["UNPERSONED_TEST_LOOP"] = json.dumps(loop)
        if hook is not None:
            env["UNPERSONED_TEST_KILL"] = hook
        if query:
            env["UNPERSONED_TEST_KILL_QUERY"] = str(query)
        command = self.command(*args)
        if shell is not None:  # a shell that runs one process per command, one after another
            script = self.folder / "loop.sh"
            lines = [shlex.join(self.command(*c)) + " || exit 1" for c in shell]
            script.write_text("\n".join(["set -u", *lines, ""]))
            command = ["bash", str(script)]
        self.started = time.time()
        return subprocess.Popen(
            command,
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )

    def _outcome(self, process: subprocess.Popen, running: bool) -> Outcome:
        lines = self.marks.read_text().splitlines() if self.marks.exists() else []
        marks = [(what, float(at) - self.started) for what, at in map(str.split, lines)]
        began = [at for what, at in marks if what == "begin"]
        committed = [at for what, at in marks if what == "commit"]
        return Outcome(
            running,
            len(began),
            len(committed),
            process.returncode,
            began[0] if began else None,
            committed[0] if committed else None,
        )

    def kill_after(self, process: subprocess.Popen, delay: float) -> Outcome:
        """SIGKILL the process and its group `delay` seconds after its start, unless it
        ended first (successfully: anything else fails the test)."""
        deadline = self.started + delay
        while time.time() < deadline and process.poll() is None:
            time.sleep(min(0.005, max(0.0, deadline - time.time())))
        running = process.poll() is None
        if running:
            os.killpg(process.pid, signal.SIGKILL)
        _out, err = process.communicate()
        if not running:
            assert process.returncode == 0, err.decode()
        return self._outcome(process, running)

    def finish(self, process: subprocess.Popen) -> Outcome:
        """Wait for a process that may kill itself (a query count) or end successfully."""
        _out, err = process.communicate()
        killed = process.returncode == -signal.SIGKILL
        assert killed or process.returncode == 0, err.decode()
        return self._outcome(process, killed)

    def complete(self, archive: Archive, *args: str, loop: list[list[str]] | None = None) -> None:
        """Run a command (or a loop of them) to its end, which must be a success."""
        process = self.start(archive, *args, loop=loop)
        _out, err = process.communicate()
        assert process.returncode == 0, err.decode()

    def run(self, archive: Archive, *args: str, hook: str) -> Outcome:
        """Run a command that kills itself at the point `hook` names."""
        process = self.start(archive, *args, hook=hook)
        outcome = self.finish(process)
        assert outcome.running, "the command ended without reaching its kill point"
        return outcome


@pytest.fixture
def driver(tmp_path: Path) -> Driver:
    return Driver(tmp_path)


@pytest.fixture
def report(capsys: pytest.CaptureFixture[str]) -> Iterator[Callable[[str], None]]:
    """Prints a line to the terminal even when pytest captures output."""
    lines: list[str] = []
    yield lines.append
    with capsys.disabled():
        for line in lines:
            sys.stdout.write(f"\n  {line}")
        sys.stdout.write("\n")


def _rng(name: str) -> random.Random:
    return random.Random(f"{SEED}/{name}")


def _settle(archive: Archive) -> None:
    """On PostgreSQL, wait until the killed client's server process has gone (its transaction
    rolled back, or committed if the kill came after the COMMIT was sent)."""
    if "://" not in archive.target:
        return
    deadline = time.monotonic() + 60
    sql = (
        "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
    )
    while archive.query(sql)[0][0]:
        assert time.monotonic() < deadline, "a killed client's transaction is still open"
        time.sleep(0.05)


def _state(archive: Archive) -> dict[str, int]:
    state = {table: archive.count(table) for table in TABLES}
    state["head"] = int(archive.query("SELECT COALESCE(MAX(size), 0) FROM tree_head")[0][0] or 0)
    return state


def _checked(archive: Archive) -> dict[str, int]:
    """The archive after a kill: it verifies, its ledger is whole; returns its row counts."""
    _settle(archive)
    sqlite = "://" not in archive.target
    if sqlite and os.path.exists(archive.target):
        assert archive.query("PRAGMA quick_check") == [("ok",)]
    result = archive.run("verify")
    if sqlite and not os.path.exists(archive.target):  # killed before the file was made
        assert result.returncode == 2 and "no archive at" in result.stderr, result.stderr
    else:
        assert result.returncode == 0, result.stdout + result.stderr
        assert "verified: no problems" in result.stdout
    state = _state(archive)
    # one signed head per write transaction, over every entry it wrote
    assert state["ledger_entry"] == state["head"], state
    assert (state["tree_head"] == 0) == (state["ledger_entry"] == 0), state
    return state


def _empty() -> dict[str, int]:
    return dict.fromkeys((*TABLES, "head"), 0)


def _pages(*names: str) -> list[str]:
    return [str(MOSCOW_PAGES / name) for name in names]


def _natural(path: Path) -> list[object]:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", path.name)]


def _edit(*args: str) -> list[str]:
    return [*args, "--reason", "crash test", "--by", "crash-test"]


def _first_id(archive: Archive) -> str:
    return str(archive.query("SELECT MIN(id) FROM record")[0][0])


# -- ingest ---------------------------------------------------------------------------------


MEMO_KILLS = 3
PAGE_KILLS = 13
PAGE_CHUNK = 6  # pages an ingest reads
PAGE_KILLS_PER_CHUNK = 3


def test_ingest_killed_at_random_points(
    make_archive: Callable[[str], Archive], driver: Driver, report: Callable[[str], None]
) -> None:
    rng = _rng("ingest")
    tally = Tally("ingest")

    # The Books of Memory text: 46,464 records in one transaction, several seconds of writing.
    # An ingest a kill came too late for is done: the next kills go to a fresh archive.
    memo = make_archive("memo")
    command = ("ingest", "memo", str(MEMO_ZIP), "--workers", "1")
    window = Window(8.0)
    seen = []
    last = _empty()
    for number in range(MEMO_KILLS):
        delay = window.delay(rng)
        outcome = driver.kill_after(driver.start(memo, *command), delay)
        window.learn(outcome, delay)
        tally.add(outcome)
        state = _checked(memo)
        if not outcome.begins:  # killed before its write began: nothing changed
            assert state == last
        seen.append(last := state)
        if state != _empty() and number < MEMO_KILLS - 1:
            memo, last = make_archive(f"memo{number}"), _empty()
    memo.run(*command[:3], check=True)  # re-running completes it
    full = _checked(memo)
    assert (full["record"], full["source_file"], full["ledger_entry"]) == (MEMO_RECORDS, 1, 1)
    assert full["statement"] > MEMO_RECORDS
    assert all(s in (_empty(), full) for s in seen), seen

    # Moscow pages, a few at a time, on top of a page already committed; two parse workers
    # die with the command. A chunk is done when a kill came after its commit, or after
    # PAGE_KILLS_PER_CHUNK kills and a run to its end.
    pages = make_archive("pages")
    pages.run("ingest", "moscow", *_pages("9.htm"), check=True)
    rest = sorted((p for p in MOSCOW_PAGES.glob("*.htm") if p.name != "9.htm"), key=_natural)
    chunks = [[str(p) for p in rest[i : i + PAGE_CHUNK]] for i in range(0, len(rest), PAGE_CHUNK)]
    assert len(chunks) >= PAGE_KILLS
    window = Window(2.5)
    before = last = _checked(pages)
    chunk, seen = chunks.pop(0), []
    for number in range(PAGE_KILLS):
        command = ("ingest", "moscow", *chunk, "--workers", "2")
        delay = window.delay(rng)
        outcome = driver.kill_after(driver.start(pages, *command), delay)
        window.learn(outcome, delay)
        tally.add(outcome)
        state = _checked(pages)
        if not outcome.begins:
            assert state == last
        if outcome.committed:
            assert state != before
        seen.append(last := state)
        if state == before and len(seen) < PAGE_KILLS_PER_CHUNK and number < PAGE_KILLS - 1:
            continue
        pages.run(*command, check=True)  # re-running completes it (or adds nothing)
        after = _checked(pages)
        assert after["source_file"] == before["source_file"] + len(chunk)
        assert after["ledger_entry"] == before["ledger_entry"] + len(chunk)
        assert after["record"] > before["record"]
        assert all(s in (before, after) for s in seen), (before, after, seen)
        before = last = after
        chunk, seen = (chunks.pop(0) if chunks else []), []
    report(tally.line())
    assert tally.kills == MEMO_KILLS + PAGE_KILLS


# -- edits ----------------------------------------------------------------------------------


SINGLE_KILLS = 6  # one command, killed at a random time
QUERY_KILLS = 6  # one command, killed at a random query of its write
LOOP_KILLS = 6  # many edits in one process, killed at a random time
SHELL_KILLS = 4  # a shell running one process per edit, killed at a random time


class Edits:
    """A supply of valid edits (statement, judge, redact in turn) on an archive's records."""

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids
        self.made = 0

    def next(self) -> list[str]:
        n = self.made
        self.made += 1
        pick = self.ids
        kind = ("statement", "judge", "redact")[n % 3]
        if kind == "statement":
            args = ["statement", str(pick[n % len(pick)]), "surname", f"Фамилия {n}"]
            if n % 2:
                args += ["--date", "1937"]
        elif kind == "judge":
            verdict = ("same", "different", "unsure")[(n // 3) % 3]
            left, right = n % len(pick), (n * 7 + 1) % len(pick)
            right = (right + 1) % len(pick) if right == left else right
            args = ["judge", str(pick[left]), str(pick[right]), verdict]
        else:
            args = ["redact", str(pick[(n * 13) % len(pick)])]
        return [*args, "--reason", f"crash test edit {n}", "--by", "crash-test"]

    def batch(self, n: int) -> list[list[str]]:
        return [self.next() for _ in range(n)]


def _after_edits(state: dict[str, int], edits: list[list[str]]) -> dict[str, int]:
    state = dict(state)
    for args in edits:
        state[EDIT_TABLE[args[0]]] += 1
        state["ledger_entry"] += 1
        state["tree_head"] += 1
        state["head"] += 1
    return state


def test_edits_killed_at_random_points(
    make_archive: Callable[[str], Archive], driver: Driver, report: Callable[[str], None]
) -> None:
    rng = _rng("edit")
    tally = Tally("edit")
    archive = make_archive("edits")
    archive.run("ingest", "moscow", *_pages("9.htm", "1.htm"), check=True)
    edits = Edits([row[0] for row in archive.query("SELECT id FROM record ORDER BY id")])
    state = _checked(archive)
    redo: list[list[str]] = []  # edits a kill stopped before they were committed

    def check(outcome: Outcome, planned: list[list[str]]) -> None:
        nonlocal state
        tally.add(outcome)
        after = _checked(archive)
        done = outcome.commits
        # every edit the kill did not stop is there, and the one it stopped is there whole
        # (its commit may have happened just before the kill) or not at all
        allowed = [_after_edits(state, planned[:done])]
        if outcome.begins > done:
            allowed.append(_after_edits(state, planned[: done + 1]))
        assert after in allowed, (after, allowed, outcome)
        done = allowed.index(after) + done
        redo.extend(planned[done : done + 1])
        state = after

    # One command at a time, killed at once or at a random time around its write (which
    # lasts milliseconds after a second of start-up).
    window = Window(1.5)
    for number in range(SINGLE_KILLS):
        planned = [edits.next()]
        delay = 0.0 if number < 2 else window.delay(rng)
        outcome = driver.kill_after(driver.start(archive, *planned[0]), delay)
        window.learn(outcome, delay)
        check(outcome, planned)

    # One command at a time, killed before a random query of its write transaction.
    for _ in range(QUERY_KILLS):
        planned = [edits.next()]
        process = driver.start(archive, *planned[0], query=rng.randint(1, 6))
        check(driver.finish(process), planned)

    # Many edits in one process, so that a good part of its time is spent inside writes.
    for _ in range(LOOP_KILLS):
        planned = edits.batch(300)
        process = driver.start(archive, loop=planned)
        check(driver.kill_after(process, rng.uniform(0.9, 2.2)), planned)

    # A shell running one `unpersoned` process per edit, one after another.
    for _ in range(SHELL_KILLS):
        planned = edits.batch(30)
        process = driver.start(archive, shell=planned)
        check(driver.kill_after(process, rng.uniform(0.5, 3.0)), planned)

    # re-running the interrupted edits completes them
    if redo:
        driver.complete(archive, loop=redo)
    final = _checked(archive)
    assert final == _after_edits(state, redo)
    report(tally.line() + f"; {state['ledger_entry'] - 2} edits committed, {len(redo)} redone")
    assert tally.kills == SINGLE_KILLS + QUERY_KILLS + LOOP_KILLS + SHELL_KILLS


# -- import ---------------------------------------------------------------------------------


IMPORT_KILLS = 12


def test_import_killed_at_random_points(
    make_archive: Callable[[str], Archive],
    driver: Driver,
    tmp_path: Path,
    report: Callable[[str], None],
) -> None:
    rng = _rng("import")
    tally = Tally("import")
    # a source archive, exported after its first page and again after 30 more (and edits)
    source = make_archive("source")
    source.run("ingest", "moscow", *_pages("9.htm"), check=True)
    first, whole = tmp_path / "first.bundle", tmp_path / "whole.bundle"
    source.run("export", str(first), check=True)
    pages = sorted(MOSCOW_PAGES.glob("*.htm"), key=_natural)[:30]
    source.run("ingest", "moscow", *map(str, pages), check=True)
    one, two = _first_id(source), str(int(_first_id(source)) + 1)
    edits = [["statement", one, "surname", "Исправлено"], ["judge", one, two, "different"]]
    driver.complete(source, loop=[_edit(*e) for e in [*edits, ["redact", two]]])
    source.run("export", str(whole), check=True)
    expected = _checked(source)

    # The target has the first bundle already: what it holds must survive every kill. An
    # import a kill came too late for is done: the next kills go to a fresh target.
    trust = ("--trust", str(source.public_key))
    command = ("import", str(whole), *trust)

    def fresh(label: str) -> Archive:
        target = make_archive(label)
        target.run("import", str(first), *trust, check=True)
        return target

    target = fresh("target")
    before = last = _checked(target)
    window = Window(2.5)
    seen = []
    for number in range(IMPORT_KILLS):
        delay = 0.0 if number == 0 else window.delay(rng)
        outcome = driver.kill_after(driver.start(target, *command), delay)
        window.learn(outcome, delay)
        tally.add(outcome)
        state = _checked(target)
        if not outcome.begins:
            assert state == last
        if outcome.committed:
            assert state == expected
        seen.append(last := state)
        if state != before and number < IMPORT_KILLS - 1:
            target = fresh(f"target{number}")
            last = _checked(target)
    target.run(*command, check=True)  # re-running completes it
    assert _checked(target) == expected
    assert all(s in (before, expected) for s in seen), (before, expected, seen)
    report(tally.line())
    assert tally.kills == IMPORT_KILLS


# -- exact points -----------------------------------------------------------------------------

# where a kill lands: module:attribute:text its arguments contain:before|after the call
# (kills inside a write's transaction are the random ones above: by time, by query)
POINTS = {
    "migration 0001 made, not recorded": (
        "fresh",
        "ingest",
        "django.db.migrations.recorder:MigrationRecorder.record_applied:0001_initial:before",
    ),
    "migration 0002 made, not recorded": (
        "fresh",
        "ingest",
        "django.db.migrations.recorder:MigrationRecorder.record_applied:0002_ledger:before",
    ),
    "new key written, its public half not yet": (
        "fresh",
        "ingest",
        "unpersoned.archive.keys:write_atomic:archive.pub:before",
    ),
    "ingest committed, witness not updated": ("ingested", "ingest", "os:replace:head.json:before"),
    "edit committed, witness not updated": ("ingested", "statement", "os:replace:head.json:before"),
    "import checked, not committed": (
        "fresh",
        "import",
        "unpersoned.archive.receive:_Receiver.finish::after",
    ),
    "import taking its signer's key as trusted": (
        "fresh",
        "import",
        "unpersoned.archive.keys:Keyring.trust::before",
    ),
}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Archive, Path]:
    """A bundle of a page and a statement, from a SQLite archive (whatever the backend)."""
    folder = tmp_path_factory.mktemp("bundle")
    source = Archive(str(folder / "source.sqlite3"), folder / "source.keys")
    source.run("ingest", "moscow", *_pages("9.htm"), check=True)
    source.run(*_edit("statement", _first_id(source), "surname", "Точка"), check=True)
    source.run("export", str(folder / "source.bundle"), check=True)
    return source, folder / "source.bundle"


@pytest.mark.parametrize("point", POINTS)
def test_killed_at_an_exact_point(
    point: str,
    make_archive: Callable[[str], Archive],
    driver: Driver,
    bundle: tuple[Archive, Path],
) -> None:
    setup, kind, hook = POINTS[point]
    archive = make_archive("archive")
    if setup == "ingested":
        archive.run("ingest", "moscow", *_pages("9.htm"), check=True)
    if kind == "ingest":
        command = ["ingest", "moscow", *_pages("1.htm" if setup == "ingested" else "9.htm")]
    elif kind == "statement":
        command = _edit("statement", _first_id(archive), "surname", "Точка")
    else:
        source, path = bundle
        command = ["import", str(path), "--trust", str(source.public_key)]
    # (verify would make the tables of a fresh PostgreSQL archive before the command could)
    before = _empty() if setup == "fresh" else _checked(archive)
    driver.run(archive, *command, hook=hook)
    killed = _checked(archive)
    if kind != "statement" or killed == before:  # ingest and import: a second run adds nothing
        archive.run(*command, check=True)
    final = _checked(archive)
    assert final != before
    assert killed in (before, final)
    if "witness" in point or "key" in point:
        # the archive takes the next write, and its witness catches up with the ledger
        archive.run(*_edit("statement", _first_id(archive), "surname", "Дальше"), check=True)
        final = _checked(archive)
    witness = json.loads((archive.keys / "head.json").read_text())
    assert witness["size"] == final["ledger_entry"]


def test_tables_made_by_a_migration_killed_before_it_was_recorded(archive: Archive) -> None:
    # Django records a migration after its tables are committed; a kill in between leaves
    # tables it does not know about. The next run must take them as they are.
    archive.run("ingest", "moscow", str(MOSCOW_PAGES / "9.htm"), check=True)
    archive.execute("DELETE FROM django_migrations WHERE app = 'archive'")
    result = archive.run("ingest", "stalin", str(STALIN), check=True)
    assert "377 records" in result.stdout
    assert archive.count("source") == 2
