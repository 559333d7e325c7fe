"""The ledger's commands: verify, export, import, mirror, log, proof, key, trust, and an
editor's statement, judge and redact (each a ledger entry)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from . import db
from .cli_common import (
    EXIT_BAD_INPUT,
    EXIT_DATABASE,
    EXIT_FAILED,
    EXIT_REFUSED,
    ByOption,
    DbOption,
    JsonOption,
    ReasonOption,
    TrustOption,
    _fail,
    _setup,
    _use,
    err,
    out,
)

RecordArg = Annotated[str, typer.Argument(help="Record id, digest (8+ hex digits) or locator.")]
SHOWN_PROBLEMS = 200


def _keys() -> Any:
    from .archive.keys import Keyring

    return Keyring.default()


def _trusted(paths: list[Path] | None) -> set[str]:
    from .archive.keys import KeyProblem, read_public

    keys = set()
    for path in paths or []:
        try:
            keys.add(read_public(path))
        except KeyProblem as exc:
            _fail(str(exc), EXIT_BAD_INPUT)
    return keys


@contextmanager
def _writing() -> Iterator[None]:
    """One line and a clear status for what can go wrong in a write; nothing half-written."""
    from django.db import DatabaseError

    from .archive.edits import EditError
    from .archive.keys import KeyProblem
    from .archive.queries import RecordNotFound
    from .archive.receive import FeedError

    try:
        yield
    except (EditError, RecordNotFound) as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    except FeedError as exc:
        _fail(f"refused: {exc}", EXIT_REFUSED)
    except KeyProblem as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    except DatabaseError as exc:
        _fail(
            f"the database {db.where()} refused the write ({exc}); nothing was changed",
            EXIT_DATABASE,
        )
    except OSError as exc:
        _fail(f"cannot write ({exc}); nothing was changed", EXIT_DATABASE)


def _record(ident: str) -> Any:
    from .archive.queries import find_record

    return find_record(ident)


def _progress(label: str) -> tuple[Any, Callable[[str, int], None]]:
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        TextColumn("{task.fields[done]:,}"),
        TimeElapsedColumn(),
        console=err,
        disable=not err.is_terminal,
    )
    task = progress.add_task(label, done=0)

    def update(what: str, n: int) -> None:
        progress.update(task, description=f"{label} {what}", done=n)

    return progress, update


def verify(database: DbOption = None, as_json: JsonOption = False) -> None:
    """Recompute the ledger, its signed heads and every row's hash; exit 1 on any problem.

    Problems are named by table and id: altered, deleted or inserted rows, broken or
    rewritten ledger entries, heads that do not verify. Edits made with sqlite3 or psql
    behind the archive's back are found too.
    """
    _use(database)
    _setup(existing=True)
    from .archive.verify import verify as run

    progress, update = _progress("verify")
    with progress:
        report = run(_keys(), on_progress=update)
    if as_json:
        out.print_json(data=report.as_json())
    else:
        objects = report.object_count
        rate = objects / report.seconds if report.seconds else 0
        out.print(
            Text(
                f"{db.where()}: {report.entries:,} ledger entries, {report.heads:,} signed "
                f"heads, {objects:,} objects checked in {report.seconds:.1f} s "
                f"({rate:,.0f}/s); root {report.root}"
            )
        )
        for problem in report.problems[:SHOWN_PROBLEMS]:
            out.print(Text(f"  {problem}"), style="red")
        if len(report.problems) > SHOWN_PROBLEMS:
            out.print(f"  … and {len(report.problems) - SHOWN_PROBLEMS:,} more (--json lists all)")
        out.print(
            Text(
                "verified: no problems"
                if report.ok
                else f"FAILED: {len(report.problems):,} problem(s)"
            ),
            style="green" if report.ok else "bold red",
        )
    if not report.ok:
        raise typer.Exit(EXIT_FAILED)


def export(
    bundle: Annotated[Path, typer.Argument(help="The bundle file to write.")],
    database: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write the whole archive to one file, with a manifest signed by the archive's key.

    Sources, files, records, statements, judgements, redactions, the ledger and its signed
    heads; redacted records go out as their hashes only.
    """
    _use(database)
    _setup(existing=True)
    from .archive.bundle import export_bundle

    if bundle.is_dir():
        _fail(f"{bundle} is a folder; give the bundle's file name")
    progress, update = _progress("export")
    with _writing(), progress:
        manifest = export_bundle(bundle, _keys(), on_line=lambda n: update("lines", n))
    if as_json:
        out.print_json(data=manifest)
        return
    head = manifest["head"]
    out.print(
        Text(
            f"{bundle}: {manifest['lines']:,} lines, {head['size']:,} ledger entries, root "
            f"{head['root']}, signed by {_fingerprint(manifest['key'])}"
        )
    )


