"""A scenario of new growth points run through the chain: changes -> migration -> population by age -> needs,
and the baseline (no changes) beside it (docs/scenarios.md).

Each projected year t (the store's base year Y, 1 January, to the horizon H):
1. the covariates of the gravity model (jumys/forecasting/gravity.py): the base population, the store's
   latest unemployment rate and wage; a wage change multiplies the region's wage from its year on;
2. the flows the model predicts from them, divided by each origin's base population: the rates of moving
   from each region to each other, applied to the population at the start of t; their net by region, plus
   the persons resettled in t (out of the origin, into the destination), plus the movers the new jobs of t
   draw: the jobs not taken by the region's own people (1 - local_hire_share) times movers_per_job, into
   the region, out of the others in the shares the model's flows into the region have. Choice: jobs move
   people directly, not through the model's unemployment terms, whose fitted signs need not say that work
   draws people (on the synthetic country a lower unemployment at the origin kept people home, so new jobs
   emptied the region that got them). Choice: rates, not the model's
   flows of the projected populations, because a fitted elasticity of destination population above 1 feeds
   on itself (on the synthetic country one region grew to billions by 2050); an emptied region sends none;
3. that net spread over ages and sexes by the migration pattern (cohort.spread_migration) and projected one
   year with survival and births (cohort.project): the population at the end of t;
4. its age groups and needs (needs.py).
Results are at the end of each year t = Y..H; the base population (1 January Y) is shown as the end of Y - 1.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import sqlalchemy as sa
from numpy.typing import NDArray

from jumys.forecasting.cohort import (
    Population,
    Rates,
    default_rates,
    project,
    spread_migration,
    store_population,
)
from jumys.forecasting.gravity import Covariates, GravityModel, fit, net_migration, store_covariates
from jumys.forecasting.needs import age_groups, needs
from jumys.forecasting.scenario_file import Change, Scenario
from jumys.forecasting.scenario_params import Parameters

MEASURES = (
    "population",
    "net_migration",
    "age_0_5",
    "age_6_17",
    "age_18_62",
    "age_63_plus",
    "school_places",
    "kindergarten_places",
    "hospital_beds",
    "housing_m2",
)
Matrix = NDArray[np.float64]


@dataclass(frozen=True)
class Inputs:
    """What a run starts from: the base population, the rates, the fitted gravity model, the covariates, and
    where they came from."""

    base: Population
    rates: Rates
    model: GravityModel
    covariates: Covariates
    provenance: dict[str, Any]


@dataclass(frozen=True)
class Outcome:
    """A run's results: each measure (MEASURES) by year and region, for the scenario and the baseline."""

    regions: tuple[str, ...]
    years: tuple[int, ...]  # the end of each year; the first is the base population
    scenario: dict[str, Matrix]  # measure -> (years, regions)
    baseline: dict[str, Matrix]
    seconds: float


def store_inputs(conn: sa.Connection, base: Population | None = None) -> Inputs:
    """The store's newest population (or base), the default rates, the gravity model fitted on the store's
    migration matrix and the newest covariates, with the base year and the batches they came from."""
    base = base or store_population(conn)
    covariates = aligned(store_covariates(conn), base.regions)
    model = fit(conn)
    return Inputs(
        base=base,
        rates=default_rates(base.regions),
        model=model,
        covariates=covariates,
        provenance={
            "base_year": base.year,
            "covariates_year": covariates.year,
            "batches": batches_used(conn, base.year),
            "model": {
                "coefficients": dict(zip(model.names, np.asarray(model.coefficients).tolist(), strict=True)),
                "std_errors": dict(zip(model.names, np.asarray(model.std_errors).tolist(), strict=True)),
            },
        },
    )


def aligned(c: Covariates, regions: tuple[str, ...]) -> Covariates:
    """The covariates in the order of regions."""
    if c.regions == regions:
        return c
    at = [c.regions.index(r) for r in regions]
    return replace(
        c,
        regions=regions,
        population=c.population[at],
        unemployment=c.unemployment[at],
        wage=c.wage[at],
        distance_km=c.distance_km[np.ix_(at, at)],
    )


