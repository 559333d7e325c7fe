"""1,000,000 synthetic Books-of-Memory records into SQLite: time and memory over the run.

    python bench/ingest_synthetic.py [--records 1000000] [--workers 2]

The corpus comes from bench/synthetic_corpus.py (names drawn from the frequencies of the
real lists). Target (issue 2): ≤ 3 minutes with flat memory, peak ≤ 500 MB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, RssSampler, peak_rss_mb, print_table, write_result


def child(corpus: Path, target: str, workers: int) -> None:
    from unpersoned import db

    db.use_database(target)
    db.setup()
    from unpersoned.archive.store import ingest

    with RssSampler(every=2.0) as sampler:
        start = time.perf_counter()
        report = ingest("memo", [corpus], workers=workers)
        seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "records": report.records_added,
                "statements": report.statements_added,
                "seconds": seconds,
                "peak_rss_mb": peak_rss_mb(),
                "peak_rss_worker_mb": peak_rss_mb(children=True),
                "rss_samples_mb": sampler.samples,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, nargs="*", default=[2])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", nargs=2)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), args.child[1], args.workers[0])
        return
    from synthetic_corpus import write_corpus

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "texts.txt"
        start = time.perf_counter()
        write_corpus(corpus, args.records, seed=args.seed)
        generated = time.perf_counter() - start
        for workers in args.workers:
            target = str(Path(folder) / f"synthetic-{workers}.sqlite3")
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    str(corpus),
                    target,
                    "--workers",
                    str(workers),
                ],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
            result["db_mb"] = round(Path(target).stat().st_size / 2**20)
            samples = [mb for _t, mb in result.pop("rss_samples_mb")]
            tenth = max(1, len(samples) // 10)
            rows.append(
                {
                    "workers": workers,
                    "records": result["records"],
                    "statements": result["statements"],
                    "seconds": round(result["seconds"], 1),
                    "records_per_s": round(result["records"] / result["seconds"]),
                    "peak_rss_mb": result["peak_rss_mb"],
                    "peak_rss_worker_mb": result["peak_rss_worker_mb"],
                    "rss_at_10%_mb": samples[tenth - 1] if samples else None,
                    "rss_at_90%_mb": samples[-tenth] if samples else None,
                    "db_mb": result["db_mb"],
                }
            )
    print_table(
        f"Synthetic corpus: {args.records:,} records into SQLite (generated in {generated:.1f} s)",
        rows,
    )
    path = write_result(
        "ingest_synthetic",
        {
            "data": {"records": args.records, "seed": args.seed, "generate_seconds": generated},
            "targets": {"seconds": 180, "peak_rss_mb": 500},
            "rows": rows,
        },
    )
    print(f"written {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
