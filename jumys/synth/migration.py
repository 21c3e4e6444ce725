"""The former one-year resettlement and kandas cases and flows, drawn from the main stream and not written.

Internal mobility (jumys/synth/mobility.py, a stream of its own) writes the cases, flows and population
of the batch. This step stays so that every later draw of the main stream is what it was: its heads and
their contracts (people who moved on their own, with no case) stay in the batch; the rest is dropped.
Its numbers are those of the first synthetic country (ASSUMPTIONS.md, "Migration (the former one-year
cases)"): change nothing here, or every later main draw changes.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from jumys.synth import geo
from jumys.synth.calibration import Calibration
from jumys.synth.contracts import EmployerSampler
from jumys.synth.days import day
from jumys.synth.draw import choice, uniform_days
from jumys.synth.employers import Employers
from jumys.synth.jobs import JobModel
from jumys.synth.population import birth_dates, employee_profile, sample_ages
from jumys.synth.tables import COUNTRIES, FIXED_TERM, KANDAS, PERMANENT, ContractStore, PersonStore

PROGRAMS = ("resettler", "kandas")
_SURPLUS = {"61": 3.0, "79": 2.0, "31": 2.0, "43": 1.5, "19": 1.5, "33": 1.0, "47": 1.0}
_DEFICIT = {"59": 3.0, "39": 2.0, "55": 2.0, "11": 1.5, "63": 1.5, "10": 1.0, "35": 1.0, "62": 0.5}
_CASES_AT_SCALE_1 = (4000, 6000)  # families per year: resettlers, kandas
_KANDAS_ORIGIN = {"UZB": 45, "CHN": 25, "MNG": 15, "TKM": 8, "RUS": 5, "KGZ": 2}
_MOVERS_SHARE = 0.014  # residents who change region in a year
_ATTRACTION = {"71": 3.0, "75": 2.5, "79": 1.3}
_PUSH = 1.3  # extra out-migration from labour-surplus regions


def _weights(cal: Calibration, table: dict[str, float]) -> NDArray[np.float64]:
    return np.array([table.get(k, 0.0) for k in cal.kato2])


def generate(
    cal: Calibration,
    emps: Employers,
    persons: PersonStore,
    contracts: ContractStore,
    jobs: JobModel,
    scale: float,
    rng: np.random.Generator,
) -> None:
    """Draw the former cases (their heads and contracts go to the stores) and flows, in the former order."""
    y0, y1 = day(cal.year), day(cal.year + 1)
    counts = [max(3, round(c * scale)) for c in _CASES_AT_SCALE_1]
    program = np.repeat(np.arange(2), counts)
    n = program.size
    source = choice(_weights(cal, _SURPLUS), n, rng)
    target = choice(_weights(cal, _DEFICIT), n, rng)
    rng.poisson(2.5, n)  # the family sizes: drawn, not kept
    moved = uniform_days(y0, y1 - 1, rng, n)
    left_day = moved.astype(np.int64) + rng.integers(60, 301, n)
    left = np.where((rng.random(n) < 0.08) & (left_day < y1), left_day, -1).astype(np.int32)
    female = rng.random(n) < 0.3
    ages = np.maximum(sample_ages(cal, source, female, employee_profile(), rng), 20)
    origin = np.zeros(len(COUNTRIES))
    origin[[COUNTRIES.index(c) for c in _KANDAS_ORIGIN]] = list(_KANDAS_ORIGIN.values())
    kandas = program == PROGRAMS.index("kandas")
    citizenship = np.where(kandas, choice(origin, n, rng), 0).astype(np.int16)
    status = np.where(kandas, KANDAS, 0).astype(np.int8)
    who = persons.add(birth_dates(ages, y0, rng), female, status, citizenship)

    # half of the heads take a job in the new region
    start = moved.astype(np.int64) + rng.integers(10, 121, n)
    works = np.flatnonzero((rng.random(n) < 0.5) & (start < y1) & ((left < 0) | (start < left)))
    employer = EmployerSampler(emps.region, emps.weight, cal.regions).draw(target[works], rng)
    section = emps.section[employer]
    group = jobs.groups(section, rng)
    end = np.where(left[works] >= 0, left[works], np.iinfo(np.int32).max)
    contracts.add(
        who[works],
        employer,
        jobs.nkz(group, rng),
        np.where(rng.random(works.size) < 0.6, PERMANENT, FIXED_TERM),
        jobs.conditions(section, rng),
        start[works].astype(np.int32),
        end.astype(np.int32),
        jobs.salary(target[works], group, rng),
    )

    _flows(cal, scale, rng)  # drawn, not kept


def _flows(cal: Calibration, scale: float, rng: np.random.Generator) -> NDArray[np.int64]:
    """Movers between regions from a gravity model: population^0.9 at both ends, attraction, distance^-1.2."""
    centres = np.array([geo.centroid(cal.shapes[k], rng) for k in cal.kato2])
    lon, lat = np.radians(centres[:, 0]), np.radians(centres[:, 1])
    cos = np.sin(lat)[:, None] * np.sin(lat)[None, :] + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.cos(
        lon[:, None] - lon[None, :]
    )
    distance = np.maximum(6371.0 * np.arccos(np.clip(cos, -1.0, 1.0)), 50.0)
    population = cal.population.sum(axis=1).astype(np.float64)
    push = np.where(_weights(cal, _SURPLUS) > 0, _PUSH, 1.0)
    pull = np.array([_ATTRACTION.get(k, 1.0) for k in cal.kato2])
    weight = (population**0.9 * push)[:, None] * (population**0.9 * pull)[None, :] / distance**1.2
    np.fill_diagonal(weight, 0.0)
    total = round(_MOVERS_SHARE * population.sum() * scale)
    return rng.multinomial(total, (weight / weight.sum()).ravel()).reshape(weight.shape).astype(np.int64)
