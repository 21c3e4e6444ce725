"""A country whose flows between regions are drawn from a gravity model of known coefficients."""

from __future__ import annotations

from typing import Any

import numpy as np
import sqlalchemy as sa
from numpy.typing import NDArray

from jumys.forecasting.gravity import Covariates, design_matrix, store_regions
from jumys.reference.regions import get_region, region_distances_km
from jumys.registry.tables import TABLES

# flows of some hundreds of persons between large regions, a few between small far ones
TRUTH = np.array([-13.0, 0.8, 0.9, -1.1, 0.06, -0.04, -0.4, 0.7])
YEARS = range(2019, 2025)


def covariates(year: int, rng: np.random.Generator) -> Covariates:
    """Populations, unemployment rates and wages drawn per region (different in each year)."""
    regs = store_regions()
    n = len(regs)
    return Covariates(
        year=year,
        regions=regs,
        population=np.round(rng.uniform(2e5, 3e6, n)),
        unemployment=np.round(rng.uniform(3.0, 7.0, n), 1),
        wage=np.round(rng.uniform(2.5e5, 6e5, n)),
        distance_km=np.asarray(region_distances_km(list(regs)), dtype=np.float64),
    )


def draw(c: Covariates, truth: NDArray[np.float64], rng: np.random.Generator) -> NDArray[np.float64]:
    """Poisson flows (R, R) of the model with the given coefficients, diagonal 0."""
    n = len(c.regions)
    mean = np.exp(design_matrix(c) @ truth).reshape(n, n)
    np.fill_diagonal(mean, 0.0)
    return rng.poisson(mean).astype(np.float64)


def kato(region: str) -> str:
    """The region's own 9-digit KATO code."""
    found = get_region(region)
    assert found is not None
    return found.kato


def plant(
    conn: sa.Connection,
    covs: dict[int, Covariates],
    flows: dict[int, NDArray[np.float64]],
    with_stats: bool = True,
) -> None:
    """Write the flows (zero flows left out), the populations (all at age 30) and the regional statistics."""
    migration: list[dict[str, Any]] = []
    population: list[dict[str, Any]] = []
    stats: list[dict[str, Any]] = []
    for year, c in covs.items():
        for i, r in enumerate(c.regions):
            population.append(
                {
                    "kato": kato(r),
                    "year": year,
                    "sex": "M",
                    "age": 30,
                    "persons": int(c.population[i]),
                    "batch_no": 1,
                }
            )
            for indicator, value in (("unemployment_rate", c.unemployment[i]), ("avg_wage_kzt", c.wage[i])):
                stats.append(
                    {
                        "kato": kato(r),
                        "period": str(year),
                        "indicator": indicator,
                        "value": float(value),
                        "batch_no": 1,
                    }
                )
            for j, t in enumerate(c.regions):
                if year in flows and flows[year][i, j] > 0:
                    migration.append(
                        {
                            "year": year,
                            "from_kato": kato(r),
                            "to_kato": kato(t),
                            "persons": int(flows[year][i, j]),
                            "batch_no": 1,
                        }
                    )
    if migration:
        conn.execute(sa.insert(TABLES["migration"]), migration)
    conn.execute(sa.insert(TABLES["population"]), population)
    if with_stats:
        conn.execute(sa.insert(TABLES["region_stats"]), stats)


def planted_country(
    conn: sa.Connection, seed: int = 7
) -> tuple[dict[int, Covariates], dict[int, NDArray[np.float64]]]:
    """Every year of YEARS planted with flows drawn from TRUTH; the covariates and flows returned."""
    rng = np.random.default_rng(seed)
    covs = {y: covariates(y, rng) for y in YEARS}
    flows = {y: draw(c, TRUTH, rng) for y, c in covs.items()}
    plant(conn, covs, flows)
    return covs, flows
