"""Labour supply and demand by region: the labour force, the employment trend, scenario jobs and the gap."""

from __future__ import annotations

import numpy as np
import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from jumys.errors import InvalidInput, NotFound
from jumys.forecasting import labour as L
from jumys.forecasting.backtest import run_backtest
from jumys.forecasting.cohort import AGES, Population, store_population
from jumys.forecasting.gravity import store_regions
from jumys.forecasting.methods import METHODS
from jumys.forecasting.series import shipped_series
from jumys.reference import stats
from tests.forecasting.gravity_world import planted_country

REGIONS = store_regions()


def _base(year: int = 2023) -> Population:
    """Each region's published population of `year`, all at age 30, half men."""
    real = stats.population_by_region(year)
    persons = np.zeros((len(REGIONS), 2, AGES))
    for i, k in enumerate(REGIONS):
        persons[i, :, 30] = real[k] / 2
    return Population(year, REGIONS, persons)


@settings(max_examples=30, deadline=None)
@given(
    persons=arrays(np.float64, (3, 2, AGES), elements=st.floats(0, 1e5)),
    rates=arrays(np.float64, (2, AGES), elements=st.floats(0, 1)),
)
def test_supply_is_persons_times_participation_summed_over_sex_and_age(
    persons: np.ndarray, rates: np.ndarray
) -> None:
    supply = L.labour_supply(persons, rates)
    assert supply.shape == (3,)
    assert supply[1] == pytest.approx(float((persons[1] * rates).sum()), rel=1e-9, abs=1e-6)
    by_region = np.broadcast_to(rates, persons.shape)
    assert np.allclose(L.labour_supply(persons, by_region), supply)
    assert (supply <= persons.sum(axis=(1, 2)) + 1e-6).all()


def test_the_default_participation_gives_the_published_2020_labour_force() -> None:
    """Its level is fitted so: over the 2020 broad age groups it returns employed / (1 - rate) of 2020."""
    rates = L.default_participation()
    employed = stats.employed_by_region(2020)
    rate = stats.unemployment_rate_by_region(2020)
    published = sum(employed[k] / (1 - rate[k] / 100) for k in employed if k in rate)
    implied = 0.0
    for groups in stats.population_broad_age_sex_2020().values():
        for sex, s, bands in (
            ("M", 0, (("0-15", 0, 16), ("16-62", 16, 63), ("63+", 63, L.LAST_AGE_OF_OLD))),
            ("F", 1, (("0-15", 0, 16), ("16-58", 16, 59), ("59+", 59, L.LAST_AGE_OF_OLD))),
        ):
            for name, lo, hi in bands:
                implied += groups[(sex, name)] * rates[s, lo:hi].mean()
    assert implied == pytest.approx(published, rel=0.03)
    assert rates.shape == (2, AGES) and (rates[:, :15] == 0).all() and (rates <= 1).all()
    assert (rates[0, 25:55] >= rates[1, 25:55]).all()  # men's participation above women's in the prime ages


def test_demand_uses_the_method_the_backtest_chose_for_employment() -> None:
    chosen = next(c.method for c in run_backtest(shipped_series()).choices if c.family == "employment")
    assert L.employment_method() == chosen


def test_demand_of_a_published_year_is_the_published_employment_on_the_stores_scale() -> None:
    base = _base(2023)
    half = Population(2023, base.regions, base.persons / 2)  # a store at half the published population
    o = L.outlook(half, 2024)
    i = REGIONS.index("75")
    assert o.demand[0, i] == pytest.approx(stats.employed_by_region(2024)["75"] / 2, rel=1e-9)


def test_scenario_jobs_add_to_demand_and_take_from_the_gap_one_for_one() -> None:
    base = _base()
    jobs = np.zeros((3, len(REGIONS)))
    jobs[1, REGIONS.index("71")] = 5_000
    without, with_jobs = L.outlook(base, 2026), L.outlook(base, 2026, jobs=jobs)
    assert np.array_equal(with_jobs.supply, without.supply)
    assert with_jobs.demand - without.demand == pytest.approx(jobs)
    assert without.gap - with_jobs.gap == pytest.approx(jobs)
    assert with_jobs.years == (2024, 2025, 2026)


def test_a_positive_gap_is_a_surplus_of_labour() -> None:
    base = _base()
    o = L.outlook(base, 2024)
    many = L.outlook(base, 2024, participation=np.ones((2, AGES)))
    assert (many.gap > o.gap).all()  # more labour, same jobs: the gap grows
    assert many.gap_per_1000 == pytest.approx(1000 * many.gap / many.supply)


@pytest.mark.parametrize("to_year", [2023, 2022, 2023 + L.MAX_YEARS + 1])
def test_a_year_outside_the_outlook_is_refused_with_its_range(to_year: int) -> None:
    with pytest.raises(InvalidInput) as caught:
        L.outlook(_base(), to_year)
    assert caught.value.params == {"year": to_year, "first": 2024, "last": 2023 + L.MAX_YEARS}


def test_the_store_outlook_starts_from_its_latest_population(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        with pytest.raises(NotFound):
            L.store_outlook(conn)
        planted_country(conn)
        o = L.store_outlook(conn)
        base = store_population(conn)
    assert o.years == (2025, 2026, 2027, 2028, 2029)
    assert base.year == 2024
    assert (o.supply > 0).all() and (o.demand > 0).all()


def test_demand_beyond_the_data_is_the_backtests_forecast_of_the_same_series() -> None:
    """The unpublished 2015 is a year of the series (between its neighbours), not a year left out: the drift
    of 2001-2025 is over 24 years."""
    series = next(s for s in shipped_series() if s.family == "employment" and s.name == "11")
    last = int(series.years[-1])
    expected = METHODS[L.employment_method()](series.up_to(last), 2).point
    got = L.employment_trend(("11",), last, 2)[:, 0]
    assert got == pytest.approx(expected, rel=1e-12)
