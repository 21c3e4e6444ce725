"""A scenario to 2050 for every region over a bench store (a step of bench/run.py, in its own process): the
shipped example file run as `jumys scenario run` runs it (target <= 10 s), rolled back afterwards."""

from __future__ import annotations

import time
from pathlib import Path

from bench.store import bench_store

EXAMPLE = Path(__file__).resolve().parents[1] / "jumys" / "forecasting" / "data" / "scenario_example.csv"


def measure(home: Path, url: str | None) -> dict[str, object]:
    """Time the whole run (the store's population and migration read, the model fitted, the scenario and its
    baseline projected to 2050, the results stored) and the projection alone; best of 2."""
    from jumys.access.principal import Principal
    from jumys.forecasting.scenario_service import run_and_store

    engine = bench_store(home, url)
    who = Principal("bench", "ministry")
    data = EXAMPLE.read_bytes()
    best, chain, regions, years = float("inf"), float("inf"), 0, 0
    for _ in range(2):
        with engine.connect() as conn:
            t = time.perf_counter()
            with conn.begin() as tx:
                _, outcome = run_and_store(conn, data, EXAMPLE.name, who, 2050)
                best = min(best, time.perf_counter() - t)
                tx.rollback()
        chain = min(chain, outcome.seconds)
        regions, years = len(outcome.regions), len(outcome.years) - 1
    engine.dispose()
    return {"seconds": best, "chain_seconds": chain, "regions": regions, "years": years}
