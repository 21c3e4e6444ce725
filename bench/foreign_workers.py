"""Foreign workers' conditions read over a bench store, as a page or the API asks them (a step of bench/run.py)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from bench.store import bench_store


def measure(home: Path, url: str | None, as_of: str) -> dict[str, object]:
    """Time the three parts for the whole country and for one region (Almaty city), as the ministry asks."""
    from jumys.access.principal import Principal
    from jumys.reports.foreign_workers import foreign_workers

    engine = bench_store(home, url)
    day = dt.date.fromisoformat(as_of)
    ministry = Principal(username="bench", role="ministry")
    out: dict[str, object] = {}
    with engine.connect() as conn:
        for name, region in (("country", None), ("region 75", "75")):
            t = time.perf_counter()
            answer = foreign_workers(conn, ministry, day, region)
            out[name] = {
                "seconds": time.perf_counter() - t,
                "cells": len(answer.wages),
                "underpaid": len(answer.underpaid),
                "expiring": answer.expiring_total,
            }
    engine.dispose()
    return out
