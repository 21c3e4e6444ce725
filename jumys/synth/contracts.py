"""The background labour market: the stock of contracts on 1 January, and the year's hires and separations.

Each person holds at most one background contract at a time. Separated workers move to another
employer after a short gap (job-to-job moves, up to three in a year), new entrants and seasonal
workers come from outside employment. A person's successive contracts are at different employers
and every contract after the first lasts at least 31 days, so no two contracts of a person at one
employer ever share a payroll month. Operators of planted projects (weight 0) never hire here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from jumys.synth.calibration import SECTIONS, Calibration
from jumys.synth.days import NO_END, day, plus_years
from jumys.synth.draw import apportion, uniform_days
from jumys.synth.employers import Employers
from jumys.synth.jobs import JobModel
from jumys.synth.population import birth_dates, employee_profile, entrant_profile, sample_ages
from jumys.synth.tables import FIXED_TERM, PERMANENT, SEASONAL, ContractStore, PersonStore

STOCK_AT_SCALE_1 = 6_550_000  # contracts active on 1 January
ENTRANTS_AT_SCALE_1 = 300_000  # hires of people from outside employment during the year
SEASONAL_AT_SCALE_1 = 120_000  # seasonal hires during the year
_STOCK_TYPES = (0.86, 0.12, 0.02)  # permanent, fixed-term, seasonal among contracts active on 1 January
_SEPARATION = 0.07  # chance that a permanent contract of the stock ends during the year
_JOB_TO_JOB = 0.45  # chance that a separated worker starts another contract (after a gap)
_MOVE_REGION = 0.05  # chance that a job-to-job move crosses a region border
_KEEP_GROUP = 0.7  # chance that a job-to-job move keeps the occupation's major group
_HIRE_PERMANENT = 0.6  # share of permanent contracts among non-seasonal hires
_EARLY_QUIT = 0.12  # chance that a permanent hire ends within the year
_MEAN_TENURE_YEARS = 6.0
_MAX_GENERATIONS = 3
_SEASONAL_SECTIONS = {"A": 6.0, "F": 3.0, "I": 2.0}


class EmployerSampler:
    """Draws employers of a region with probability proportional to a weight."""

    def __init__(self, region: NDArray[np.int64], weight: NDArray[np.float64], regions: int) -> None:
        self.weight = weight
        self.order = np.argsort(region, kind="stable")
        w = weight[self.order]
        r = region[self.order]
        self.bounds = np.searchsorted(r, np.arange(regions + 1))
        sizes = np.diff(self.bounds)
        if (sizes == 0).any():
            raise ValueError("a region has no employer")
        totals = np.add.reduceat(w, self.bounds[:-1])
        if (totals <= 0).any():
            raise ValueError("a region has no employer that can hire")
        cum = np.cumsum(w)
        before = np.r_[0.0, cum][self.bounds[:-1]]
        self.cum = (cum - np.repeat(before, sizes)) / np.repeat(totals, sizes) + r
        # the heaviest employer of each region, used when rounding lands on an employer that cannot hire
        self.fallback = np.array(
            [
                self.order[b + int(np.argmax(w[b:e]))]
                for b, e in zip(self.bounds[:-1], self.bounds[1:], strict=True)
            ]
        )

    def draw(self, region: NDArray[np.int64], rng: np.random.Generator) -> NDArray[np.int64]:
        """One employer (global index) of each given region."""
        pos = np.searchsorted(self.cum, rng.random(region.size) * 0.999999 + region, side="right")
        pos = np.minimum(pos, self.bounds[region + 1] - 1)
        drawn = self.order[pos]
        bad = self.weight[drawn] <= 0
        drawn[bad] = self.fallback[region[bad]]
        return drawn


@dataclass
class Background:
    """What later steps need to know of the background market."""

    entrant_contracts: NDArray[np.int64]  # contracts of people hired from outside employment
    stock_per_region: NDArray[np.int64]


@dataclass
class _Jobs:
    person: NDArray[np.int64]
    employer: NDArray[np.int64]
    group: NDArray[np.int64]
    end: NDArray[np.int32]
    region: NDArray[np.int64]
    index: NDArray[np.int64]


def generate(
    cal: Calibration,
    emps: Employers,
    persons: PersonStore,
    contracts: ContractStore,
    jobs: JobModel,
    scale: float,
    planted_per_region: NDArray[np.int64],
    rng: np.random.Generator,
) -> Background:
    """Add the background persons and contracts to the stores."""
    y0, y1 = day(cal.year), day(cal.year + 1)
    sampler = EmployerSampler(emps.region, emps.weight, cal.regions)
    target = apportion(round(STOCK_AT_SCALE_1 * scale), cal.employment_share)
    stock_n = np.maximum(target - planted_per_region, 0)
    stock = _stock(cal, emps, persons, contracts, jobs, sampler, stock_n, rng)
    entrants = _entrants(cal, emps, persons, contracts, jobs, sampler, scale, rng)
    seasonal_weight = emps.weight * np.array([_SEASONAL_SECTIONS.get(s, 0.3) for s in SECTIONS])[emps.section]
    seasonal = _seasonal(
        cal,
        emps,
        persons,
        contracts,
        jobs,
        EmployerSampler(emps.region, seasonal_weight, cal.regions),
        scale,
        rng,
    )
    wave = _Jobs(
        *(np.concatenate([getattr(stock, f), getattr(entrants, f)]) for f in _Jobs.__dataclass_fields__)
    )
    for _ in range(_MAX_GENERATIONS):
        wave = _moves(cal, emps, persons, contracts, jobs, sampler, wave, y0, y1, rng)
        if wave.person.size == 0:
            break
    return Background(entrant_contracts=np.concatenate([entrants.index, seasonal]), stock_per_region=stock_n)


def _stock(
    cal: Calibration,
    emps: Employers,
    persons: PersonStore,
    contracts: ContractStore,
    jobs: JobModel,
    sampler: EmployerSampler,
    per_region: NDArray[np.int64],
    rng: np.random.Generator,
) -> _Jobs:
    y0, y1 = day(cal.year), day(cal.year + 1)
    # each region's stock spread over its employers at once (multinomial), which also sorts it by employer
    counts = np.zeros(len(emps), dtype=np.int64)
    for r in range(cal.regions):
        members = sampler.order[sampler.bounds[r] : sampler.bounds[r + 1]]
        w = emps.weight[members]
        counts[members] = rng.multinomial(int(per_region[r]), w / w.sum())
    employer = np.repeat(np.arange(len(emps)), counts)
    region = emps.region[employer]
    n = region.size
    section = emps.section[employer]
    group = jobs.groups(section, rng)
    female = jobs.female(group, rng)
    birth = birth_dates(sample_ages(cal, region, female, employee_profile(), rng), y0, rng)
    who = persons.add(birth, female)
    kind = np.searchsorted(np.cumsum(_STOCK_TYPES), rng.random(n), side="right").astype(np.int64)
    earliest = np.maximum(plus_years(birth, 16), emps.registered[employer] + 1).astype(np.int64)
    tenure = rng.exponential(_MEAN_TENURE_YEARS * 365.25, n).astype(np.int64)
    start = np.maximum(y0 - 1 - tenure, earliest)
    end = np.full(n, NO_END, dtype=np.int64)
    leaves = (kind == PERMANENT) & (rng.random(n) < _SEPARATION)
    end[leaves] = uniform_days(y0, y1 - 1, rng, int(leaves.sum()))
    fixed = kind == FIXED_TERM
    fixed_end = uniform_days(y0, y0 + 3 * 365, rng, int(fixed.sum())).astype(np.int64)
    length = rng.integers(180, 1096, int(fixed.sum()))
    end[fixed] = fixed_end
    start[fixed] = np.maximum(np.minimum(fixed_end - length, y0 - 1), earliest[fixed])
    season = kind == SEASONAL
    start[season] = np.maximum(uniform_days(y0 - 100, y0 - 1, rng, int(season.sum())), earliest[season])
    end[season] = uniform_days(y0 + 10, y0 + 120, rng, int(season.sum()))
    start = np.minimum(start, y0)
    index = contracts.add(
        who,
        employer,
        jobs.nkz(group, rng),
        kind,
        jobs.conditions(section, rng),
        start.astype(np.int32),
        end.astype(np.int32),
        jobs.salary(region, group, rng),
    )
    return _Jobs(who, employer, group, end.astype(np.int32), region, index)


def _newcomers(
    cal: Calibration,
    emps: Employers,
    persons: PersonStore,
    jobs: JobModel,
    sampler: EmployerSampler,
    count: int,
    y0: int,
    rng: np.random.Generator,
) -> tuple[
    NDArray[np.int64],
    NDArray[np.int64],
    NDArray[np.int64],
    NDArray[np.int64],
    NDArray[np.int64],
    NDArray[np.int32],
]:
    """count new persons spread over the regions by employment, each with an employer and an occupation group."""
    region = np.repeat(np.arange(cal.regions), apportion(count, cal.employment_share))
    employer = sampler.draw(region, rng)
    section = emps.section[employer]
    group = jobs.groups(section, rng)
    female = jobs.female(group, rng)
    birth = birth_dates(sample_ages(cal, region, female, entrant_profile(), rng), y0, rng)
    return region, employer, section, group, persons.add(birth, female), birth


def _entrants(
    cal: Calibration,
    emps: Employers,
    persons: PersonStore,
    contracts: ContractStore,
    jobs: JobModel,
    sampler: EmployerSampler,
    scale: float,
    rng: np.random.Generator,
) -> _Jobs:
    y0, y1 = day(cal.year), day(cal.year + 1)
    region, employer, section, group, who, birth = _newcomers(
        cal, emps, persons, jobs, sampler, round(ENTRANTS_AT_SCALE_1 * scale), y0, rng
    )
    n = region.size
    start = np.maximum(uniform_days(y0, y1 - 1, rng, n), plus_years(birth, 16))
    kind, end = _hire_terms(start, rng)
    index = contracts.add(
        who,
        employer,
        jobs.nkz(group, rng),
        kind,
        jobs.conditions(section, rng),
        start,
        end,
        jobs.salary(region, group, rng),
    )
    return _Jobs(who, employer, group, end, region, index)


def _seasonal(
    cal: Calibration,
    emps: Employers,
    persons: PersonStore,
    contracts: ContractStore,
    jobs: JobModel,
    sampler: EmployerSampler,
    scale: float,
    rng: np.random.Generator,
) -> NDArray[np.int64]:
    y0 = day(cal.year)
    region, employer, section, group, who, birth = _newcomers(
        cal, emps, persons, jobs, sampler, round(SEASONAL_AT_SCALE_1 * scale), y0, rng
    )
    n = region.size
    start = np.maximum(uniform_days(day(cal.year, 3, 1), day(cal.year, 6, 30), rng, n), plus_years(birth, 16))
    end = start + rng.integers(60, 181, n)
    return contracts.add(
        who,
        employer,
        jobs.nkz(group, rng),
        SEASONAL,
        jobs.conditions(section, rng),
        start,
        end.astype(np.int32),
        jobs.salary(region, group, rng),
    )


def _hire_terms(
    start: NDArray[np.int32], rng: np.random.Generator
) -> tuple[NDArray[np.int64], NDArray[np.int32]]:
    """Type and end of non-seasonal hires: permanent ones may quit early, fixed-term ones run 3-24 months."""
    n = start.size
    kind = np.where(rng.random(n) < _HIRE_PERMANENT, PERMANENT, FIXED_TERM).astype(np.int64)
    end = np.full(n, NO_END, dtype=np.int64)
    quits = (kind == PERMANENT) & (rng.random(n) < _EARLY_QUIT)
    end[quits] = start[quits] + 31 + rng.exponential(150.0, int(quits.sum())).astype(np.int64)
    fixed = kind == FIXED_TERM
    end[fixed] = start[fixed] + rng.integers(91, 731, int(fixed.sum()))
    return kind, end.astype(np.int32)


def _moves(
    cal: Calibration,
    emps: Employers,
    persons: PersonStore,
    contracts: ContractStore,
    jobs: JobModel,
    sampler: EmployerSampler,
    wave: _Jobs,
    y0: int,
    y1: int,
    rng: np.random.Generator,
) -> _Jobs:
    """Job-to-job moves of the workers whose contract of this wave ended during the year."""
    ended = (wave.end >= y0) & (wave.end < y1)
    movers = np.flatnonzero(ended & (rng.random(wave.end.size) < _JOB_TO_JOB))
    start = wave.end[movers].astype(np.int64) + rng.geometric(1 / 25, movers.size)
    movers, start = movers[start < y1], start[start < y1]
    region = wave.region[movers].copy()
    away = rng.random(movers.size) < _MOVE_REGION
    region[away] = np.searchsorted(
        np.cumsum(cal.employment_share), rng.random(int(away.sum())) * 0.999999, side="right"
    )
    employer = sampler.draw(region, rng)
    for _ in range(3):
        same = employer == wave.employer[movers]
        if not same.any():
            break
        employer[same] = sampler.draw(region[same], rng)
    keep = employer != wave.employer[movers]
    movers, start, region, employer = movers[keep], start[keep], region[keep], employer[keep]
    section = emps.section[employer]
    group = np.where(rng.random(movers.size) < _KEEP_GROUP, wave.group[movers], jobs.groups(section, rng))
    kind, end = _hire_terms(start.astype(np.int32), rng)
    person = wave.person[movers]
    contracts.mark_successor(wave.index[movers])
    index = contracts.add(
        person,
        employer,
        jobs.nkz(group, rng),
        kind,
        jobs.conditions(section, rng),
        start.astype(np.int32),
        end,
        jobs.salary(region, group, rng),
    )
    return _Jobs(person, employer, group, end, region, index)
