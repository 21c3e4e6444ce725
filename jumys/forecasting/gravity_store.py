"""What the gravity model reads from the store: the migration matrix and the regions' covariates by year.

- Flows: the `migration` table summed by the regions (first two KATO digits) of origin and destination,
  moves inside one region left out; a pair of regions without a row in a year of the table moved 0.
- Population: the `population` table (persons at 1 January, summed over sex and age), the same
  registry and scale as the migration table; a region without a row there takes region_stats'
  `population`.
- Unemployment rate and wage: region_stats' `unemployment_rate` and `avg_wage_kzt`, the annual row of
  a year (period 'YYYY') or else the mean of its monthly rows; a region's row is its smallest KATO code.
- A year a region has no figure for takes the region's figure of the nearest year before it, or, when
  there is none before, the nearest after (docs/forecasting.md, "Migration flows").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sqlalchemy as sa
from numpy.typing import NDArray

from jumys.errors import NotFound
from jumys.forecasting import messages as M
from jumys.registry.tables import TABLES

STATS = {"unemployment": "unemployment_rate", "wage": "avg_wage_kzt", "population": "population"}


@dataclass(frozen=True)
class StoreCovariates:
    """Each covariate's figures by region and year, as found in the store."""

    regions: tuple[str, ...]
    figures: dict[str, dict[str, dict[int, float]]]  # covariate -> region -> year -> value

    def _years(self) -> list[int]:
        years = [y for by_year in self.figures["population"].values() for y in by_year]
        if not years:
            raise NotFound(M.COVARIATE_MISSING, what="population", region="–")
        return years

    @property
    def newest_year(self) -> int:
        """The newest year of any population figure."""
        return max(self._years())

    @property
    def oldest_year(self) -> int:
        """The oldest year of any population figure."""
        return min(self._years())

    def at(self, what: str, year: int) -> NDArray[np.float64]:
        """The covariate of every region in `year`: its own figure or the nearest year's (before first)."""
        values = []
        for region in self.regions:
            by_year = self.figures[what].get(region, {})
            if not by_year:
                raise NotFound(M.COVARIATE_MISSING, what=STATS[what], region=region)
            before = [y for y in by_year if y <= year]
            values.append(by_year[max(before)] if before else by_year[min(by_year)])
        result = np.array(values, dtype=np.float64)
        if what != "unemployment" and (result <= 0).any():
            region = self.regions[int(np.argmax(result <= 0))]
            raise NotFound(M.COVARIATE_MISSING, what=STATS[what], region=region)
        return result


def read_flows(conn: sa.Connection, regions: Sequence[str]) -> dict[int, NDArray[np.float64]]:
    """The migration matrix of each year of the table, (R, R) in `regions` order, diagonal 0."""
    m = TABLES["migration"]
    origin, dest = sa.func.substr(m.c.from_kato, 1, 2), sa.func.substr(m.c.to_kato, 1, 2)
    rows = conn.execute(
        sa.select(m.c.year, origin, dest, sa.func.sum(m.c.persons))
        .where(origin != dest)
        .group_by(m.c.year, origin, dest)
    ).all()
    index = {k: i for i, k in enumerate(regions)}
    years = {int(y) for y, *_ in conn.execute(sa.select(m.c.year).distinct()).all()}
    result = {y: np.zeros((len(regions), len(regions))) for y in sorted(years)}
    for year, o, d, persons in rows:
        if o in index and d in index:
            result[int(year)][index[o], index[d]] += float(persons)
    return result


def _region_stats(conn: sa.Connection) -> dict[str, dict[str, dict[int, float]]]:
    s = TABLES["region_stats"]
    rows = conn.execute(
        sa.select(s.c.indicator, s.c.kato, s.c.period, s.c.value)
        .where(s.c.indicator.in_(list(STATS.values())))
        .order_by(s.c.kato)
    ).all()
    annual: dict[tuple[str, str, int], float] = {}
    monthly: dict[tuple[str, str, int], list[float]] = defaultdict(list)
    first_kato: dict[tuple[str, str, int], str] = {}
    for indicator, kato, period, value in rows:
        key = (indicator, kato[:2], int(period[:4]))
        if first_kato.setdefault(key, kato) != kato:
            continue  # a region's row is its smallest KATO code
        if len(period) == 4:
            annual[key] = float(value)
        else:
            monthly[key].append(float(value))
    found: dict[str, dict[str, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
    for key in set(annual) | set(monthly):
        indicator, region, year = key
        found[indicator][region][year] = annual[key] if key in annual else float(np.mean(monthly[key]))
    return found


def _population(conn: sa.Connection) -> dict[str, dict[int, float]]:
    p = TABLES["population"]
    region = sa.func.substr(p.c.kato, 1, 2)
    rows = conn.execute(
        sa.select(region, p.c.year, sa.func.sum(p.c.persons)).group_by(region, p.c.year)
    ).all()
    found: dict[str, dict[int, float]] = defaultdict(dict)
    for r, year, persons in rows:
        found[r][int(year)] = float(persons)
    return found


def read_covariates(conn: sa.Connection, regions: Sequence[str]) -> StoreCovariates:
    """Population, unemployment rate and wage of each region by year, as the store has them."""
    stats = _region_stats(conn)
    registered = _population(conn)
    population = {r: registered.get(r) or dict(stats["population"].get(r, {})) for r in regions}
    figures = {
        "population": population,
        "unemployment": {r: dict(stats["unemployment_rate"].get(r, {})) for r in regions},
        "wage": {r: dict(stats["avg_wage_kzt"].get(r, {})) for r in regions},
    }
    return StoreCovariates(tuple(regions), figures)
