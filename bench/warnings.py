"""The labour-conflict warnings' run time over a bench store (a step of bench/run.py, in its own process)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import sqlalchemy as sa

from bench.store import bench_store


def measure(home: Path, url: str | None, as_of: str) -> dict[str, object]:
    """Time one run of the warnings at as_of (best of 2) and count what it stored."""
    from jumys.safety.tables import warnings
    from jumys.safety.warnings import WarningRules, run_warnings

    engine = bench_store(home, url)
    day = dt.date.fromisoformat(as_of)
    times = []
    for _ in range(2):
        with engine.begin() as conn:
            t = time.perf_counter()
            n = run_warnings(conn, day)
            times.append(time.perf_counter() - t)
    with engine.connect() as conn:
        high = conn.execute(
            sa.select(sa.func.count()).where(warnings.c.as_of == day, warnings.c.level == "high")
        ).scalar_one()
    return {"seconds": min(times), "employers": n, "high": high, "windows": WarningRules().memory_months}
