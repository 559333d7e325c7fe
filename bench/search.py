"""Name search on the real lists: recall and latency of three ways to find a person.

    python bench/search.py [--quick] [--per-kind 150] [--seed 1] [--failures 6]

A fresh archive of the Moscow execution lists and Stalin's lists is built in a temporary
folder (`unpersoned ingest`, which builds the name index; `name_index.rebuild()` is then
timed on its own). The query set comes from bench/search_queries.py (every kind of spelling
of real names, each with the record it was made from). Each query is run by

- exact:   what users have today — the exact printed form: the query equals the record's
           printed name, or its words equal surname + given name (+ patronymic), ignoring
           case only (SQL equality on indexed columns);
- fts5:    a plain FTS5 trigram table over the printed names, the query's trigrams OR-ed and
           ranked by bm25, top 10;
- unpersoned: `unpersoned.search.search(query, limit=10)`.

A hit is correct when its record's folded full name equals the expected record's (see
search_queries). Reported: recall@1, recall@10, p50 and p95 latency per method and per kind
of query; the peak RSS of the process. Results go to bench/results/search.json.
Target (issue): recall@10 ≥ 0.98 on the variant set (every kind but `cyrillic`).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import DATA, ROOT, peak_rss_mb, print_table, write_result
from search_queries import Person, Query, load_people, make_queries

SOURCES = [
    ("moscow", DATA / "mos-memo-moscow" / "pages"),
    ("stalin", DATA / "stalin-lists" / "persons.jsonl"),
]
TARGET_RECALL = 0.98
K = 10
CLI = [str(Path(sys.executable).parent / "unpersoned")]


def src_state() -> dict[str, str]:
    """The commit and a digest of src/ as it is on disk (the search is edited while benchmarked)."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    h = hashlib.sha256()
    for path in sorted((ROOT / "src").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return {"commit": commit, "src_sha256": h.hexdigest()[:16]}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Outcome:
    """What one method did with one query."""

    query: Query
    ids: list[int]
    seconds: float


@dataclass
class Tally:
    """Recall and latency of one method over a group of queries."""

    found_1: int = 0
    found_10: int = 0
    seconds: list[float] = field(default_factory=list)

    def add(self, rank: int | None, seconds: float) -> None:
        self.found_1 += rank == 0
        self.found_10 += rank is not None and rank < K
        self.seconds.append(seconds)

    def row(self) -> dict[str, Any]:
        n = len(self.seconds)
        return {
            "queries": n,
            "recall@1": round(self.found_1 / n, 3) if n else 0.0,
            "recall@10": round(self.found_10 / n, 3) if n else 0.0,
            "p50_ms": round(percentile(self.seconds, 50) * 1000, 2),
            "p95_ms": round(percentile(self.seconds, 95) * 1000, 2),
        }


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of values, 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def rank_of(outcome: Outcome, names: dict[int, str]) -> int | None:
    """The rank of the first correct hit (same folded full name), or None."""
    for rank, record_id in enumerate(outcome.ids[:K]):
        if names.get(record_id) == outcome.query.expected:
            return rank
    return None


# -- the archive ----------------------------------------------------------------------------------


def build_archive(path: Path) -> float:
    """Ingest the Moscow and Stalin lists into a new SQLite file with the CLI; seconds."""
    env = {**os.environ, "UNPERSONED_DB": str(path), "PYTHONPATH": str(ROOT / "src")}
    start = time.perf_counter()
    for fmt, source in SOURCES:
        subprocess.run(
            [*CLI, "ingest", fmt, str(source)], env=env, cwd=ROOT, check=True, capture_output=True
        )
    return time.perf_counter() - start


def time_rebuild() -> dict[str, Any]:
    """Rebuild the name index from the statements, in one transaction: seconds and rows."""
    from django.db import transaction

    from unpersoned.archive import name_index

    start = time.perf_counter()
    with transaction.atomic():
        entries = name_index.rebuild()
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 2), "entries": entries}


