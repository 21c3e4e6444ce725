"""The cohort-component model: population by region, sex and single year of age, one year at a time.

Population is counted at 1 January; a year moves it to 1 January of the next (docs/forecasting.md,
"Population"). In a projected year, by region and sex:

1. survival: persons aged a on 1 January are aged a + 1 a year later with probability survival[a]
   (a life table's L(a + 1) / L(a)); the open group 100+ keeps survival[100] of itself and receives
   the survivors of age 99;
2. net migration, counted by age at the end of the year, is added to the survivors; where emigration
   exceeds what is left of a cohort the cohort ends at zero and the excess is not carried to other
   ages or regions (the migration actually applied is reported, so the accounts balance);
3. births: fertility[a] births per woman-year at age a, on the mean of the women aged a at the start
   of the year and at its end; boys and girls by the sex ratio at birth; the newborns who survive to
   1 January (newborn_survival, the life table's L(0) / l(0)) are age 0 of the next year.

NumPy, a few array operations per year: no library does this well enough to be worth a dependency.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import sqlalchemy as sa
from numpy.typing import NDArray

from jumys.errors import NotFound
from jumys.forecasting import messages as M
from jumys.forecasting import population_params as P
from jumys.reference.regions import region_codes

AGES = 101  # 0..99 and 100 = 100 and over
SEXES = ("M", "F")


@dataclass(frozen=True)
class Population:
    """Persons at 1 January of `year` by (region, sex, age)."""

    year: int
    regions: tuple[str, ...]
    persons: NDArray[np.float64]  # (len(regions), 2, AGES)

    def totals(self) -> NDArray[np.float64]:
        """Persons by region."""
        return np.asarray(self.persons.sum(axis=(1, 2)), dtype=np.float64)


@dataclass(frozen=True)
class Rates:
    """What moves a population a year on, besides migration."""

    survival: NDArray[np.float64]  # (2, AGES) or (R, 2, AGES): one-year survival from each age
    fertility: NDArray[np.float64]  # (R, AGES): births per woman per year by mother's age
    boys_per_100_girls: float  # sex ratio at birth
    newborn_survival: NDArray[np.float64] = field(default_factory=lambda: np.ones(2))  # (2,) birth -> 1 Jan


@dataclass(frozen=True)
class Accounts:
    """A projected year's flows by region: births, deaths and the net migration actually applied."""

    births: NDArray[np.float64]  # (R,)
    deaths: NDArray[np.float64]  # (R,)
    migration: NDArray[np.float64]  # (R,)


def step(pop: Population, rates: Rates, net: NDArray[np.float64]) -> tuple[Population, Accounts]:
    """The population a year later and the year's accounts; net is (R, 2, AGES) by age at the year's end."""
    persons = pop.persons
    survival = np.broadcast_to(rates.survival, persons.shape)
    survivors = np.zeros_like(persons)
    survivors[:, :, 1:] = persons[:, :, :-1] * survival[:, :, :-1]
    survivors[:, :, -1] += persons[:, :, -1] * survival[:, :, -1]
    deaths = (persons * (1.0 - survival)).sum(axis=(1, 2))

    women = 0.5 * (persons[:, 1, :] + np.maximum(survivors[:, 1, :] + net[:, 1, :], 0.0))
    births = (women * rates.fertility).sum(axis=1)
    boys = rates.boys_per_100_girls / (100.0 + rates.boys_per_100_girls)
    newborn = np.stack([births * boys, births * (1.0 - boys)], axis=1) * rates.newborn_survival[None, :]
    deaths = deaths + births - newborn.sum(axis=1)
    survivors[:, :, 0] = newborn

    after = np.maximum(survivors + net, 0.0)  # emigration beyond a cohort empties it, no more
    applied = (after - survivors).sum(axis=(1, 2))
    return Population(pop.year + 1, pop.regions, after), Accounts(births, deaths, applied)


def project_with_accounts(
    base: Population, rates: Rates, net_migration: NDArray[np.float64], years: int
) -> tuple[list[Population], list[Accounts]]:
    """project, with each projected year's accounts."""
    _check_shapes(base, rates, net_migration, years)
    result, accounts = [base], []
    for k in range(years):
        nxt, acc = step(result[-1], rates, net_migration[k])
        result.append(nxt)
        accounts.append(acc)
    return result, accounts


def project(
    base: Population, rates: Rates, net_migration: NDArray[np.float64], years: int
) -> list[Population]:
    """[base, year + 1, ..., year + years]; net_migration is (years, R, 2, AGES), persons in minus out."""
    return project_with_accounts(base, rates, net_migration, years)[0]


