"""What the ledger costs and how fast it checks: ingest overhead, verify speed, mirror catch-up.

    python bench/ledger.py [--quick] [--reuse PATH] [--runs 3] [--workers 2]

1. Ingest overhead: the real lists (Moscow pages, Books of Memory texts.zip, Stalin's
   persons.jsonl, as scripts/main.sh reads them) ingested by the current code, with its
   ledger, and by the code of the commit before the ledger (BASELINE, unpacked with `git
   archive` into a temporary folder and run from there with the same environment). Runs
   alternate; the figure is the ratio of the medians. Target (issue 3): ≤ 1.2.
2. Verify on the full real archive (the last one the current code built): objects checked a
   second (ledger entries + signed heads + rows of every table) and peak memory.
   Target: ≥ 100,000 objects/s.
3. Verify on 1,000,000 synthetic Books-of-Memory records (bench/synthetic_corpus.py, seed 1,
   ingested with the ledger). `--reuse PATH` verifies the archive at PATH if it is there, or
   builds it there and keeps it, so that a rerun skips the ~4 minute build.
   Target: ≥ 100,000 objects/s.
4. Mirror catch-up: a source archive of one Moscow page and 100,000 editor's statements, each
   its own ledger entry; an empty mirror follows it all, and a mirror that followed the first
   90,000 catches up with the last 10,000. Entries a second, and the time the source took to
   build (through `edits.add_statement`, a transaction each, and through `LedgerWriter`
   directly, many entries a transaction).

Every measurement runs in a fresh process, on fresh SQLite files in a temporary folder that is
removed afterwards. `--quick` shrinks every size for a smoke run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import DATA, ROOT, peak_rss_mb, print_table, write_result

BASELINE = "5e9bc65"  # the commit before the ledger (498aa41)
SOURCES = [
    ("moscow", DATA / "mos-memo-moscow" / "pages"),
    ("memo", DATA / "memo-lists-anon" / "texts.zip"),
    ("stalin", DATA / "stalin-lists" / "persons.jsonl"),
]
TARGET_RATIO = 1.2
TARGET_VERIFY = 100_000
STATEMENT_BATCH = 10_000  # ledger entries per transaction when the mirror's source is built


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- children: each measurement in a process of its own ----------------------------------------


def _natural(path: Path) -> list[Any]:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", path.name)]


def _files(fmt: str, path: Path, quick: bool) -> list[Path]:
    """The files the CLI reads for a folder or file (cli._expand, which both versions share)."""
    if not path.is_dir():
        return [path]
    files = sorted(path.glob("*.htm"), key=_natural)
    return files[:5] if quick else files


def _cpu_s() -> float:
    """CPU seconds used so far by this process and its finished children (the workers): less
    disturbed than wall time when other work shares the machine."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _open(database: str) -> None:
    from unpersoned import db

    db.use_database(database)
    db.setup()


def child_ingest(args: argparse.Namespace) -> dict[str, Any]:
    """The real lists, one ingest call per source as scripts/main.sh makes them."""
    import unpersoned

    _open(args.db)
    from unpersoned.archive.store import ingest

    per_source = {}
    records = statements = 0
    cpu = _cpu_s()
    started = time.perf_counter()
    for fmt, path in SOURCES:
        if args.quick and fmt == "memo":
            continue
        start = time.perf_counter()
        report = ingest(fmt, _files(fmt, path, args.quick), workers=args.workers)
        per_source[fmt] = round(time.perf_counter() - start, 3)
        records += report.records_added
        statements += report.statements_added
    return {
        "seconds": time.perf_counter() - started,
        "cpu_s": _cpu_s() - cpu,
        "per_source_s": per_source,
        "records": records,
        "statements": statements,
        "code": str(Path(unpersoned.__file__).parents[1]),
    }


def child_verify(args: argparse.Namespace) -> dict[str, Any]:
    _open(args.db)
    from unpersoned.archive.verify import verify

    report = verify()
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.enable()
        verify()
        profile.disable()
        pstats.Stats(profile, stream=sys.stderr).sort_stats("tottime").print_stats(25)
    return {
        "ok": report.ok,
        "problems": len(report.problems),
        "entries": report.entries,
        "heads": report.heads,
        "objects": report.objects,
        "object_count": report.object_count,
        "seconds": report.seconds,
        "db_mb": round(Path(args.db).stat().st_size / 2**20),
    }


