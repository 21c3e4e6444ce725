"""The forecasts beyond the data: the shipped series' (their whole backtest first) and the store's region_stats
series backtested and forecast (a step of bench/run.py, in its own process)."""

from __future__ import annotations

import time
from pathlib import Path

from bench.store import bench_store


def measure(home: Path, url: str | None) -> dict[str, object]:
    """Time every shipped series forecast 5 years past its data (the backtest included, as the first page
    asks it) and the same from the bench store."""
    from jumys.forecasting.outlook import shipped_outlook
    from jumys.forecasting.outlook_store import store_outlook

    found: dict[str, object] = {}
    t = time.perf_counter()
    found["shipped_series"] = len(shipped_outlook(horizon=5))
    found["shipped_seconds"] = time.perf_counter() - t
    engine = bench_store(home, url)
    with engine.connect() as conn:
        t = time.perf_counter()
        found["store_series"] = len(store_outlook(conn, horizon=5))
        found["store_seconds"] = time.perf_counter() - t
    engine.dispose()
    return found
