"""Forecasts beyond the data (jumys/forecasting/outlook.py, outlook_store.py): how far the data go, the method
the backtest chose and why, the intervals, bad requests, and the same from the store."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.errors import InvalidInput, NotFound
from jumys.forecasting.methods import MIN_HISTORY
from jumys.forecasting.outlook import MAX_HORIZON, shipped_backtest, shipped_outlook
from jumys.forecasting.outlook_store import store_outlook
from jumys.forecasting.series import FAMILIES, shipped_series
from tests.forecasting.stats_world import ingest_stats, stat


def test_every_shipped_series_is_forecast_from_the_year_after_its_last_by_its_familys_method() -> None:
    found = shipped_outlook(horizon=3)
    chosen = {c.family: c for c in shipped_backtest().choices}
    last = {(s.family, s.name): int(s.years[-1]) for s in shipped_series()}
    length = {(s.family, s.name): len(s.years) for s in shipped_series()}
    assert {o.family for o in found} == set(FAMILIES)
    assert len(found) == len(last)
    for o in found:
        assert o.last_year == last[(o.family, o.series)]
        assert o.years == [o.last_year + 1, o.last_year + 2, o.last_year + 3]
        if length[(o.family, o.series)] >= MIN_HISTORY:
            assert (o.method, o.why, o.mase) == (chosen[o.family].method, "backtest", chosen[o.family].mase)
        else:  # Jetisu, Ulytau and Abai from 2022, Turkistan and Shymkent from 2019: too short to test
            assert (o.method, o.why, o.mase) == ("naive", "short", None)
    assert {o.series for o in found if o.why == "short"} == {"10", "33", "62", "61", "79"}


def test_the_95_interval_holds_the_80_interval_which_holds_the_forecast() -> None:
    for o in shipped_outlook(horizon=MAX_HORIZON):
        for k in range(MAX_HORIZON):
            assert o.low95[k] <= o.low80[k] <= o.point[k] <= o.high80[k] <= o.high95[k]


def test_counts_are_never_forecast_below_zero() -> None:
    """Departures fall fast to 2025: the damped trend alone would go below 0 within a few years."""
    departures = shipped_outlook("migration", horizon=MAX_HORIZON)[1]
    assert departures.series == "departures"
    assert min(departures.point + departures.low95) == 0.0


def test_the_intervals_are_widened_where_the_backtest_found_them_too_narrow() -> None:
    """Wages: the model's 80 % interval held 38 % of the values at h = 1, so the forecast's is wider."""
    result = shipped_backtest()
    wages = shipped_outlook("wages", horizon=1)[0]
    assert wages.widened[0] == result.factors[("wages", wages.method, 1)] > 1
    plain = shipped_outlook("population", "75", 1)[0]
    assert plain.widened[0] >= 1


@pytest.mark.parametrize(
    ("family", "region", "horizon", "code"),
    [
        ("births", None, 5, "forecasting.unknown_family"),
        ("population", "99", 5, "forecasting.unknown_region"),
        ("population", None, 0, "forecasting.horizon"),
        ("population", None, MAX_HORIZON + 1, "forecasting.horizon"),
    ],
)
def test_a_bad_request_is_refused_with_its_reason(
    family: str, region: str | None, horizon: int, code: str
) -> None:
    with pytest.raises(InvalidInput) as e:
        shipped_outlook(family, region, horizon)
    assert e.value.code == code


def test_a_region_of_a_national_family_is_no_series() -> None:
    with pytest.raises(NotFound) as e:
        shipped_outlook("wages", "75")
    assert e.value.code == "forecasting.national_family"


def _line(region: str, indicator: str, first: int, last: int, step: float = 100.0) -> list[dict[str, object]]:
    return [stat(region, str(y), indicator, 10_000 + step * (y - first)) for y in range(first, last + 1)]


def test_the_store_series_are_backtested_and_forecast_by_the_same_code(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    """A straight line in region 75 and 11 from 2005: drift forecasts it exactly, and the backtest chose it."""
    rows = _line("75", "employed", 2005, 2024) + _line("11", "employed", 2005, 2024, 50.0)
    ingest_stats(engine, settings, tmp_path / "b", rows)
    with engine.connect() as conn:
        found = store_outlook(conn, "employment", "75", 3)
    [o] = found
    assert (o.source, o.series, o.last_year, o.why) == ("store", "75", 2024, "backtest")
    assert o.mase == pytest.approx(0.0, abs=1e-9)
    assert o.point == pytest.approx([12_000.0, 12_100.0, 12_200.0])


def test_a_store_series_too_short_to_test_is_the_last_value_and_says_so(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    ingest_stats(engine, settings, tmp_path / "b", _line("75", "unemployment_rate", 2021, 2024, 0.5))
    with engine.connect() as conn:
        [o] = store_outlook(conn, "unemployment", None, 2)
    assert (o.method, o.why, o.mase) == ("naive", "short", None)
    assert o.point == [10_001.5, 10_001.5]


def test_monthly_rows_make_a_year_summed_for_net_migration_and_the_annual_row_wins(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    rows = [stat("75", f"{y}-{m:02d}", "net_migration", -10.0) for y in (2021, 2022, 2023) for m in (1, 2, 3)]
    rows.append(stat("75", "2023", "net_migration", -50.0))
    ingest_stats(engine, settings, tmp_path / "b", rows)
    with engine.connect() as conn:
        [o] = store_outlook(conn, "migration", "75", 1)
    assert o.history == {2021: -30.0, 2022: -30.0, 2023: -50.0}
    assert o.point == [-50.0]  # the store's net migration may be below 0


def test_an_empty_store_says_what_it_lacks(engine: sa.Engine, settings: Settings, tmp_path: Path) -> None:
    with engine.connect() as conn, pytest.raises(NotFound) as e:
        store_outlook(conn, "population", None, 5)
    assert e.value.code == "forecasting.store_empty"
    ingest_stats(engine, settings, tmp_path / "b", _line("75", "population", 2023, 2024))
    with engine.connect() as conn, pytest.raises(NotFound):
        store_outlook(conn, "population", None, 5)  # two years are too few