def child_synthetic(args: argparse.Namespace) -> dict[str, Any]:
    _open(args.db)
    from unpersoned.archive.store import ingest

    start = time.perf_counter()
    report = ingest("memo", [Path(args.corpus)], workers=args.workers)
    return {
        "seconds": time.perf_counter() - start,
        "records": report.records_added,
        "statements": report.statements_added,
    }


def _append_statements(count: int, records: list[tuple[int, str]], ordinals: dict[int, int]):
    """`count` editor's statements, each its own ledger entry, as edits.add_statement writes
    them but STATEMENT_BATCH of them to a transaction (and to a signed head)."""
    from django.db import transaction

    from unpersoned.archive.hashing import qualifiers_text, statement_hash
    from unpersoned.archive.ledger import LedgerWriter
    from unpersoned.archive.models import Statement

    qualifiers = {"by": "editor"}
    done = 0
    while done < count:
        with transaction.atomic():
            ledger = LedgerWriter("bench", "bench: a mirror's source")
            for _ in range(min(STATEMENT_BATCH, count - done)):
                record_id, digest = records[ledger.size % len(records)]
                ordinal = ordinals[record_id]
                ordinals[record_id] += 1
                value = f"bench statement {ledger.size}"
                Statement.objects.create(
                    record_id=record_id,
                    ordinal=ordinal,
                    predicate="occupation",
                    value=value,
                    qualifiers=qualifiers,
                    entry=ledger.size,
                )
                row = (ordinal, "occupation", value, None, None, qualifiers_text(qualifiers))
                state = statement_hash(record_id, (*row, None, None, False))
                ledger.append(
                    "statement",
                    f"record:{digest}",
                    state,
                    {"statement": {f"{record_id}/{ordinal}": state}},
                )
                done += 1
            ledger.sign()


def child_grow(args: argparse.Namespace) -> dict[str, Any]:
    """Add `--entries` statement entries to the mirror's source: `--api` of them one by one
    through edits.add_statement (first, or last with --api-last), the rest in batches."""
    _open(args.db)
    from django.db.models import Max

    from unpersoned.archive.edits import add_statement
    from unpersoned.archive.models import LedgerEntry, Record, Statement
    from unpersoned.archive.store import ingest

    result: dict[str, Any] = {}
    if not LedgerEntry.objects.exists():
        start = time.perf_counter()
        page = _files("moscow", SOURCES[0][1], quick=False)[0]
        report = ingest("moscow", [page], workers=1)
        result["ingest"] = {"file": page.name, "records": report.records_added}
        result["ingest_s"] = round(time.perf_counter() - start, 3)
    records = list(Record.objects.order_by("id").values_list("id", "digest"))
    last = dict(
        Statement.objects.values("record_id")
        .annotate(m=Max("ordinal"))
        .values_list("record_id", "m")
    )
    ordinals = {rid: last.get(rid, -1) + 1 for rid, _ in records}
    by_id = {rid: None for rid, _ in records}

    def through_api(count: int) -> float:
        start = time.perf_counter()
        for n in range(count):
            rid = records[n % len(records)][0]
            record = by_id[rid] or Record.objects.get(pk=rid)
            by_id[rid] = record
            add_statement(record, "occupation", f"bench edit {n}", actor="bench", reason="bench")
            ordinals[rid] += 1
        return time.perf_counter() - start

    size_before = LedgerEntry.objects.count()
    direct = args.entries - args.api
    api_s = through_api(args.api) if not args.api_last else 0.0
    start = time.perf_counter()
    _append_statements(direct, records, ordinals)
    direct_s = time.perf_counter() - start
    if args.api_last:
        api_s = through_api(args.api)
    result.update(
        entries_before=size_before,
        entries_after=LedgerEntry.objects.count(),
        api_entries=args.api,
        api_s=api_s,
        api_entries_per_s=round(args.api / api_s) if api_s else None,
        direct_entries=direct,
        direct_s=direct_s,
        direct_entries_per_s=round(direct / direct_s) if direct_s else None,
    )
    return result