def import_(
    bundle: Annotated[Path, typer.Argument(help="The bundle file to read.")],
    database: DbOption = None,
    trust: TrustOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check a bundle completely — signature, contents, every ledger entry and row — and
    only then take in what this archive does not have. Exit 4 when it is refused."""
    _use(database)
    extra = _trusted(trust)
    _setup()
    from .archive.bundle import import_bundle

    with _writing():
        report = import_bundle(bundle, _keys(), extra)
    _received(report, as_json, str(bundle))


def mirror(
    source: Annotated[str, typer.Argument(help="The archive to follow: SQLite file or URL.")],
    database: DbOption = None,
    trust: TrustOption = None,
    as_json: JsonOption = False,
) -> None:
    """Follow another archive: prove its log extends ours, then fetch only newer entries.

    A source whose history was rewritten is reported (exit 4) and nothing is applied.
    """
    _use(database)
    extra = _trusted(trust)
    _setup()
    from .archive.mirror import follow

    with _writing():
        report = follow(source, _keys(), extra)
    _received(report, as_json, source)


def _received(report: Any, as_json: bool, origin: str) -> None:
    if as_json:
        out.print_json(data=report.as_json())
        return
    out.print(
        Text(
            f"{report.entries_added:,} ledger entries, {report.records_added:,} records and "
            f"{report.statements_added:,} statements taken from {origin} "
            f"({report.withheld:,} records withheld by redaction); ledger now "
            f"{report.size:,} entries, root {report.root}"
        )
    )


def log(
    database: DbOption = None,
    since: Annotated[int, typer.Option(min=0, help="First entry to list.")] = 0,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="At most this many.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """The ledger's entries: what was written, by whom, when and why."""
    _use(database)
    _setup(existing=True)
    from .archive.queries import ledger_entries

    entries = ledger_entries(since, limit)
    if as_json:
        out.print_json(data=entries)
        return
    table = Table()
    for column in ("seq", "kind", "subject", "actor", "at", "reason", "state"):
        table.add_column(column)
    for e in entries:
        table.add_row(
            *(Text(str(e[c])) for c in ("seq", "kind", "subject", "actor", "at", "reason")),
            e["state"][:16],
        )
    out.print(table)


def proof(
    seq: Annotated[int, typer.Argument(min=0, help="The ledger entry to prove.")],
    database: DbOption = None,
) -> None:
    """An RFC 6962 inclusion proof of one ledger entry in the latest signed head (JSON)."""
    _use(database)
    _setup(existing=True)
    from .archive.ledger import leaves
    from .archive.merkle import inclusion_proof, verify_inclusion
    from .archive.models import TreeHead

    head = TreeHead.objects.order_by("-size").first()
    if head is None:
        _fail("the archive has no signed head yet", EXIT_BAD_INPUT)
    tree = leaves()[: head.size]
    if seq >= len(tree):
        _fail(f"entry {seq} is not in the latest signed head ({head.size} entries)")
    path = inclusion_proof(seq, tree)
    ok = verify_inclusion(seq, head.size, tree[seq], path, bytes.fromhex(head.root))
    out.print_json(
        data={
            "seq": seq,
            "leaf": tree[seq].hex(),
            "head": {
                "size": head.size,
                "root": head.root,
                "at": head.at,
                "key": head.key,
                "signature": head.signature,
            },
            "proof": [p.hex() for p in path],
            "verified": ok,
        }
    )
    if not ok:
        raise typer.Exit(EXIT_FAILED)


def key(database: DbOption = None) -> None:
    """The archive's public key, its fingerprint and the folder its keys live in."""
    _use(database)
    keys = _keys()
    public = keys.public_hex(create=True)
    out.print(Text(f"{public}\nfingerprint {_fingerprint(public)}\nfolder {keys.folder}"))


def trust(
    public_key: Annotated[Path, typer.Argument(help="Another archive's archive.pub.")],
    database: DbOption = None,
) -> None:
    """Accept bundles and heads signed by this key from now on."""
    _use(database)
    (public,) = _trusted([public_key])
    path = _keys().trust(public)
    out.print(Text(f"trusted {_fingerprint(public)} ({path})"))


def statement(
    record: RecordArg,
    predicate: Annotated[str, typer.Argument(help="A predicate of docs/model.md.")],
    value: Annotated[str, typer.Argument(help="The value.")],
    reason: ReasonOption = "",
    date: Annotated[str | None, typer.Option(help="EDTF date.")] = None,
    place: Annotated[str | None, typer.Option(help="Place.")] = None,
    corrects: Annotated[
        int | None, typer.Option(min=0, help="Ordinal of the statement this one corrects.")
    ] = None,
    by: ByOption = None,
    database: DbOption = None,
) -> None:
    """Add an editor's statement to a record (a correction names the one it corrects)."""
    _use(database)
    _setup(existing=True)
    from .archive.edits import add_statement

    with _writing():
        done = add_statement(_record(record), predicate, value, date, place, corrects, by, reason)
    out.print(Text(f"statement {done['record']}/{done['ordinal']} added ({done['hash'][:16]})"))


def judge(
    left: RecordArg,
    right: RecordArg,
    verdict: Annotated[str, typer.Argument(help="same, different or unsure.")],
    reason: ReasonOption = "",
    score: Annotated[float | None, typer.Option(help="How sure, from 0 to 1.")] = None,
    by: ByOption = None,
    database: DbOption = None,
) -> None:
    """Judge whether two records are the same person (a merge), different (a split), or unsure."""
    _use(database)
    _setup(existing=True)
    from .archive.edits import judge as run

    with _writing():
        done = run(_record(left), _record(right), verdict, score, "editor", by, reason)
    out.print(Text(f"judgement {done['judgement']} recorded ({done['hash'][:16]})"))


def redact(
    record: RecordArg,
    reason: ReasonOption = "",
    by: ByOption = None,
    database: DbOption = None,
) -> None:
    """Withhold a record from views and exports. The record and the ledger stay intact."""
    _use(database)
    _setup(existing=True)
    from .archive.edits import redact as run

    with _writing():
        done = run(_record(record), reason, by)
    out.print(Text(f"redaction {done['redaction']} recorded ({done['hash'][:16]})"))


def _fingerprint(public: str) -> str:
    from .archive.keys import fingerprint

    return fingerprint(public)


def register(app: typer.Typer) -> None:
    for command in (verify, export, mirror, log, proof, key, trust, statement, judge, redact):
        app.command()(command)
    app.command("import")(import_)
