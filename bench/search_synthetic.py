"""Name search at scale: 3,000,000 synthetic names on SQLite — index build, recall, latency, RSS.

    python bench/search_synthetic.py [--names 3000000] [--per-kind 150] [--seed 1]
                                     [--baseline-queries 36] [--keep PATH]

1. The real lists (Moscow, Stalin) are ingested into a temporary archive; the frequencies of
   their surnames (as printed: a woman's form for a woman), given names and patronymics, by
   sex, and of birth years are counted.
2. A synthetic archive of N records is written straight into the tables (raw executemany,
   synchronous=OFF): each record a name drawn part by part from those frequencies, with its
   name, surname, given_name, patronymic, sex and birth statements. Not measured.
3. In a child process: `name_index.rebuild()` inside `transaction.atomic()`, timed, with the
   process's peak RSS. Target: ≤ 5 minutes.
4. In another child process: the query set of bench/search_queries.py made from records
   drawn from the synthetic archive, through `search(query, limit=10)`; recall@1/@10 by the
   same rule (same folded full name), p50/p95 latency, the process's peak RSS. Targets:
   p95 ≤ 50 ms, RSS ≤ 2 GB. The exact and FTS5-trigram baselines of bench/search.py run on
   `--baseline-queries` of them (FTS5 over N names is slow: that is the point of it).

`--keep PATH` keeps the synthetic archive at PATH and reuses it when it is there (skipping
1–2). Results go to bench/results/search_synthetic.json (the full size only).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import asdict
from itertools import accumulate
from pathlib import Path
from typing import Any

from common import ROOT, RssSampler, peak_rss_mb, print_table, write_result
from search import Tally, build_archive, exact_method, fts_method, log, rank_of, src_state
from search_queries import Person, Query, full_name_key, load_people, make_queries

BATCH = 50_000  # records a batch of the generation
SAMPLE = 20_000  # records kept aside to make queries from
# the baselines' tables (bench/search.py), filled as the records are written
BASELINE_TABLES = (
    "CREATE TABLE bench_exact (record_id INTEGER, name TEXT, surname TEXT, given TEXT,"
    " patronymic TEXT);"
    "CREATE VIRTUAL TABLE bench_fts USING fts5(name, tokenize='trigram');"
)
BASELINE_INDEXES = (
    "CREATE INDEX bench_exact_name ON bench_exact (name);"
    "CREATE INDEX bench_exact_parts ON bench_exact (surname, given, patronymic);"
)
TARGETS = {"index_build_s": 300, "p95_ms": 50, "search_rss_mb": 2048, "recall@10": 0.98}


class Draw:
    """Weighted draws from a Counter, in batches (random.choices with cumulative weights)."""

    def __init__(self, counts: Counter[Any], rng: random.Random) -> None:
        self.values = list(counts)
        self.cum = list(accumulate(counts[v] for v in self.values))
        self.rng = rng

    def take(self, k: int) -> list[Any]:
        return self.rng.choices(self.values, cum_weights=self.cum, k=k)


def frequencies(people: list[Person]) -> dict[str, dict[str, Counter[Any]]]:
    """By sex (M, F): how often each surname, given name, patronymic and birth year occurs."""
    out: dict[str, dict[str, Counter[Any]]] = defaultdict(lambda: defaultdict(Counter))
    for p in people:
        if p.sex not in ("M", "F") or not (p.surname and p.given and p.patronymic):
            continue
        f = out[p.sex]
        f["surname"][p.surname.title() if p.surname.isupper() else p.surname] += 1
        f["given"][p.given] += 1
        f["patronymic"][p.patronymic] += 1
        f["born"][p.born] += 1
    return out


# -- generation ----------------------------------------------------------------------------------


def generate(
    target: Path, freq: dict[str, dict[str, Counter[Any]]], n: int, seed: int, sample_path: Path
) -> float:
    """Write n synthetic records and their name statements; keep a sample as JSON."""
    os.environ["UNPERSONED_DB"] = str(target)
    from unpersoned import db

    db.setup()  # the tables, as the migrations make them
    from django.db import connection

    connection.close()
    start = time.perf_counter()
    conn = sqlite3.connect(target)
    conn.executescript("PRAGMA synchronous=OFF; PRAGMA journal_mode=MEMORY;")
    conn.execute(
        "INSERT INTO source (id, key, title, publisher, year, language, format, provenance, "
        "coverage, created_at) VALUES (1, 'synthetic', 'Synthetic names', 'bench', '', 'ru', "
        "'synthetic', 'bench/search_synthetic.py', '{}', '2026-01-01')"
    )
    conn.execute(
        "INSERT INTO source_file (id, name, path, sha256, size, record_count, read_at, "
        "source_id) VALUES (1, 'synthetic', 'synthetic', ?, 0, ?, '2026-01-01', 1)",
        [hashlib.sha256(f"synthetic:{seed}:{n}".encode()).hexdigest(), n],
    )
    conn.executescript(BASELINE_TABLES)
    rng = random.Random(seed)
    men = sum(freq["M"]["given"].values())
    women = sum(freq["F"]["given"].values())
    draws = {sex: {part: Draw(c, rng) for part, c in f.items()} for sex, f in freq.items()}
    sample_ids = set(rng.sample(range(1, n + 1), min(SAMPLE, n)))
    sample: list[dict[str, Any]] = []
    for low in range(1, n + 1, BATCH):
        k = min(BATCH, n + 1 - low)
        sexes = rng.choices(("M", "F"), weights=(men, women), k=k)
        parts = {sex: {part: iter(d.take(k)) for part, d in draws[sex].items()} for sex in draws}
        records, statements, exact = [], [], []
        for record_id, sex in zip(range(low, low + k), sexes, strict=True):
            p = parts[sex]
            surname, given, patronymic = next(p["surname"]), next(p["given"]), next(p["patronymic"])
            born = next(p["born"])
            name = f"{surname} {given} {patronymic}"
            raw = f"{name}, {born} г. р." if born else name
            digest = hashlib.sha256(f"synthetic:{seed}:{record_id}".encode()).hexdigest()
            records.append((record_id, 1, 1, f"synthetic/{record_id}", raw, digest, record_id))
            statements.extend(
                [
                    (record_id, 0, "name", name, None, 0, len(name)),
                    (record_id, 1, "surname", surname, None, None, None),
                    (record_id, 2, "given_name", given, None, None, None),
                    (record_id, 3, "patronymic", patronymic, None, None, None),
                    (record_id, 4, "sex", sex, None, None, None),
                ]
            )
            if born:
                statements.append((record_id, 5, "birth", str(born), str(born), None, None))
            exact.append(
                (record_id, name.lower(), surname.lower(), given.lower(), patronymic.lower())
            )
            if record_id in sample_ids:
                sample.append(
                    asdict(Person(record_id, surname, given, patronymic, sex, born, name))
                )
        conn.executemany(
            "INSERT INTO record (id, source_id, file_id, locator, raw, digest, ordinal) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            records,
        )
        conn.executemany(
            "INSERT INTO statement (record_id, ordinal, predicate, value, date, span_start, "
            "span_end, alternative) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
            statements,
        )
        conn.executemany("INSERT INTO bench_exact VALUES (?, ?, ?, ?, ?)", exact)
        conn.executemany(
            "INSERT INTO bench_fts (rowid, name) VALUES (?, ?)", [(r[0], r[1]) for r in exact]
        )
        conn.commit()
    conn.executescript(BASELINE_INDEXES)
    conn.close()
    sample_path.write_text(json.dumps(sample, ensure_ascii=False))
    return time.perf_counter() - start


# -- the children -------------------------------------------------------------------------------


def child_index(target: str) -> dict[str, Any]:
    """Rebuild the name index in one transaction: seconds, entries, peak RSS."""
    os.environ["UNPERSONED_DB"] = target
    from unpersoned import db

    db.setup()
    from django.db import transaction

    from unpersoned.archive import name_index

    with RssSampler(every=5.0) as sampler:
        start = time.perf_counter()
        with transaction.atomic():
            entries = name_index.rebuild()
        seconds = time.perf_counter() - start
    with sqlite3.connect(target) as conn:
        forms = conn.execute("SELECT COUNT(*) FROM name_form").fetchone()[0]
        keys = conn.execute("SELECT COUNT(*) FROM name_key").fetchone()[0]
    return {
        "seconds": round(seconds, 1),
        "entries": entries,
        "keys": keys,
        "forms": forms,
        "peak_rss_mb": peak_rss_mb(),
        "rss_samples_mb": sampler.samples,
    }


def names_of(conn: sqlite3.Connection, ids: list[int]) -> dict[int, str]:
    """The folded full names of records, by id (from their statements)."""
    if not ids:
        return {}
    parts: dict[int, dict[str, str]] = defaultdict(dict)
    marks = ",".join("?" * len(ids))
    for rid, predicate, value in conn.execute(
        f"SELECT record_id, predicate, value FROM statement WHERE record_id IN ({marks}) "
        "AND predicate IN ('surname', 'given_name', 'patronymic')",
        ids,
    ):
        parts[rid][predicate] = value
    return {
        rid: full_name_key(p.get("surname", ""), p.get("given_name", ""), p.get("patronymic", ""))
        for rid, p in parts.items()
    }


def child_search(target: str, queries_path: str, baseline: int) -> dict[str, Any]:
    """Every query through Unpersoned's search (and a few through the baselines)."""
    os.environ["UNPERSONED_DB"] = target
    from unpersoned import db

    db.setup()
    from django.db import DatabaseError, connection

    from unpersoned.archive import name_index
    from unpersoned.search import QueryError, search

    # src/ may have changed since the index was built (its rules): build it again first, in
    # a process of its own, so the search neither catches up in a query nor counts its memory
    rebuilt = run_child("--index", target) if name_index.behind() else None
    try:
        search("Иванов Иван", limit=10)
    except DatabaseError:  # an index of older tables whose rules say current
        connection.close()
        rebuilt = run_child("--index", target)

    queries = [Query(**q) for q in json.loads(Path(queries_path).read_text())]
    conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True)

    def unpersoned(text: str) -> list[int]:
        try:
            return [h.record_id for h in search(text, limit=10).hits]
        except QueryError:
            return []

    out: dict[str, Any] = {"index_rebuilt_before_search": rebuilt}
    methods = {"unpersoned": (unpersoned, queries)}
    if baseline:
        step = max(1, len(queries) // baseline)
        subset = queries[::step][:baseline]
        methods["exact"] = (exact_method(conn), subset)
        methods["fts5"] = (fts_method(conn), subset)
    for name, (method, qs) in methods.items():
        out[name] = run_method(method, qs, conn)
        if name == "unpersoned":
            out["search_peak_rss_mb"] = peak_rss_mb()
    conn.close()
    return out


def run_method(method: Any, queries: list[Query], conn: sqlite3.Connection) -> dict[str, Any]:
    """Tallies per kind (and `all`, `variants`), plus a few misses per kind."""
    from search import Outcome

    for q in queries[:20]:
        method(q.text)
    tallies: dict[str, Tally] = defaultdict(Tally)
    misses: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in queries:
        start = time.perf_counter()
        ids = method(q.text)
        seconds = time.perf_counter() - start
        outcome = Outcome(q, ids, seconds)
        names = names_of(conn, ids[:10])
        rank = rank_of(outcome, names)
        for group in (q.kind, "all", "variants" if q.kind != "cyrillic" else None):
            if group:
                tallies[group].add(rank, seconds)
        if rank is None and len(misses[q.kind]) < 5:
            first = (
                conn.execute(
                    "SELECT value FROM statement WHERE record_id = ? AND predicate = 'name'",
                    [ids[0]],
                ).fetchone()
                if ids
                else None
            )
            misses[q.kind].append(
                {"query": q.text, "expected": q.expected, "first": first[0] if first else None}
            )
    return {"tallies": {k: t.row() for k, t in tallies.items()}, "misses": dict(misses)}


def run_child(*args: str) -> dict[str, Any]:
    """This script in a fresh process; its last stdout line is its JSON result."""
    out = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, cwd=ROOT, check=False
    )
    if out.returncode:
        sys.stderr.write(out.stderr)
        raise SystemExit(f"child {args[:2]} failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- main ---------------------------------------------------------------------------------------


def prepare(target: Path, folder: Path, n: int, seed: int) -> dict[str, Any]:
    """The synthetic archive at target and its sample (made unless both are there)."""
    sample_path = target.with_suffix(".sample.json")
    if target.exists() and sample_path.exists():
        log(f"reusing {target}")
        return {"reused": True}
    real = folder / "real.sqlite3"
    log("ingesting the real lists for their name frequencies")
    build_archive(real)
    freq = frequencies(load_people(real))
    log(f"generating {n:,} synthetic records")
    seconds = run_child_generate(target, freq, n, seed, sample_path)
    log(f"generated in {seconds:.0f} s")
    return {
        "reused": False,
        "generate_seconds": round(seconds, 1),
        "distinct": {s: {k: len(c) for k, c in f.items()} for s, f in freq.items()},
    }


def run_child_generate(
    target: Path, freq: dict[str, dict[str, Counter[Any]]], n: int, seed: int, sample_path: Path
) -> float:
    """Generation in-process (its memory is not measured): the Django setup is per process,
    so it goes in a child to keep the parent free of it."""
    freq_path = target.with_suffix(".freq.json")
    freq_path.write_text(
        json.dumps(
            {s: {k: list(c.items()) for k, c in f.items()} for s, f in freq.items()},
            ensure_ascii=False,
        )
    )
    result = run_child(
        "--generate", str(target), str(freq_path), str(n), str(seed), str(sample_path)
    )
    freq_path.unlink()
    return float(result["seconds"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--names", type=int, default=3_000_000)
    parser.add_argument("--per-kind", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline-queries", type=int, default=36)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--generate", nargs=5)
    parser.add_argument("--index", nargs=1)
    parser.add_argument("--search", nargs=3)
    args = parser.parse_args()
    if args.generate:
        target, freq_path, n, seed, sample = args.generate
        loaded = json.loads(Path(freq_path).read_text())
        freq = {
            s: {k: Counter(dict(map(tuple, items))) for k, items in f.items()}
            for s, f in loaded.items()
        }
        print(
            json.dumps({"seconds": generate(Path(target), freq, int(n), int(seed), Path(sample))})
        )
        return
    if args.index:
        print(json.dumps(child_index(args.index[0])))
        return
    if args.search:
        print(json.dumps(child_search(args.search[0], args.search[1], int(args.search[2]))))
        return
    with tempfile.TemporaryDirectory(prefix="search-synth-", dir="/tmp") as folder:
        target = args.keep or Path(folder) / "synthetic.sqlite3"
        prepared = prepare(target, Path(folder), args.names, args.seed)
        log("rebuilding the name index (child process)")
        index = run_child("--index", str(target))
        log(f"index built in {index['seconds']} s, peak RSS {index['peak_rss_mb']} MB")
        people = [Person(**p) for p in json.loads(target.with_suffix(".sample.json").read_text())]
        queries = make_queries(people, args.per_kind, args.seed)
        queries_path = Path(folder) / "queries.json"
        queries_path.write_text(json.dumps([asdict(q) for q in queries], ensure_ascii=False))
        log(f"running {len(queries):,} queries (child process)")
        searched = run_child("--search", str(target), str(queries_path), str(args.baseline_queries))
        size_mb = round(target.stat().st_size / 2**20, 1)
    result = {
        "code": src_state(),
        "names": args.names,
        "seed": args.seed,
        "queries": len(queries),
        "archive_mb": size_mb,
        **prepared,
        "index_build": index,
        **searched,
        "targets": TARGETS,
    }
    report(result)
    if args.names >= 3_000_000:
        log(f"wrote {write_result('search_synthetic', result)}")


def report(result: dict[str, Any]) -> None:
    rows = []
    for method in ("unpersoned", "exact", "fts5"):
        if method in result:
            for group in ("variants", "all"):
                rows.append({"method": method, "set": group, **result[method]["tallies"][group]})
    print_table(f"Name search on {result['names']:,} synthetic names", rows)
    tallies = result["unpersoned"]["tallies"]
    print_table(
        "Unpersoned per kind",
        [{"kind": k, **v} for k, v in tallies.items() if k not in ("all", "variants")],
    )
    index = result["index_build"]
    print(
        f"index build {index['seconds']} s ({index['entries']:,} entries, {index['keys']:,} "
        f"keys, {index['forms']:,} spellings), peak RSS {index['peak_rss_mb']} MB; search "
        f"process peak RSS {result['search_peak_rss_mb']} MB; archive {result['archive_mb']} MB"
    )
    for kind, misses in result["unpersoned"]["misses"].items():
        for m in misses[:2]:
            print(
                f"  miss [{kind}] {m['query']!r} → expected {m['expected']!r}, first {m['first']!r}"
            )


if __name__ == "__main__":
    main()
