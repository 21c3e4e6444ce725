"""region_stats rows for the forecasting tests, ingested through the data contract."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa

from jumys.config import Settings
from jumys.registry.ingest import ingest_batch
from tests.factories import write_batch


def stat(region: str, period: str, indicator: str, value: float) -> dict[str, object]:
    """One region_stats row of a region's own KATO code."""
    return {"kato": f"{region}0000000", "period": period, "indicator": indicator, "value": value}


def ingest_stats(engine: sa.Engine, settings: Settings, folder: Path, rows: list[dict[str, object]]) -> None:
    """Ingest the rows as a batch of one region_stats file."""
    report = ingest_batch(
        engine, write_batch(folder, {"region_stats": rows}), settings=settings, today=dt.date(2026, 11, 1)
    )
    assert report.rows_rejected == 0, report.rejects
