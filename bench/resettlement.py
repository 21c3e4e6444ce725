"""Resettlement and kandas cases followed, read over a bench store as the page asks them (a step of bench/run.py)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from bench.store import bench_store


def measure(home: Path, url: str | None, as_of: str) -> dict[str, object]:
    """Time the aggregates and a page of cases for the whole country, as the ministry asks them."""
    from jumys.access.principal import Principal
    from jumys.reports.resettlement import list_cases, summary

    engine = bench_store(home, url)
    day = dt.date.fromisoformat(as_of)
    ministry = Principal(username="bench", role="ministry")
    with engine.connect() as conn:
        t = time.perf_counter()
        report = summary(conn, ministry, day)
        summary_seconds = time.perf_counter() - t
        t = time.perf_counter()
        page = list_cases(conn, ministry, day, limit=25)
        page_seconds = time.perf_counter() - t
    engine.dispose()
    whole = report.groups[0]
    return {
        "summary_seconds": summary_seconds,
        "page_seconds": page_seconds,
        "cases": page.total,
        "persons": report.resettled_since,
        "retained_12_pct": whole.at_12.retained_pct,
    }