def child_follow(args: argparse.Namespace) -> dict[str, Any]:
    _open(args.db)
    from unpersoned.archive.keys import Keyring, read_public
    from unpersoned.archive.mirror import follow, open_source, source_head

    extra = {read_public(Path(args.source + ".keys") / "archive.pub")}
    start = time.perf_counter()
    report = follow(args.source, extra=extra)
    seconds = time.perf_counter() - start
    source = open_source(args.source)
    head = source_head(source)
    source.close()
    assert Keyring.default().folder != Path(args.source + ".keys")
    return {
        "seconds": seconds,
        **report.as_json(),
        "same_root_as_source": report.root == head["root"] and report.size == head["size"],
    }


CHILDREN = {
    "ingest": child_ingest,
    "verify": child_verify,
    "synthetic": child_synthetic,
    "grow": child_grow,
    "follow": child_follow,
}


def run_child(kind: str, *options: str, src: Path | None = None) -> dict[str, Any]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("UNPERSONED_DB", "UNPERSONED_DATABASE_URL", "UNPERSONED_KEYS", "PYTHONPATH")
    }
    command = [sys.executable, __file__, "--child", kind, *options]
    if src is not None:
        env["PYTHONPATH"] = str(src)
        command += ["--src", str(src)]
    out = subprocess.run(command, stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env, check=False)
    if out.returncode:
        raise SystemExit(f"child {kind} {' '.join(options)} failed ({out.returncode})")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def child_main(args: argparse.Namespace) -> None:
    if args.src:  # the baseline's code, not the repository's (common.py put that first)
        sys.path[:] = [p for p in sys.path if Path(p).resolve() != (ROOT / "src").resolve()]
        sys.path.insert(0, args.src)
    result = CHILDREN[args.child](args)
    result.update(
        peak_rss_mb=peak_rss_mb(),
        peak_rss_workers_mb=peak_rss_mb(children=True),
        load_after=round(os.getloadavg()[0], 2),  # other work on the machine skews timings
    )
    print(json.dumps(result))


# -- the measurements --------------------------------------------------------------------------


def _git(*args: str) -> str:
    out = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, check=True)
    return out.stdout.decode().strip()


def _drop(database: Path) -> None:
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        path.unlink(missing_ok=True)
    shutil.rmtree(f"{database}.keys", ignore_errors=True)


def measure_ingest(folder: Path, args: argparse.Namespace) -> tuple[dict[str, Any], Path]:
    baseline = folder / "baseline"
    baseline.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", BASELINE, "src"], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(baseline)], input=archive.stdout, check=True)
    runs: dict[str, list[dict[str, Any]]] = {"ledger": [], "baseline": []}
    kept = folder / "real.sqlite3"
    options = ["--workers", str(args.workers), *(["--quick"] if args.quick else [])]
    for n in range(args.runs):
        order = ("ledger", "baseline") if n % 2 == 0 else ("baseline", "ledger")
        for which in order:
            target = folder / f"ingest-{which}.sqlite3"
            src = baseline / "src" if which == "baseline" else None
            result = run_child("ingest", "--db", str(target), *options, src=src)
            expected = str(src) if src else str(ROOT / "src")
            assert Path(result["code"]).resolve() == Path(expected).resolve(), result["code"]
            result["db_mb"] = round(target.stat().st_size / 2**20)
            runs[which].append(result)
            log(
                f"ingest run {n + 1} {which}: {result['seconds']:.2f} s, "
                f"load {result['load_after']}"
            )
            if which == "ledger" and n == args.runs - 1:
                _drop(kept)
                target.rename(kept)
                Path(f"{target}.keys").rename(f"{kept}.keys")
                for tail in ("-wal", "-shm"):
                    Path(f"{target}{tail}").unlink(missing_ok=True)
            else:
                _drop(target)
    medians = {k: statistics.median(r["seconds"] for r in v) for k, v in runs.items()}
    cpu = {k: statistics.median(r["cpu_s"] for r in v) for k, v in runs.items()}
    first = runs["ledger"][0]
    assert first["records"] == runs["baseline"][0]["records"], "the two ingests differ"
    return {
        "baseline_commit": BASELINE,
        "runs": args.runs,
        "workers": args.workers,
        "records": first["records"],
        "statements": first["statements"],
        "seconds": {k: [round(r["seconds"], 2) for r in v] for k, v in runs.items()},
        "per_source_s": {k: [r["per_source_s"] for r in v] for k, v in runs.items()},
        "median_s": {k: round(v, 2) for k, v in medians.items()},
        "ratio": round(medians["ledger"] / medians["baseline"], 3),
        "cpu_s": {k: [round(r["cpu_s"], 2) for r in v] for k, v in runs.items()},
        "median_cpu_s": {k: round(v, 2) for k, v in cpu.items()},
        "cpu_ratio": round(cpu["ledger"] / cpu["baseline"], 3),
        "peak_rss_mb": {k: max(r["peak_rss_mb"] for r in v) for k, v in runs.items()},
        "peak_rss_workers_mb": {
            k: max(r["peak_rss_workers_mb"] for r in v) for k, v in runs.items()
        },
        "db_mb": {k: v[-1]["db_mb"] for k, v in runs.items()},
        "load_after": {k: [r["load_after"] for r in v] for k, v in runs.items()},
    }, kept