def add_baseline_tables(path: Path, people: Iterable[Person]) -> None:
    """The two baselines' tables, in the archive file: lower-cased name columns with
    indexes (exact), and a plain FTS5 trigram table of the printed names (fts5)."""
    conn = sqlite3.connect(path)
    conn.executescript(
        "DROP TABLE IF EXISTS bench_exact; DROP TABLE IF EXISTS bench_fts;"
        "CREATE TABLE bench_exact (record_id INTEGER, name TEXT, surname TEXT, given TEXT,"
        " patronymic TEXT);"
        "CREATE VIRTUAL TABLE bench_fts USING fts5(name, tokenize='trigram');"
    )
    rows = [
        (p.record_id, p.printed.lower(), p.surname.lower(), p.given.lower(), p.patronymic.lower())
        for p in people
    ]
    conn.executemany("INSERT INTO bench_exact VALUES (?, ?, ?, ?, ?)", rows)
    conn.executemany(
        "INSERT INTO bench_fts (rowid, name) VALUES (?, ?)",
        [(p.record_id, p.printed or f"{p.surname} {p.given} {p.patronymic}") for p in people],
    )
    conn.executescript(
        "CREATE INDEX bench_exact_name ON bench_exact (name);"
        "CREATE INDEX bench_exact_parts ON bench_exact (surname, given, patronymic);"
        "ANALYZE;"
    )
    conn.commit()
    conn.close()


# -- the three methods ----------------------------------------------------------------------------

Method = Callable[[str], list[int]]


def exact_method(conn: sqlite3.Connection) -> Method:
    """The printed form, exactly (case aside): the whole name, or its words as the parts."""

    def run(text: str) -> list[int]:
        low = " ".join(text.lower().split())
        words = low.split()
        sql = "SELECT record_id FROM bench_exact WHERE name = ?"
        params: list[str] = [low]
        if 2 <= len(words) <= 3:
            sql += " UNION SELECT record_id FROM bench_exact WHERE surname = ? AND given = ?"
            params += words[:2]
            if len(words) == 3:
                sql += " AND patronymic = ?"
                params.append(words[2])
        return [r for (r,) in conn.execute(sql + f" LIMIT {K}", params)]

    return run


def fts_match(text: str) -> str:
    """The query's trigrams (per word, lower case), OR-ed, as an FTS5 expression."""
    grams = set()
    for word in text.lower().replace(".", " ").split():
        grams.update(word[i : i + 3] for i in range(len(word) - 2))
    return " OR ".join('"' + g.replace('"', '""') + '"' for g in sorted(grams))


def fts_method(conn: sqlite3.Connection) -> Method:
    """Plain FTS5 trigram: any trigram of the query, best bm25 first."""

    def run(text: str) -> list[int]:
        match = fts_match(text)
        if not match:
            return []
        sql = f"SELECT rowid FROM bench_fts WHERE bench_fts MATCH ? ORDER BY rank LIMIT {K}"
        return [r for (r,) in conn.execute(sql, [match])]

    return run


def unpersoned_method() -> Method:
    from unpersoned.search import QueryError, search

    def run(text: str) -> list[int]:
        try:
            return [h.record_id for h in search(text, limit=K).hits]
        except QueryError:
            return []

    return run


def run_all(method: Method, queries: list[Query], warm: int = 20) -> list[Outcome]:
    """Every query through one method, each timed (after a few untimed warm-up queries)."""
    for q in queries[:warm]:
        method(q.text)
    out = []
    for q in queries:
        start = time.perf_counter()
        ids = method(q.text)
        out.append(Outcome(q, ids, time.perf_counter() - start))
    return out


# -- the report -----------------------------------------------------------------------------------


def tallies(outcomes: list[Outcome], names: dict[int, str]) -> dict[str, Tally]:
    """Per kind, plus `all` and `variants` (every kind but cyrillic)."""
    out: dict[str, Tally] = defaultdict(Tally)
    for o in outcomes:
        rank = rank_of(o, names)
        for group in (o.query.kind, "all", "variants" if o.query.kind != "cyrillic" else None):
            if group:
                out[group].add(rank, o.seconds)
    return out


