"""The store's path: the synthetic country's population replayed from its first year with its own migration,
and the forecast from the store naming its batch."""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any, cast

import numpy as np
import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.errors import NotFound
from jumys.forecasting.population import forecast_population, replay_store
from jumys.forecasting.population_report import forecast_out
from jumys.synth.calibration import load
from jumys.synth.demography import counts, years
from jumys.synth.mobility import Cases, flows
from tests.forecasting.test_cohort_store import ingest

SEXES = ("M", "F")


def generated(last: int = 2021) -> dict[str, list[dict[str, Any]]]:
    """The generator's population (scale 1) of 2019..last and its flows between regions, as contract rows."""
    cal = load(2025)
    population = counts(cal, 1.0)
    none = np.zeros(0, dtype=np.int64)
    cases = types.SimpleNamespace(
        moved=none.astype(np.int32), left=none.astype(np.int32), source=none, target=none, family=none
    )
    flow, _ = flows(cal, population, cast(Cases, cases), 1.0, np.random.default_rng(1))
    rows: dict[str, list[dict[str, Any]]] = {"population": [], "migration": []}
    for t, year in enumerate(years(cal)):
        if year > last:
            break
        for r, kato in enumerate(cal.kato):
            for s, sex in enumerate(SEXES):
                for age, n in enumerate(population[year][r, s]):
                    if n:
                        rows["population"].append(
                            {"kato": kato, "year": year, "sex": sex, "age": age, "persons": int(n)}
                        )
            for q, target in enumerate(cal.kato):
                if flow[t, r, q]:
                    rows["migration"].append(
                        {"year": year, "from_kato": kato, "to_kato": target, "persons": int(flow[t, r, q])}
                    )
    return rows


def test_the_store_replayed_from_its_first_year_comes_close_to_its_later_years(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    """The generator's totals are BNS's, which rebase on the 2021 census from 2022: replayed up to 2021 only."""
    ingest(engine, settings, tmp_path, generated(2021))
    with engine.connect() as conn:
        replay = replay_store(conn)
    assert [r.year for r in replay] == [2020, 2021]
    for r in replay:
        assert abs(r.national) < 0.5, r
        assert r.mean_absolute < 1.5, r
        assert r.largest < 3.0, r


def test_the_forecast_from_the_store_names_its_base_year_and_batch(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    with engine.connect() as conn, pytest.raises(NotFound, match="no population"):
        forecast_population(conn, "store", 2035)
    ingest(engine, settings, tmp_path, generated(2020))
    with engine.connect() as conn:
        result = forecast_out(forecast_population(conn, "store", 2035), "75")
    assert result.data.source == "store" and result.data.base_year == 2020 and result.data.batch_no == 1
    assert result.data.migration_years == [2019, 2020]
    assert result.years == list(range(2020, 2036))
    assert [r.kato2 for r in result.regions] == ["75"]
    low, medium, high = result.regions[0].low, result.regions[0].medium, result.regions[0].high
    assert low[0] == medium[0] == high[0] and low[-1] < medium[-1] < high[-1]
    assert "1 January 2020" in result.data.note
