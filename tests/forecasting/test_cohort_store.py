"""The model reads the store: the population table by region, sex and age, and net migration from the matrix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.errors import NotFound
from jumys.forecasting.cohort import store_net_migration, store_population
from jumys.registry.ingest import ingest_batch
from tests.factories import write_batch
from tests.mobility.world import kato


def ingest(engine: sa.Engine, settings: Settings, tmp: Path, files: dict[str, list[dict[str, Any]]]) -> None:
    """Ingest the rows as one batch; none may be rejected."""
    report = ingest_batch(
        engine, write_batch(tmp / "batch", files), settings=settings, today=dt.date(2026, 1, 1)
    )
    assert report.rows_rejected == 0, report.rejects


def test_an_empty_store_says_so(engine: sa.Engine) -> None:
    with engine.connect() as conn, pytest.raises(NotFound, match="no population"):
        store_population(conn)


def test_the_store_population_by_region_sex_and_age(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    rows = [
        {"kato": kato("75"), "year": 2024, "sex": "F", "age": 30, "persons": 100},
        {"kato": "751710000", "year": 2024, "sex": "F", "age": 30, "persons": 5},  # a district of Almaty
        {"kato": kato("75"), "year": 2025, "sex": "M", "age": 100, "persons": 7},
        {"kato": kato("11"), "year": 2025, "sex": "F", "age": 0, "persons": 3},
    ]
    moves = [
        {"year": 2024, "from_kato": kato("11"), "to_kato": kato("75"), "persons": 40},
        {"year": 2024, "from_kato": kato("75"), "to_kato": kato("11"), "persons": 15},
    ]
    ingest(engine, settings, tmp_path, {"population": rows, "migration": moves})
    with engine.connect() as conn:
        latest = store_population(conn)
        first = store_population(conn, 2024)
        with pytest.raises(NotFound, match="2019"):
            store_population(conn, 2019)
        net = store_net_migration(conn, latest.regions)
    almaty, akmola = latest.regions.index("75"), latest.regions.index("11")
    assert latest.year == 2025 and latest.persons[almaty, 0, 100] == 7 and latest.persons[akmola, 1, 0] == 3
    assert latest.persons.sum() == 10
    assert first.persons[almaty, 1, 30] == 105
    assert list(net) == [2024]
    assert net[2024][almaty] == 25 and net[2024][akmola] == -25 and net[2024].sum() == 0