def measure_verify(database: Path, runs: int, label: str, profile: bool = False) -> dict[str, Any]:
    results = []
    for n in range(runs):
        extra = ["--profile"] if profile and n == runs - 1 else []
        result = run_child("verify", "--db", str(database), *extra)
        if not result["ok"]:
            raise SystemExit(f"{label}: the archive does not verify ({result['problems']})")
        result["objects_per_s"] = round(result["object_count"] / result["seconds"])
        results.append(result)
        log(f"verify {label} run {n + 1}: {result['seconds']:.2f} s, {result['objects_per_s']:,}/s")
    seconds = statistics.median(r["seconds"] for r in results)
    last = results[-1]
    return {
        "entries": last["entries"],
        "heads": last["heads"],
        "objects": last["objects"],
        "object_count": last["object_count"],
        "db_mb": last["db_mb"],
        "seconds": [round(r["seconds"], 2) for r in results],
        "median_s": round(seconds, 2),
        "objects_per_s": round(last["object_count"] / seconds),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in results),
        "load_after": [r["load_after"] for r in results],
    }


def build_synthetic(folder: Path, database: Path, args: argparse.Namespace) -> dict[str, Any]:
    from synthetic_corpus import write_corpus

    corpus = folder / "texts.txt"
    start = time.perf_counter()
    write_corpus(corpus, args.records, seed=1)
    generated = time.perf_counter() - start
    log(f"corpus of {args.records:,} records written in {generated:.1f} s; ingesting")
    try:
        built = run_child(
            "synthetic",
            "--db",
            str(database),
            "--corpus",
            str(corpus),
            "--workers",
            str(args.workers),
        )
    finally:
        corpus.unlink(missing_ok=True)
    log(f"synthetic archive built in {built['seconds']:.1f} s")
    return {"generate_s": round(generated, 1), **built, "seconds": round(built["seconds"], 1)}


