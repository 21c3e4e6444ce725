"""The matching across regions over a bench store (a step of bench/run.py, in its own process)."""

from __future__ import annotations

import datetime as dt
import itertools
import time
from pathlib import Path

from bench.store import bench_store


def measure(home: Path, url: str | None, as_of: str) -> dict[str, object]:
    """Time one matching at as_of (seekers of the surplus regions against the deficit regions' open vacancies),
    each step's seconds, and the counts."""
    from jumys.mobility.matching import run_matching

    engine = bench_store(home, url)
    marks: list[tuple[str, float]] = []

    def mark(name: str, _i: int, _n: int) -> None:
        if not marks or marks[-1][0] != name:
            marks.append((name, time.perf_counter()))

    with engine.begin() as conn:
        t = time.perf_counter()
        counts = run_matching(conn, dt.date.fromisoformat(as_of), progress=mark)
        seconds = time.perf_counter() - t
    marks.append(("end", time.perf_counter()))
    engine.dispose()
    steps = {a[0]: round(b[1] - a[1], 2) for a, b in itertools.pairwise(marks)}
    return {"seconds": seconds, "steps": steps, **counts}