def _check_shapes(base: Population, rates: Rates, net: NDArray[np.float64], years: int) -> None:
    r = len(base.regions)
    if base.persons.shape != (r, 2, AGES):
        raise ValueError(f"persons: shape {base.persons.shape}, expected {(r, 2, AGES)}")
    if rates.survival.shape not in ((2, AGES), (r, 2, AGES)):
        raise ValueError(f"survival: shape {rates.survival.shape}")
    if rates.fertility.shape != (r, AGES):
        raise ValueError(f"fertility: shape {rates.fertility.shape}, expected {(r, AGES)}")
    if net.shape[0] < years or net.shape[1:] != (r, 2, AGES):
        raise ValueError(f"net_migration: shape {net.shape}, expected ({years}, {r}, 2, {AGES})")


def spread_migration(net: NDArray[np.float64]) -> NDArray[np.float64]:
    """(years, R) net migration totals -> (years, R, 2, AGES) by the migration age-sex pattern."""
    pattern = P.migration_pattern()
    return np.asarray(net[:, :, None, None] * pattern[None, None, :, :], dtype=np.float64)


def default_rates(
    regions: tuple[str, ...],
    *,
    tfr: float = P.NATIONAL_TFR,
    life_expectancy: tuple[float, float] = P.LIFE_EXPECTANCY,
    boys_per_100_girls: float = P.BOYS_PER_100_GIRLS,
) -> Rates:
    """The parameters of population_params: a life table by sex at the given life expectancy, regional
    fertility (the national TFR times each region's relative level, times the age pattern)."""
    tables = [P.life_table(e0, sex) for sex, e0 in enumerate(life_expectancy)]
    relative = P.relative_fertility(regions)
    fertility = tfr * relative[:, None] * P.fertility_pattern()[None, :]
    return Rates(
        survival=np.stack([t.survival for t in tables]),
        fertility=np.asarray(fertility, dtype=np.float64),
        boys_per_100_girls=boys_per_100_girls,
        newborn_survival=np.array([t.newborn_survival for t in tables]),
    )


# --- the store -----------------------------------------------------------------------------------

_POPULATION = sa.text(
    "SELECT substr(kato, 1, 2) AS region, sex, age, SUM(persons) AS persons FROM population"
    " WHERE year = :year GROUP BY substr(kato, 1, 2), sex, age"
)
_YEARS = sa.text("SELECT DISTINCT year FROM population ORDER BY year")
_MIGRATION = sa.text(
    "SELECT year, substr(from_kato, 1, 2) AS source, substr(to_kato, 1, 2) AS target, SUM(persons) AS persons"
    " FROM migration WHERE substr(from_kato, 1, 2) <> substr(to_kato, 1, 2)"
    " GROUP BY year, substr(from_kato, 1, 2), substr(to_kato, 1, 2)"
)


def store_years(conn: sa.Connection) -> list[int]:
    """The years of the store's population table, oldest first."""
    return [int(y) for y in conn.execute(_YEARS).scalars()]


def store_population(conn: sa.Connection, year: int | None = None) -> Population:
    """The store's population table (data contract) for year, the latest by default; NotFound if empty."""
    years = store_years(conn)
    if not years:
        raise NotFound(M.NO_POPULATION)
    if year is None:
        year = years[-1]
    if year not in years:
        raise NotFound(M.NO_POPULATION_YEAR, year=str(year), first=str(years[0]), last=str(years[-1]))
    regions = tuple(sorted(region_codes()))
    index = {k: i for i, k in enumerate(regions)}
    persons = np.zeros((len(regions), 2, AGES))
    for region, sex, age, n in conn.execute(_POPULATION, {"year": year}):
        if region in index:
            persons[index[region], SEXES.index(sex), min(int(age), AGES - 1)] += float(n)
    return Population(year, regions, persons)


def store_net_migration(conn: sa.Connection, regions: tuple[str, ...]) -> dict[int, NDArray[np.float64]]:
    """Net migration by region (arrivals - departures between regions) for each year of the migration table."""
    index = {k: i for i, k in enumerate(regions)}
    result: dict[int, NDArray[np.float64]] = {}
    for year, source, target, n in conn.execute(_MIGRATION):
        net = result.setdefault(int(year), np.zeros(len(regions)))
        if source in index:
            net[index[source]] -= float(n)
        if target in index:
            net[index[target]] += float(n)
    return dict(sorted(result.items()))
