"""Labour supply and demand by region, and the gap between them (docs/forecasting.md, "Labour supply and
demand").

- Supply: the labour force, population by region, sex and single year of age times participation
  rates by sex and age. The rates' shape by age is PARTICIPATION_SHAPE (named, with its source); their
  level is fitted to the shipped real data: the labour force implied by the published employed and
  unemployment rate (employed / (1 - rate)) of 2020 over the population of 2020 by broad age group.
- Demand: the employment trend of each region (the published employed persons, forecast by the method
  the backtest chose for the employment family), put on the store's population scale, plus the jobs of
  a scenario (zero by default).
- Gap: supply - demand (positive: a surplus of labour), and per 1,000 of the labour force.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import sqlalchemy as sa
from numpy.typing import NDArray

from jumys.errors import InvalidInput, NotFound
from jumys.forecasting import messages as M
from jumys.forecasting.backtest import run_backtest
from jumys.forecasting.cohort import (
    AGES,
    Population,
    default_rates,
    project,
    spread_migration,
    store_net_migration,
    store_population,
)
from jumys.forecasting.methods import METHODS
from jumys.forecasting.series import Series, make_series, shipped_series
from jumys.reference import stats

Array = NDArray[np.float64]
# Participation by sex and age band relative to men of 30-54 (= 1), the shape of ILO's modelled
# estimates for Kazakhstan (ILOSTAT, "Labour force participation rate by sex and age", 2019-2023,
# rounded): men, women; bands start at the given ages, 0 below 15
PARTICIPATION_BANDS = (15, 20, 25, 30, 55, 60, 65, AGES)
PARTICIPATION_SHAPE = (
    (0.10, 0.62, 0.95, 1.00, 0.85, 0.60, 0.12),
    (0.07, 0.48, 0.78, 0.88, 0.62, 0.28, 0.07),
)
CALIBRATION_YEAR = 2020  # the year of the shipped population by broad age group
LAST_AGE_OF_OLD = 85  # the oldest band of the 2020 file (63+, 59+) is taken as running to this age
MAX_YEARS = 30  # a labour outlook reaches at most this many years beyond its base
# the years each region's employment series is on today's territory (older years held other regions)
_TERRITORY_FROM = {"19": 2022, "35": 2022, "63": 2022, "61": 2019, "79": 2019}


def labour_supply(persons: Array, participation: Array) -> Array:
    """The labour force by region, (R,): persons (R, 2, AGES) x participation (2, AGES) or (R, 2, AGES)."""
    return np.asarray((persons * participation).sum(axis=(1, 2)), dtype=np.float64)


def participation_shape() -> Array:
    """PARTICIPATION_SHAPE by single year of age, (2, AGES)."""
    shape = np.zeros((2, AGES))
    for sex in (0, 1):
        for k, (lo, hi) in enumerate(itertools.pairwise(PARTICIPATION_BANDS)):
            shape[sex, lo:hi] = PARTICIPATION_SHAPE[sex][k]
    return shape


@lru_cache(maxsize=1)
def default_participation() -> Array:
    """Participation rates by sex and age, (2, AGES): the shape scaled so that, over the 2020 population
    by broad age group (each group spread evenly over its ages), it gives the 2020 labour force."""
    shape = participation_shape()
    employed = stats.employed_by_region(CALIBRATION_YEAR)
    rate = stats.unemployment_rate_by_region(CALIBRATION_YEAR)
    labour_force = sum(employed[k] / (1.0 - rate[k] / 100.0) for k in employed if k in rate)
    bands = {"M": ((0, 16), (16, 63), (63, LAST_AGE_OF_OLD)), "F": ((0, 16), (16, 59), (59, LAST_AGE_OF_OLD))}
    names = {"M": ("0-15", "16-62", "63+"), "F": ("0-15", "16-58", "59+")}
    implied = 0.0
    for groups in stats.population_broad_age_sex_2020().values():
        for sex, s in (("M", 0), ("F", 1)):
            for (lo, hi), name in zip(bands[sex], names[sex], strict=True):
                implied += groups[(sex, name)] * float(shape[s, lo:hi].mean())
    return np.asarray(np.minimum(shape * labour_force / implied, 1.0), dtype=np.float64)


@lru_cache(maxsize=1)
def employment_method() -> str:
    """The method the backtest chose for the employment family."""
    choices = run_backtest([s for s in shipped_series() if s.family == "employment"]).choices
    return next(c.method for c in choices if c.family == "employment")


def _employed_series(region: str) -> Series:
    """The region's published employed persons on today's territory (an unpublished year between two
    published ones is a year of the series, between its neighbours: Series.up_to)."""
    first = max(_TERRITORY_FROM.get(region, 0), 1990)
    points: dict[int, float] = {}
    for year in range(first, 2101):
        try:
            row = stats.employed_by_region(year)
        except NotFound:
            continue
        if region in row:
            points[year] = float(row[region])
    return make_series("employment", region, points)


def _real_population(region: str, year: int) -> float:
    for y in range(year, 1999, -1):
        try:
            return float(stats.population_by_region(y)[region])
        except (NotFound, KeyError):
            continue
    raise NotFound(M.COVARIATE_MISSING, what="population", region=region)


def employment_trend(regions: tuple[str, ...], base_year: int, years: int) -> Array:
    """Employed persons by region for base_year + 1 .. base_year + years, (years, R): a published year as
    published, a later one forecast by the chosen method from the whole published series."""
    method = METHODS[employment_method()]
    result = np.zeros((years, len(regions)))
    for i, region in enumerate(regions):
        series = _employed_series(region)
        last = int(series.years[-1])
        values = series.up_to(last)
        known = dict(zip(series.years.tolist(), values.tolist(), strict=True))
        horizon = base_year + years - last
        path = method(values, horizon).point if horizon > 0 else np.array([])
        for k in range(years):
            year = base_year + 1 + k
            if year in known:
                result[k, i] = known[year]
            elif year > last:
                result[k, i] = path[year - last - 1]
            else:  # before the region's territory of today: its first year on it
                result[k, i] = values[0]
    return result


@dataclass(frozen=True)
class LabourOutlook:
    """Supply, demand and the gap by year and region (arrays (Y, R), persons)."""

    regions: tuple[str, ...]
    years: tuple[int, ...]
    supply: Array
    demand: Array
    jobs: Array  # scenario jobs included in demand

    @property
    def gap(self) -> Array:
        """Supply - demand: positive is a surplus of labour, negative a deficit."""
        return self.supply - self.demand

    @property
    def gap_per_1000(self) -> Array:
        """The gap per 1,000 of the labour force."""
        return np.asarray(1000.0 * self.gap / np.maximum(self.supply, 1.0), dtype=np.float64)


def outlook(
    base: Population,
    to_year: int,
    jobs: Array | None = None,
    participation: Array | None = None,
    net_migration: Array | None = None,
) -> LabourOutlook:
    """Supply and demand from base.year + 1 to to_year; jobs (Y, R) of a scenario, net migration (Y, R)
    by region (zero when not given)."""
    years = to_year - base.year
    if not 1 <= years <= MAX_YEARS:
        raise InvalidInput(M.LABOUR_YEARS, year=to_year, first=base.year + 1, last=base.year + MAX_YEARS)
    r = len(base.regions)
    jobs = np.zeros((years, r)) if jobs is None else np.asarray(jobs, dtype=np.float64)
    net = np.zeros((years, r)) if net_migration is None else np.asarray(net_migration, dtype=np.float64)
    if jobs.shape != (years, r) or net.shape != (years, r):
        raise ValueError(f"jobs and net migration: shape ({years}, {r}) expected")
    rates = participation if participation is not None else default_participation()
    future = project(base, default_rates(base.regions), spread_migration(net), years)[1:]
    supply = np.stack([labour_supply(p.persons, rates) for p in future])
    # the published employment on the store's scale: the store's population over the published one
    scale = np.array(
        [base.persons[i].sum() / _real_population(k, base.year) for i, k in enumerate(base.regions)]
    )
    demand = employment_trend(base.regions, base.year, years) * scale[None, :] + jobs
    return LabourOutlook(base.regions, tuple(range(base.year + 1, to_year + 1)), supply, demand, jobs)


def store_outlook(conn: sa.Connection, to_year: int | None = None) -> LabourOutlook:
    """The outlook from the store's latest population, with each region's mean net migration of the
    migration table's years every year; to_year defaults to five years after the base."""
    base = store_population(conn)
    mean_net = store_net_migration(conn, base.regions)
    years = (to_year or base.year + 5) - base.year
    net = None
    if mean_net and 1 <= years <= MAX_YEARS:
        net = np.tile(np.mean(list(mean_net.values()), axis=0), (years, 1))
    return outlook(base, base.year + years, net_migration=net)