def measure_mirror(folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    source = folder / "mirror-source.sqlite3"
    late = folder / "mirror-late.sqlite3"  # follows at 90 %, then catches up
    fresh = folder / "mirror-fresh.sqlite3"  # follows everything at once
    tail = args.entries // 10
    api_first, api_last = (100, 10) if args.quick else (1_000, 100)
    grown = [
        run_child(
            "grow",
            "--db",
            str(source),
            "--entries",
            str(args.entries - tail),
            "--api",
            str(api_first),
        )
    ]
    log(f"mirror source: {grown[0]['entries_after']:,} entries")
    initial = run_child("follow", "--db", str(late), "--source", str(source))
    log(f"mirror initial follow: {initial['entries_added']:,} in {initial['seconds']:.1f} s")
    grown.append(
        run_child(
            "grow",
            "--db",
            str(source),
            "--entries",
            str(tail),
            "--api",
            str(api_last),
            "--api-last",
        )
    )
    catch_up = run_child("follow", "--db", str(late), "--source", str(source))
    log(f"mirror catch-up: {catch_up['entries_added']:,} in {catch_up['seconds']:.1f} s")
    whole = run_child("follow", "--db", str(fresh), "--source", str(source))
    log(f"mirror from empty: {whole['entries_added']:,} in {whole['seconds']:.1f} s")
    for result in (initial, catch_up, whole):
        if not result["same_root_as_source"]:
            raise SystemExit("a mirror did not reach its source's head")
        result["entries_per_s"] = round(result["entries_added"] / result["seconds"])
    checked = measure_verify(fresh, 1, "mirror", args.profile)
    for path in (source, late, fresh):
        _drop(path)
    return {
        "statement_entries": args.entries,
        "source_build": grown,
        "from_empty": whole,
        "initial_follow": initial,
        "catch_up": catch_up,
        "verify_mirror": checked,
    }


def _row(what: str, measured: Any, target: str, baseline: str, reached: bool | None, **more):
    return {
        "what": what,
        "measured": measured,
        "target": target,
        "baseline": baseline,
        "reached": "—" if reached is None else "yes" if reached else "NO",
        **more,
    }


SECTIONS = {"ingest": ("ingest_real", "verify_real"), "synthetic": ("verify_synthetic",)}
SECTIONS["mirror"] = ("mirror",)


def _merge(result: dict[str, Any], sections: dict[str, list], args: argparse.Namespace) -> None:
    """The rows of this run; with --only, the sections not rerun are kept from the last
    full run's file (a rerun of one part leaves the others' figures in place)."""
    path = ROOT / "bench" / "results" / "ledger.json"
    old = json.loads(path.read_text()) if path.exists() else {}
    if set(args.only) != set(SECTIONS) and old.get("quick") == args.quick:
        for name, keys in SECTIONS.items():
            if name not in sections and name in old.get("rows_by_section", {}):
                sections[name] = old["rows_by_section"][name]
                for key in keys:
                    if key in old:
                        result[key] = old[key]
                result.setdefault("kept_from_earlier_run", {})[name] = old["machine"]["date"]
    result["rows_by_section"] = {name: sections[name] for name in SECTIONS if name in sections}
    result["rows"] = [row for rows in result["rows_by_section"].values() for row in rows]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, one run: a smoke test")
    parser.add_argument("--runs", type=int, help="ingest runs each way (default 3; quick 1)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--records", type=int, help="synthetic records (default 1,000,000)")
    parser.add_argument("--entries", type=int, help="mirror's statement entries (100,000)")
    parser.add_argument("--reuse", type=Path, help="the synthetic archive: use it, or keep it")
    parser.add_argument(
        "--only",
        nargs="*",
        choices=["ingest", "synthetic", "mirror"],
        default=["ingest", "synthetic", "mirror"],
        help="measure only these parts (the others' figures are kept from the last run)",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile verify (to stderr)")
    parser.add_argument("--tmp", type=Path, default=None, help="where temporary files go")
    # for the children
    parser.add_argument("--child", choices=sorted(CHILDREN))
    parser.add_argument("--db", default="")
    parser.add_argument("--src", default="")
    parser.add_argument("--corpus", default="")
    parser.add_argument("--source", default="")
    parser.add_argument("--api", type=int, default=0)
    parser.add_argument("--api-last", action="store_true")
    args = parser.parse_args()
    if args.child:
        child_main(args)
        return
    args.runs = args.runs or (1 if args.quick else 3)
    args.records = args.records or (20_000 if args.quick else 1_000_000)
    args.entries = args.entries or (2_000 if args.quick else 100_000)

    sections: dict[str, list[dict[str, Any]]] = {name: [] for name in args.only}
    result: dict[str, Any] = {
        "code": {
            "head": _git("rev-parse", "--short", "HEAD"),
            "src_changed_since_head": bool(_git("status", "--porcelain", "--", "src")),
            "baseline": BASELINE,
        },
        "quick": args.quick,
        "targets": {"ingest_ratio": TARGET_RATIO, "verify_objects_per_s": TARGET_VERIFY},
    }
    folder = Path(tempfile.mkdtemp(prefix="unpersoned-ledger-bench-", dir=args.tmp))
    try:
        if "ingest" in args.only:
            ingest, real = measure_ingest(folder, args)
            result["ingest_real"] = ingest
            sections["ingest"].append(
                _row(
                    f"ingest real lists ({ingest['records']:,} records), s, median of {args.runs}",
                    ingest["median_s"]["ledger"],
                    f"ratio ≤ {TARGET_RATIO}",
                    f"{ingest['median_s']['baseline']} s without ledger",
                    None,
                )
            )
            sections["ingest"].append(
                _row(
                    "  ledger overhead: ratio with / without",
                    ingest["ratio"],
                    f"≤ {TARGET_RATIO}",
                    "1.0",
                    ingest["ratio"] <= TARGET_RATIO,
                )
            )
            sections["ingest"].append(
                _row(
                    "  CPU seconds (main + workers), ratio with / without",
                    ingest["cpu_ratio"],
                    "—",
                    f"{ingest['median_cpu_s']['ledger']} / {ingest['median_cpu_s']['baseline']} "
                    "CPU s",
                    None,
                )
            )
            checked = measure_verify(real, 3, "real", args.profile)
            result["verify_real"] = checked
            sections["ingest"].append(
                _row(
                    f"verify real archive ({checked['object_count']:,} objects), objects/s",
                    checked["objects_per_s"],
                    f"≥ {TARGET_VERIFY:,}",
                    "—",
                    checked["objects_per_s"] >= TARGET_VERIFY,
                    seconds=checked["median_s"],
                    peak_rss_mb=checked["peak_rss_mb"],
                )
            )
            _drop(real)
        if "synthetic" in args.only:
            database = args.reuse or folder / "synthetic.sqlite3"
            synthetic: dict[str, Any] = {"records": args.records, "database": str(database)}
            if args.reuse and args.reuse.exists():
                synthetic["built"] = "reused"
                log(f"reusing {args.reuse}")
            else:
                if args.reuse:
                    args.reuse.parent.mkdir(parents=True, exist_ok=True)
                synthetic["built"] = build_synthetic(folder, database, args)
            built = synthetic["built"]
            if built != "reused":
                sections["synthetic"].append(
                    _row(
                        f"ingest {built['records']:,} synthetic records with the ledger, s",
                        built["seconds"],
                        "—",
                        "171.7 s without (bench/results/ingest_synthetic.json)",
                        None,
                    )
                )
            checked = measure_verify(database, 1 if args.quick else 2, "synthetic", args.profile)
            synthetic["verify"] = checked
            result["verify_synthetic"] = synthetic
            records = checked["objects"].get("record", 0)
            sections["synthetic"].append(
                _row(
                    f"verify {records:,} synthetic records ({checked['object_count']:,} "
                    "objects), objects/s",
                    checked["objects_per_s"],
                    f"≥ {TARGET_VERIFY:,}",
                    "—",
                    checked["objects_per_s"] >= TARGET_VERIFY,
                    seconds=checked["median_s"],
                    peak_rss_mb=checked["peak_rss_mb"],
                )
            )
            if not args.reuse:
                _drop(database)
        if "mirror" in args.only:
            mirror = measure_mirror(folder, args)
            result["mirror"] = mirror
            build = mirror["source_build"][0]
            for label, item in (
                ("mirror from empty", mirror["from_empty"]),
                ("mirror initial follow", mirror["initial_follow"]),
                ("mirror catch-up", mirror["catch_up"]),
            ):
                sections["mirror"].append(
                    _row(
                        f"{label}: {item['entries_added']:,} entries, entries/s",
                        item["entries_per_s"],
                        "—",
                        "—",
                        None,
                        seconds=round(item["seconds"], 2),
                        peak_rss_mb=item["peak_rss_mb"],
                    )
                )
            last = mirror["source_build"][1]
            sections["mirror"].append(
                _row(
                    "build source: LedgerWriter, 10,000 a transaction, entries/s",
                    build["direct_entries_per_s"],
                    "—",
                    f"edits.add_statement: {build['api_entries_per_s']}/s at the start, "
                    f"{last['api_entries_per_s']}/s at {last['entries_after']:,} entries",
                    None,
                )
            )
            checked = mirror["verify_mirror"]
            sections["mirror"].append(
                _row(
                    f"verify the mirror ({checked['object_count']:,} objects), objects/s",
                    checked["objects_per_s"],
                    f"≥ {TARGET_VERIFY:,}",
                    "—",
                    checked["objects_per_s"] >= TARGET_VERIFY,
                    seconds=checked["median_s"],
                    peak_rss_mb=checked["peak_rss_mb"],
                )
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    _merge(result, sections, args)
    rows = result["rows"]
    print_table("Ledger: overhead, verify, mirrors" + (" (quick)" if args.quick else ""), rows)
    path = write_result("ledger", result)
    print(f"written {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