def batches_used(conn: sa.Connection, base_year: int) -> dict[str, list[str]]:
    """The ids of the batches whose rows a run read: the base year's population, the migration matrix, the
    regions' statistics."""
    found: dict[str, list[str]] = {}
    for table, where in (
        ("population", f"WHERE t.year = {int(base_year)}"),
        ("migration", ""),
        ("region_stats", ""),
    ):
        rows = conn.execute(
            sa.text(
                f"SELECT DISTINCT b.batch_id FROM {table} t JOIN batches b ON b.batch_no = t.batch_no "
                f"{where} ORDER BY b.batch_id"
            )
        )
        found[table] = [r[0] for r in rows]
    return found


def run_scenario(scenario: Scenario, inputs: Inputs) -> Outcome:
    """The scenario and its baseline from the inputs, to the scenario's horizon."""
    started = time.perf_counter()
    params = scenario.parameters
    baseline = _path(inputs, (), params)
    path = _path(inputs, scenario.changes, params)
    years = tuple(range(inputs.base.year - 1, params.horizon + 1))
    return Outcome(inputs.base.regions, years, path, baseline, time.perf_counter() - started)


def _path(inputs: Inputs, changes: tuple[Change, ...], params: Parameters) -> dict[str, Matrix]:
    """The measures by year (the base first) and region along one path: the changes, or none."""
    regions = inputs.base.regions
    at = {r: i for i, r in enumerate(regions)}
    first = inputs.base.year
    steps = params.horizon - first + 1
    jobs, wage_factor, moved = (
        np.zeros((steps, len(regions))),
        np.ones((steps, len(regions))),
        np.zeros((steps, len(regions))),
    )
    for c in changes:
        k = c.year - first
        if c.kind == "jobs":
            jobs[k:, at[c.region]] += c.value
        elif c.kind == "wage":
            wage_factor[k:, at[c.region]] *= 1 + c.value / 100
        else:
            moved[k, at[c.region]] -= c.value
            moved[k, at[c.to_region or c.region]] += c.value
    rows: list[dict[str, NDArray[np.float64]]] = [_measures(inputs.base.persons, None, params)]
    population = inputs.base
    cov = inputs.covariates
    base_totals = np.maximum(population.persons.sum(axis=(1, 2)), 1.0)
    # the movers each year's new jobs draw into their region
    drawn = (1 - params.local_hire_share) * params.movers_per_job * np.diff(jobs, axis=0, prepend=0.0)
    for k in range(steps):
        totals = population.persons.sum(axis=(1, 2))
        now = replace(cov, year=first + k, population=base_totals, wage=cov.wage * wage_factor[k])
        flows = inputs.model.predict(now)
        # the model's flows of the base population as rates of leaving each origin, applied to its population now
        rates = flows / base_totals[:, np.newaxis]
        net = net_migration(rates * totals[:, np.newaxis]) + moved[k] + _drawn_by_jobs(flows, drawn[k])
        by_age = spread_migration(net[np.newaxis, :])
        population = project(population, inputs.rates, by_age, 1)[-1]
        rows.append(_measures(population.persons, net, params))
    return {m: np.stack([row[m] for row in rows]) for m in MEASURES}


def _drawn_by_jobs(flows: NDArray[np.float64], drawn: NDArray[np.float64]) -> NDArray[np.float64]:
    """The net by region of the movers new jobs draw: into each job's region, out of the others in the shares
    of the model's flows into it (evenly where the model sends it no one)."""
    inflow = flows.sum(axis=0)
    r = len(drawn)
    even = (1.0 - np.eye(r)) / max(r - 1, 1)
    # shares[o, d]: of the movers into d, those from o
    shares = np.where(inflow > 0, flows / np.where(inflow > 0, inflow, 1.0), even)
    return drawn - shares @ drawn


def _measures(
    persons: NDArray[np.float64], net: NDArray[np.float64] | None, params: Parameters
) -> dict[str, NDArray[np.float64]]:
    """Every measure of one year by region (net migration none for the base population: NaN)."""
    total = persons.sum(axis=(1, 2))
    return {
        "population": total,
        "net_migration": np.full(len(total), np.nan) if net is None else net,
        **age_groups(persons),
        **needs(persons, params),
    }
