"""Population forecasts for users: from the store's latest year or from the shipped statistics, to 2035 or 2050,
in three variants (low, medium, high), by region, sex and age, with the parameters and data they came from.

- **store**: the store's population table (its latest year, the batch that wrote it) and the mean net
  migration by region of its migration table's last years (at most MIGRATION_YEARS), held constant;
- **shipped**: the published 1 January 2023 totals by region and sex (BNS), over single ages as in the
  check (population_check.built_population), and each region's net migration of 2022 (the residual
  of 2022-2023, both years on today's borders and the 2021 census).

The variants move fertility and net migration together by population_params' VARIANT_ amounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import sqlalchemy as sa
from numpy.typing import NDArray

from jumys.errors import InvalidInput, NotFound
from jumys.forecasting import messages as M
from jumys.forecasting import population_params as P
from jumys.forecasting.cohort import (
    AGES,
    Population,
    Rates,
    default_rates,
    project,
    spread_migration,
    store_net_migration,
    store_population,
    store_years,
)
from jumys.forecasting.population_check import built_population, national_growth, residual_migration
from jumys.reference.regions import region_codes

Source = Literal["store", "shipped"]
Variant = Literal["low", "medium", "high"]
VARIANTS: tuple[Variant, ...] = ("low", "medium", "high")
GROUPS = (("0-5", 0, 6), ("6-17", 6, 18), ("18-62", 18, 63), ("63+", 63, AGES))
MIGRATION_YEARS = 5  # the store's net migration: the mean of at most this many last years
SHIPPED_YEAR = 2023  # the latest published population by region and sex
MAX_YEAR = 2100
DEFAULT_TO = 2035


@dataclass(frozen=True)
class DataUsed:
    """What a forecast was made from."""

    source: Source
    base_year: int  # the population of 1 January of this year, the last the data give
    batch_no: int | None = None  # the store's batch that wrote that population
    batch_id: str | None = None
    migration_years: tuple[int, int] | None = None  # the years of net migration used


@dataclass(frozen=True)
class PopulationForecast:
    """The projection in each variant, from the base year to `to`, and what it assumed."""

    data: DataUsed
    to: int
    net_migration: NDArray[np.float64]  # (R,) persons a year, the medium variant
    variants: dict[Variant, list[Population]]

    @property
    def regions(self) -> tuple[str, ...]:
        """The regions, in the store's reference order."""
        return self.variants["medium"][0].regions

    @property
    def years(self) -> list[int]:
        """Base year .. to."""
        return [p.year for p in self.variants["medium"]]


def parameters() -> dict[str, Any]:
    """The named parameters of the model (population_params), as plain data."""
    return {
        "tfr": P.NATIONAL_TFR,
        "life_expectancy": {"M": P.LIFE_EXPECTANCY[0], "F": P.LIFE_EXPECTANCY[1]},
        "boys_per_100_girls": P.BOYS_PER_100_GIRLS,
        "mean_age_of_mother": P.MEAN_AGE_OF_MOTHER,
        "variant_tfr": P.VARIANT_TFR,
        "variant_migration": P.VARIANT_MIGRATION,
        "migration_years": MIGRATION_YEARS,
    }


def _batch(conn: sa.Connection, year: int) -> tuple[int | None, str | None]:
    row = conn.execute(
        sa.text(
            "SELECT b.batch_no, b.batch_id FROM batches b WHERE b.batch_no ="
            " (SELECT MAX(batch_no) FROM population WHERE year = :year)"
        ),
        {"year": year},
    ).first()
    return (int(row[0]), str(row[1])) if row else (None, None)


def store_base(conn: sa.Connection) -> tuple[Population, NDArray[np.float64], DataUsed]:
    """The store's latest population, its mean net migration by region, and where they came from."""
    base = store_population(conn)
    nets = store_net_migration(conn, base.regions)
    recent = sorted(y for y in nets if y <= base.year)[-MIGRATION_YEARS:] or sorted(nets)[-MIGRATION_YEARS:]
    net = np.mean([nets[y] for y in recent], axis=0) if recent else np.zeros(len(base.regions))
    batch_no, batch_id = _batch(conn, base.year)
    span = (recent[0], recent[-1]) if recent else None
    return base, np.asarray(net, dtype=np.float64), DataUsed("store", base.year, batch_no, batch_id, span)


