"""The illegal-work signals' run time over a bench store (a step of bench/run.py, in its own process)."""

from __future__ import annotations

import datetime as dt
import itertools
import time
from pathlib import Path

from bench.store import bench_store


def measure(home: Path, url: str | None, as_of: str) -> dict[str, object]:
    """Time one run of the signals at as_of (best of 2), each step's seconds, and the employers flagged."""
    from jumys.illegal_work.signals import run_illegal_work

    engine = bench_store(home, url)
    day = dt.date.fromisoformat(as_of)
    best: tuple[float, dict[str, float], int] | None = None
    for _ in range(2):
        marks: list[tuple[str, float]] = []

        def mark(name: str, _i: int, _n: int, marks: list[tuple[str, float]] = marks) -> None:
            marks.append((name, time.perf_counter()))

        with engine.begin() as conn:
            t = time.perf_counter()
            n = run_illegal_work(conn, day, progress=mark)
            seconds = time.perf_counter() - t
        steps = {a[0]: round(b[1] - a[1], 2) for a, b in itertools.pairwise(marks)}
        if best is None or seconds < best[0]:
            best = (seconds, steps, n)
    assert best is not None
    engine.dispose()
    return {"seconds": best[0], "steps": best[1], "employers": best[2]}