def failures(
    outcomes: list[Outcome], names: dict[int, str], printed: dict[int, str], per_kind: int
) -> dict[str, list[dict[str, Any]]]:
    """Queries the method missed within the top 10, a few per kind, with what came first."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for o in outcomes:
        if rank_of(o, names) is None and len(out[o.query.kind]) < per_kind:
            out[o.query.kind].append(
                {
                    "query": o.query.text,
                    "expected": printed.get(o.query.record_id, o.query.expected),
                    "first": printed.get(o.ids[0], "") if o.ids else None,
                    "hits": len(o.ids),
                }
            )
    return dict(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="20 queries a kind")
    parser.add_argument("--per-kind", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--failures", type=int, default=6, help="misses kept per kind")
    args = parser.parse_args()
    per_kind = 20 if args.quick else args.per_kind
    with tempfile.TemporaryDirectory(prefix="search-bench-") as folder:
        path = Path(folder) / "real.sqlite3"
        log("ingesting the Moscow and Stalin lists")
        ingest_seconds = build_archive(path)
        result = measure(path, per_kind, args.seed, args.failures)
    result["ingest_seconds"] = round(ingest_seconds, 2)
    report(result)
    if not args.quick:
        log(f"wrote {write_result('search', result)}")


def measure(path: Path, per_kind: int, seed: int, keep: int) -> dict[str, Any]:
    people = load_people(path)
    names = {p.record_id: p.key for p in people}
    printed = {p.record_id: p.printed for p in people}
    queries = make_queries(people, per_kind, seed)
    log(f"{len(people):,} records, {len(queries):,} queries")
    add_baseline_tables(path, people)
    os.environ["UNPERSONED_DB"] = str(path)
    from unpersoned import db

    db.setup()
    log("rebuilding the name index")
    rebuild = time_rebuild()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    methods = {
        "exact": exact_method(conn),
        "fts5": fts_method(conn),
        "unpersoned": unpersoned_method(),
    }
    per_method: dict[str, dict[str, Any]] = {}
    missed: dict[str, Any] = {}
    for name, method in methods.items():
        log(f"running {name}")
        outcomes = run_all(method, queries)
        per_method[name] = {k: t.row() for k, t in tallies(outcomes, names).items()}
        missed[name] = failures(outcomes, names, printed, keep)
    conn.close()
    return {
        "code": src_state(),
        "records": len(people),
        "queries": len(queries),
        "per_kind": per_kind,
        "seed": seed,
        "rule": "a hit is correct if its record's folded surname|given|patronymic equals the "
        "expected record's (lower case, ё→е, letters only)",
        "index_rebuild": rebuild,
        "peak_rss_mb": peak_rss_mb(),
        "target_recall@10_variants": TARGET_RECALL,
        "methods": per_method,
        "examples": [
            {"kind": q.kind, "query": q.text, "expected": printed[q.record_id]}
            for q in queries[::per_kind]
        ],
        "misses": missed,
    }


def report(result: dict[str, Any]) -> None:
    methods = result["methods"]
    rows = [{"method": m, **methods[m][g]} for g in ("variants", "all") for m in methods]
    for row, group in zip(rows, [g for g in ("variants", "all") for _ in methods], strict=True):
        row["set"] = group
    print_table(f"Name search on the real lists ({result['records']:,} records)", rows)
    kinds = [k for k in next(iter(methods.values())) if k not in ("all", "variants")]
    by_kind = []
    for kind in kinds:
        row: dict[str, Any] = {"kind": kind, "n": methods["exact"][kind]["queries"]}
        for m in methods:
            row[f"{m} r@1"] = methods[m][kind]["recall@1"]
            row[f"{m} r@10"] = methods[m][kind]["recall@10"]
            row[f"{m} p95"] = methods[m][kind]["p95_ms"]
        by_kind.append(row)
    print_table("Per kind (recall@1, recall@10, p95 ms)", by_kind)
    rebuild = result["index_rebuild"]
    print(
        f"index rebuild {rebuild['seconds']} s ({rebuild['entries']:,} entries); "
        f"ingest {result.get('ingest_seconds', '?')} s; peak RSS {result['peak_rss_mb']} MB"
    )
    unp = result["misses"].get("unpersoned", {})
    for kind, misses in unp.items():
        for m in misses[:3]:
            print(
                f"  miss [{kind}] {m['query']!r} → expected {m['expected']!r}, first {m['first']!r}"
            )


if __name__ == "__main__":
    sys.exit(main())
