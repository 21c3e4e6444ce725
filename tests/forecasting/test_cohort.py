"""The cohort-component model: ageing, survival, births, migration, the accounts, no negative persons."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from jumys.forecasting import population_params as P
from jumys.forecasting.cohort import (
    AGES,
    Population,
    Rates,
    default_rates,
    project,
    project_with_accounts,
    spread_migration,
)
from jumys.reference.regions import region_codes

ONE = ("75",)


def _population(cells: dict[tuple[int, int], float], regions: tuple[str, ...] = ONE) -> Population:
    persons = np.zeros((len(regions), 2, AGES))
    for (sex, age), n in cells.items():
        persons[0, sex, age] = n
    return Population(2020, regions, persons)


def _rates(survival: float = 1.0, fertility: dict[int, float] | None = None, regions: int = 1) -> Rates:
    f = np.zeros((regions, AGES))
    for age, rate in (fertility or {}).items():
        f[:, age] = rate
    return Rates(np.full((2, AGES), survival), f, boys_per_100_girls=100.0)


def _no_migration(years: int, regions: int = 1) -> np.ndarray:
    return np.zeros((years, regions, 2, AGES))


def test_a_closed_population_without_deaths_or_births_only_ages() -> None:
    base = _population({(0, 0): 10, (0, 40): 7, (1, 98): 3, (1, 100): 2})
    years = project(base, _rates(), _no_migration(3), 3)
    assert [p.year for p in years] == [2020, 2021, 2022, 2023]
    last = years[-1].persons[0]
    assert last[0, 3] == 10 and last[0, 43] == 7
    assert last[1, 100] == 5  # 98 -> 99 -> 100 -> 100+, with those already 100+
    assert last.sum() == base.persons.sum()


def test_survival_only_takes_its_share_of_each_cohort_each_year() -> None:
    base = _population({(0, 20): 1000, (1, 99): 100, (1, 100): 50})
    two = project(base, _rates(survival=0.9), _no_migration(2), 2)[-1].persons[0]
    assert two[0, 22] == pytest.approx(810.0)
    assert two[1, 100] == pytest.approx((100 + 50) * 0.9 * 0.9)
    assert two.sum() == pytest.approx(0.81 * 1150)


def test_a_small_case_computed_by_hand() -> None:
    """Women 1,000 at 29 and 500 at 30, survival 0.98, 0.1 births per woman-year at 30, 105 boys per 100
    girls, newborn survival 0.99, 20 women of 30 emigrating.

    Survivors: 980 women aged 30, 490 aged 31; after migration 960 aged 30.
    Women-years at 30: (500 + 960) / 2 = 730; births 73; boys 73 x 105/205 = 37.390, girls 35.610;
    alive on 1 January: 37.017 boys and 35.254 girls; deaths 20 + 10 + 0.730.
    """
    base = _population({(1, 29): 1000, (1, 30): 500})
    rates = Rates(np.full((2, AGES), 0.98), _rates(fertility={30: 0.1}).fertility, 105.0, np.full(2, 0.99))
    net = _no_migration(1)
    net[0, 0, 1, 30] = -20
    (_, nxt), (acc,) = project_with_accounts(base, rates, net, 1)
    p = nxt.persons[0]
    assert p[1, 30] == pytest.approx(960) and p[1, 31] == pytest.approx(490)
    assert acc.births[0] == pytest.approx(73.0)
    assert p[0, 0] == pytest.approx(73 * 105 / 205 * 0.99)
    assert p[1, 0] == pytest.approx(73 * 100 / 205 * 0.99)
    assert acc.deaths[0] == pytest.approx(30 + 0.73)
    assert acc.migration[0] == pytest.approx(-20)


def _accounts_balance(base: Population, rates: Rates, net: np.ndarray, years: int) -> None:
    pops, accounts = project_with_accounts(base, rates, net, years)
    for before, after, acc in zip(pops[:-1], pops[1:], accounts, strict=True):
        np.testing.assert_allclose(
            after.totals(), before.totals() + acc.births - acc.deaths + acc.migration, rtol=1e-9, atol=1e-6
        )


def test_persons_in_plus_births_minus_deaths_plus_migration_is_persons_out() -> None:
    regions = tuple(sorted(region_codes()))
    rng = np.random.default_rng(5)
    base = Population(2023, regions, rng.uniform(0, 5000, (len(regions), 2, AGES)))
    net = spread_migration(rng.normal(0, 20_000, (5, len(regions))))
    _accounts_balance(base, default_rates(regions), net, 5)


def test_spread_migration_keeps_each_regions_total() -> None:
    net = np.array([[1000.0, -250.0], [0.0, 40.0]])
    spread = spread_migration(net)
    assert spread.shape == (2, 2, 2, AGES)
    np.testing.assert_allclose(spread.sum(axis=(2, 3)), net)
    assert spread[0, 0, 0, 25] > spread[0, 0, 0, 60] > 0  # young adults move most


@settings(max_examples=60, deadline=None)
@given(
    persons=arrays(np.float64, (2, 2, AGES), elements=st.floats(0, 1e4)),
    net=arrays(np.float64, (3, 2, 2, AGES), elements=st.floats(-2e4, 2e4)),
    survival=st.floats(0.0, 1.0),
    fertility=st.floats(0.0, 0.5),
)
def test_no_cohort_goes_below_zero_whatever_the_emigration(
    persons: np.ndarray, net: np.ndarray, survival: float, fertility: float
) -> None:
    """Emigration beyond what is left of a cohort empties the cohort and no more; the accounts still balance."""
    base = Population(2020, ("11", "75"), persons)
    rates = _rates(survival=survival, fertility={25: fertility, 30: fertility}, regions=2)
    for p in project(base, rates, net, 3):
        assert (p.persons >= 0).all()
    _accounts_balance(base, rates, net, 3)


def test_the_default_life_tables_have_the_published_life_expectancy() -> None:
    for sex, e0 in enumerate(P.LIFE_EXPECTANCY):
        table = P.life_table(e0, sex)
        assert table.e0 == pytest.approx(e0, abs=0.01)
        assert 1 - table.lx[1] == pytest.approx(P.INFANT_MORTALITY[sex], rel=0.2)
        s = table.survival
        assert (s > 0).all() and (s <= 1).all() and s[60] > s[90]


def test_the_default_fertility_gives_the_national_tfr_and_the_regions_differ() -> None:
    regions = tuple(sorted(region_codes()))
    rates = default_rates(regions)
    tfr = dict(zip(regions, rates.fertility.sum(axis=1), strict=True))
    assert tfr["61"] > P.NATIONAL_TFR > tfr["59"]  # Turkistan above, North Kazakhstan below
    assert tfr["10"] == pytest.approx(tfr["63"])  # Abai takes East Kazakhstan's 2020 level
    mean_age = (np.arange(AGES) + 0.5) @ P.fertility_pattern()
    assert mean_age == pytest.approx(P.MEAN_AGE_OF_MOTHER, abs=0.3)


def test_shapes_are_checked() -> None:
    base = _population({(0, 0): 1})
    with pytest.raises(ValueError, match="net_migration"):
        project(base, _rates(), np.zeros((1, 2, 2, AGES)), 1)
