"""The mobility read models' time over a bench store (a step of bench/run.py, in its own process)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from bench.store import bench_store


def measure(home: Path, url: str | None, as_of: str) -> dict[str, object]:
    """Time the labour index of the newest population year, the balance of seven years and the compatriots'
    plan (each best of 2) as the ministry asks them."""
    from jumys.access.principal import Principal
    from jumys.reports.mobility import balance, compatriots_plan, region_index

    engine = bench_store(home, url)
    who = Principal("bench", "ministry")
    day = dt.date.fromisoformat(as_of)
    found: dict[str, object] = {}
    with engine.connect() as conn:
        for name, read in (
            ("index", lambda: region_index(conn, who)),
            ("balance", lambda: balance(conn, who)),
            ("compatriots", lambda: compatriots_plan(conn, who, day)),
        ):
            best = float("inf")
            for _ in range(2):
                t = time.perf_counter()
                answer = read()
                best = min(best, time.perf_counter() - t)
            found[f"{name}_seconds"] = best
            if name == "index":
                found["year"] = getattr(answer, "year", None)
                found["classes"] = {
                    c: sum(1 for r in getattr(answer, "regions", []) if r.labour_class == c)
                    for c in ("surplus", "balanced", "deficit")
                }
    engine.dispose()
    return found
