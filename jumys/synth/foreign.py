"""Foreign labour: quotas by region and category, and the work permits issued against them.

The national quota per category is the 2025 figure (used for every synthetic year) times the
scale; its split over regions, the share of a quota that is used, the countries of the workers
(a Dirichlet draw around a base mix, so it changes with the seed) and the permits' terms are
assumptions (ASSUMPTIONS.md). Holders of employer permits also get a fixed-term contract.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from jumys.synth.calibration import SECTIONS, Calibration
from jumys.synth.contracts import EmployerSampler
from jumys.synth.days import day
from jumys.synth.draw import apportion, choice, uniform_days
from jumys.synth.employers import Employers
from jumys.synth.jobs import JobModel
from jumys.synth.population import birth_dates, employee_profile, sample_ages
from jumys.synth.tables import COUNTRIES, FIXED_TERM, FOREIGNER, SEASONAL, ContractStore, PersonStore

CATEGORIES = ("head", "division_head", "specialist", "skilled_worker", "seasonal", "household")
HOUSEHOLD = CATEGORIES.index("household")
QUOTA_2025 = (649, 3254, 5718, 1161, 4097, 237_800)  # national, persons
# regional tilts of the quota by category (multipliers of the region's employed or population)
_TILT_SKILLED = {"23": 4.0, "47": 3.0, "71": 2.0, "75": 2.5, "15": 1.5, "27": 1.8, "35": 1.2, "79": 1.2}
_TILT_WORKERS = {"23": 4.0, "47": 2.5, "27": 2.0, "15": 1.5, "35": 1.5, "55": 1.3}
_TILT_SEASONAL = {"61": 3.0, "31": 2.5, "19": 2.5, "33": 2.0, "79": 1.5, "43": 1.5}
_TILT_HOUSEHOLD = {"75": 4.0, "71": 3.0, "79": 1.5}
_BASE_OTHER = (0.7, 0.7, 0.7, 0.8, 0.3, 0.5)
_WORKER_MIX = {
    "UZB": 22,
    "CHN": 20,
    "TUR": 14,
    "RUS": 8,
    "KGZ": 6,
    "IND": 6,
    "TJK": 4,
    "KOR": 3,
    "AZE": 2,
    "UKR": 2,
    "DEU": 2,
    "GBR": 2,
    "USA": 2,
    "ITA": 2,
    "BLR": 1,
    "IRN": 1,
    "PAK": 1,
    "VNM": 1,
    "PHL": 1,
}
_HOUSEHOLD_MIX = {"UZB": 60, "KGZ": 20, "TJK": 10, "RUS": 4, "AZE": 2, "AFG": 1, "TKM": 1, "MNG": 1, "UKR": 1}
_DIRICHLET_STRENGTH = 60.0
_GROUP = (1, 1, 2, 7, 6, 9)  # main NKZ major group by category; specialists also 3, skilled 8, seasonal 9
_ALT_GROUP = (1, 1, 3, 8, 9, 9)
_HOUSEHOLD_NKZ = np.array(
    [5311, 5322, 9111, 5152]
)  # ISCO-08: child care, home care, domestic cleaners, housekeepers
_SALARY_FACTOR = np.array([2.0, 1.5, 1.3, 1.0, 0.8, 0.0])
_SECTION_TILT = (None, None, None, {"B": 3.0, "C": 3.0, "F": 3.0}, {"A": 5.0, "F": 2.0}, None)


@dataclass
class Permits:
    """Quotas by (region, category) and the permits issued."""

    quota: NDArray[np.int64]  # (region, category)
    person: NDArray[np.int64]
    citizenship: NDArray[np.int64]
    employer: NDArray[np.int64]  # -1: a household
    category: NDArray[np.int64]
    nkz: NDArray[np.int64]
    region: NDArray[np.int64]
    issued: NDArray[np.int32]
    valid_until: NDArray[np.int32]
    revoked: NDArray[np.int32]  # -1: not revoked
    contract: NDArray[np.int64]  # contracts of employer permits


def quotas(cal: Calibration, scale: float) -> NDArray[np.int64]:
    """Quota units by (region, category), each category summing to round(national 2025 figure x scale)."""
    table = np.zeros((cal.regions, len(CATEGORIES)), dtype=np.int64)
    tilts = (_TILT_SKILLED, _TILT_SKILLED, _TILT_SKILLED, _TILT_WORKERS, _TILT_SEASONAL, _TILT_HOUSEHOLD)
    population = cal.population.sum(axis=1).astype(np.float64)
    for c, national in enumerate(QUOTA_2025):
        base = population if c == HOUSEHOLD else cal.employed
        tilt = np.array([tilts[c].get(k, _BASE_OTHER[c]) for k in cal.kato2])
        table[:, c] = apportion(round(national * scale), base * tilt)
    return table


def _mix(base: dict[str, int], rng: np.random.Generator) -> NDArray[np.float64]:
    """Country shares (over COUNTRIES) drawn from a Dirichlet distribution around a base mix."""
    shares = np.zeros(len(COUNTRIES))
    alpha = np.array(list(base.values()), dtype=np.float64)
    shares[[COUNTRIES.index(c) for c in base]] = rng.dirichlet(alpha / alpha.sum() * _DIRICHLET_STRENGTH)
    return shares


def issue(
    cal: Calibration,
    emps: Employers,
    persons: PersonStore,
    contracts: ContractStore,
    jobs: JobModel,
    scale: float,
    rng: np.random.Generator,
) -> Permits:
    """Quotas, the permits issued against them, their holders and the holders' contracts."""
    y0, y1 = day(cal.year), day(cal.year + 1)
    quota = quotas(cal, scale)
    used = np.floor(quota * rng.uniform(0.6, 0.95, quota.shape)).astype(np.int64)
    cell = np.repeat(np.arange(quota.size), used.ravel())
    region, category = cell // len(CATEGORIES), cell % len(CATEGORIES)
    n = cell.size
    household = category == HOUSEHOLD
    citizenship = np.where(
        household, choice(_mix(_HOUSEHOLD_MIX, rng), n, rng), choice(_mix(_WORKER_MIX, rng), n, rng)
    ).astype(np.int64)
    female = rng.random(n) < np.where(household, 0.75, np.where(category <= 1, 0.2, 0.3))
    ages = np.maximum(sample_ages(cal, region, female, employee_profile(), rng), 20)
    who = persons.add(birth_dates(ages, y0, rng), female, FOREIGNER, citizenship.astype(np.int16))

    group = np.where(rng.random(n) < 0.6, np.array(_GROUP)[category], np.array(_ALT_GROUP)[category])
    nkz = np.where(household, _HOUSEHOLD_NKZ[rng.integers(0, 4, n)], jobs.nkz(group, rng))
    seasonal = category == CATEGORIES.index("seasonal")
    issued = np.where(
        seasonal,
        uniform_days(day(cal.year, 3, 1), day(cal.year, 6, 30), rng, n),
        uniform_days(y0, y1 - 31, rng, n),
    )
    valid = issued + np.where(seasonal, rng.integers(90, 241, n), 364)
    revoked_mask = rng.random(n) < 0.03
    revoked = np.where(
        revoked_mask, uniform_days(issued.astype(np.int64) + 1, np.minimum(valid, y1 - 1), rng, n), -1
    )

    employer = np.full(n, -1, dtype=np.int64)
    for c in range(len(CATEGORIES)):
        where = np.flatnonzero(category == c)
        if c == HOUSEHOLD or where.size == 0:
            continue
        tilt = _SECTION_TILT[c] or {}
        weight = emps.weight * np.array([tilt.get(s, 1.0) for s in SECTIONS])[emps.section]
        employer[where] = EmployerSampler(emps.region, weight, cal.regions).draw(region[where], rng)
    working = np.flatnonzero(~household)
    start = issued[working] + rng.integers(1, 21, working.size)
    end = np.where(revoked[working] >= 0, revoked[working], valid[working])
    start = np.minimum(start, end)
    factor = _SALARY_FACTOR[category[working]]
    salary = np.maximum(
        np.round(jobs.salary(region[working], group[working], rng) * factor / 500) * 500, jobs.floor
    )
    contract = contracts.add(
        who[working],
        employer[working],
        nkz[working],
        np.where(seasonal[working], SEASONAL, FIXED_TERM),
        jobs.conditions(emps.section[employer[working]], rng),
        start.astype(np.int32),
        end.astype(np.int32),
        salary.astype(np.int64),
    )
    order = np.lexsort((who, issued))
    # contracts keep their own order; permits are written by issue date
    return Permits(
        quota=quota,
        person=who[order],
        citizenship=citizenship[order],
        employer=employer[order],
        category=category[order],
        nkz=nkz[order],
        region=region[order],
        issued=issued[order].astype(np.int32),
        valid_until=valid[order].astype(np.int32),
        revoked=revoked[order].astype(np.int32),
        contract=contract,
    )
