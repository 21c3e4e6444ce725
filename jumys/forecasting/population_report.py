"""A population forecast as data for the doors: totals by region and year in each variant, the age groups and
the pyramid of a region (or the country), the parameters, and the data it came from."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, Field

from jumys.forecasting import messages as M
from jumys.forecasting.population import (
    GROUPS,
    VARIANTS,
    PopulationForecast,
    Source,
    age_groups,
    parameters,
)
from jumys.kit.messages import Text

NATION = "KZ"
SHOWN_YEARS = 6  # years of a table


def shown_years(years: list[int], most: int = SHOWN_YEARS) -> list[int]:
    """The first year, every fifth after it and the last, at most `most` (the earliest fifths left out first)."""
    shown = [years[0]] + [y for y in years[1:-1] if y % 5 == 0] + [years[-1]]
    while len(shown) > most:
        del shown[1]
    return shown


class DataOut(BaseModel):
    """What the forecast was made from."""

    source: Source = Field(description="store: the store's population and migration; shipped: BNS statistics")
    base_year: int = Field(description="The population of 1 January of this year: the last the data give.")
    batch_no: int | None = Field(None, description="The store's batch that wrote that population.")
    batch_id: str | None = None
    migration_years: list[int] | None = Field(
        None, description="First and last year of the net migration used."
    )
    note: str = Field(description="How far the data go (English; the doors render it in their language).")


class RegionTotals(BaseModel):
    """A region's (or the country's) persons at 1 January of each year, in each variant."""

    kato2: str
    net_migration: float | None = Field(None, description="Net migration a year, medium variant.")
    low: list[float]
    medium: list[float]
    high: list[float]


class AgeGroups(BaseModel):
    """Persons by age group at 1 January of each year (medium variant)."""

    scope: str = Field(description="A region's kato2, or KZ for the country.")
    groups: dict[str, list[float]] = Field(description="0-5, 6-17, 18-62, 63+ -> persons by year.")


class Pyramid(BaseModel):
    """Persons by single age (0..100, 100 = 100+) and sex in the first and the last year (medium variant)."""

    scope: str
    years: list[int]
    men: list[list[float]]
    women: list[list[float]]


class PopulationForecastOut(BaseModel):
    """The population forecast of GET /forecasts/population."""

    data: DataOut
    parameters: dict[str, object]
    to: int
    years: list[int]
    regions: list[RegionTotals]
    national: RegionTotals
    age_groups: AgeGroups
    pyramid: Pyramid


def data_note(base_year: int) -> Text:
    """How far the data go, as a message."""
    return M.DATA_GO_TO(year=str(base_year))


def _totals(f: PopulationForecast, index: int | None, kato2: str) -> RegionTotals:
    def series(v: str) -> list[float]:
        pops = f.variants[v]  # type: ignore[index]
        return [round(float(p.persons.sum() if index is None else p.persons[index].sum())) for p in pops]

    net = float(f.net_migration.sum() if index is None else f.net_migration[index])
    return RegionTotals(kato2=kato2, net_migration=round(net), **{v: series(v) for v in VARIANTS})


def forecast_out(f: PopulationForecast, region: str | None = None) -> PopulationForecastOut:
    """The forecast as the API gives it: every region's totals, or only region's, and its ages."""
    regions = f.regions
    shown = [region] if region else list(regions)
    index = regions.index(region) if region else None
    medium = f.variants["medium"]
    scope = region or NATION

    def persons(year_index: int) -> NDArray[np.float64]:
        p = medium[year_index].persons
        return np.asarray(p[index] if index is not None else p.sum(axis=0), dtype=np.float64)

    groups: dict[str, list[float]] = {name: [] for name, _, _ in GROUPS}
    for k in range(len(medium)):
        for name, value in age_groups(persons(k)).items():
            groups[name].append(round(value))
    first, last = persons(0), persons(len(medium) - 1)
    data = f.data
    return PopulationForecastOut(
        data=DataOut(
            source=data.source,
            base_year=data.base_year,
            batch_no=data.batch_no,
            batch_id=data.batch_id,
            migration_years=list(data.migration_years) if data.migration_years else None,
            note=data_note(data.base_year).english,
        ),
        parameters=parameters(),
        to=f.to,
        years=f.years,
        regions=[_totals(f, regions.index(k), k) for k in shown],
        national=_totals(f, None, NATION),
        age_groups=AgeGroups(scope=scope, groups=groups),
        pyramid=Pyramid(
            scope=scope,
            years=[f.years[0], f.years[-1]],
            men=[[round(x, 1) for x in first[0]], [round(x, 1) for x in last[0]]],
            women=[[round(x, 1) for x in first[1]], [round(x, 1) for x in last[1]]],
        ),
    )