def shipped_base() -> tuple[Population, NDArray[np.float64], DataUsed]:
    """The published 2023 population over single ages, the net migration of 2022, from the shipped statistics."""
    regions = tuple(sorted(region_codes()))
    growth = national_growth()
    rates = default_rates(regions)
    net = residual_migration(regions, growth, rates, last=SHIPPED_YEAR, history=SHIPPED_YEAR - 1)
    base = built_population(SHIPPED_YEAR, regions, growth)
    used = DataUsed("shipped", SHIPPED_YEAR, migration_years=(SHIPPED_YEAR - 1, SHIPPED_YEAR - 1))
    return base, np.array([net[k] for k in regions]), used


def variant_inputs(
    rates: Rates, net: NDArray[np.float64], variant: Variant, years: int
) -> tuple[Rates, NDArray[np.float64]]:
    """The rates and the yearly net migration (years, R, 2, AGES) of a variant."""
    sign = {"low": -1.0, "medium": 0.0, "high": 1.0}[variant]
    fertility = rates.fertility * (1.0 + sign * P.VARIANT_TFR)
    moved = net + sign * P.VARIANT_MIGRATION * np.abs(net)
    varied = Rates(rates.survival, fertility, rates.boys_per_100_girls, rates.newborn_survival)
    return varied, spread_migration(np.repeat(moved[None, :], years, axis=0))


def check_to(to: int, base_year: int) -> None:
    """InvalidInput unless base_year < to <= MAX_YEAR."""
    if not base_year < to <= MAX_YEAR:
        raise InvalidInput(M.YEAR_OUT_OF_RANGE, year=str(to), first=str(base_year + 1), last=str(MAX_YEAR))


def check_region(region: str | None) -> None:
    """InvalidInput unless region is None or a region's 2-digit KATO code."""
    if region is not None and region not in region_codes():
        raise InvalidInput(M.UNKNOWN_REGION, region=region)


def forecast_population(
    conn: sa.Connection | None, source: Source = "store", to: int = DEFAULT_TO
) -> PopulationForecast:
    """The projection from the chosen data to `to`, in its three variants."""
    if source == "store":
        if conn is None:
            raise ValueError("the store's forecast needs a connection")
        base, net, used = store_base(conn)
    else:
        base, net, used = shipped_base()
    check_to(to, base.year)
    rates = default_rates(base.regions)
    years = to - base.year
    variants: dict[Variant, list[Population]] = {}
    for v in VARIANTS:
        varied, yearly = variant_inputs(rates, net, v, years)
        variants[v] = project(base, varied, yearly, years)
    return PopulationForecast(used, to, net, variants)


def age_groups(persons: NDArray[np.float64]) -> dict[str, float]:
    """Persons (..., 2, AGES) summed into the groups 0-5, 6-17, 18-62, 63+."""
    return {name: float(persons[..., lo:hi].sum()) for name, lo, hi in GROUPS}


@dataclass(frozen=True)
class ReplayYear:
    """A year of the store replayed from its first: the projection's errors against the store's own figures."""

    year: int
    national: float  # (projected - stored) / stored, %
    mean_absolute: float  # mean over the regions of |error|, %
    largest: float  # the largest |error| of a region, %
    region: str  # where it is


def replay_store(conn: sa.Connection) -> list[ReplayYear]:
    """The store's first population projected year by year with the store's own net migration of each year,
    scored against the store's populations of the later years (those with migration up to the year before)."""
    years = store_years(conn)
    if not years:
        raise NotFound(M.NO_POPULATION)
    base = store_population(conn, years[0])
    nets = store_net_migration(conn, base.regions)
    rates = default_rates(base.regions)
    result, pop = [], base
    for year in years[1:]:
        if year - 1 not in nets or year != pop.year + 1:
            break
        pop = project(pop, rates, spread_migration(nets[year - 1][None, :]), 1)[-1]
        stored = store_population(conn, year).totals()
        error = 100.0 * (pop.totals() - stored) / np.maximum(stored, 1.0)
        worst = int(np.argmax(np.abs(error)))
        national = 100.0 * (pop.totals().sum() - stored.sum()) / stored.sum()
        result.append(
            ReplayYear(
                year,
                float(national),
                float(np.abs(error).mean()),
                float(abs(error[worst])),
                base.regions[worst],
            )
        )
    return result
