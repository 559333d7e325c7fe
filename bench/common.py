"""What every benchmark shares: the machine it ran on, the data, a table, a JSON file."""

from __future__ import annotations

import json
import os
import platform
import resource
import sqlite3
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("UNPERSONED_DATA", ROOT.parent / "shared" / "data"))
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT / "src"))


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory / 2**30, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
    }


def peak_rss_mb(children: bool = False) -> float:
    """Peak resident memory of this process (or the largest of its children), in MB."""
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


class RssSampler:
    """Samples this process's resident memory every `every` seconds, to show it stays flat."""

    def __init__(self, every: float = 1.0) -> None:
        self.every = every
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._start = time.perf_counter()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.samples.append((round(time.perf_counter() - self._start, 1), rss_mb()))

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def write_result(name: str, result: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"machine": machine(), **result}, ensure_ascii=False, indent=2))
    return path


def print_table(title: str, rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    columns = list(dict.fromkeys(k for row in rows for k in row))
    for column in columns:
        table.add_column(
            column, justify="right" if isinstance(rows[0].get(column), int | float) else "left"
        )
    for row in rows:
        table.add_row(
            *(
                f"{row[c]:,}" if isinstance(row.get(c), int) else str(row.get(c, ""))
                for c in columns
            )
        )
    Console(width=200).print(table)
