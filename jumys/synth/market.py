"""Job seekers registered with the employment service, and vacancies.

Real: the number of persons who applied to the employment service in a year (BNS, latest
published year, 2021) as the year's total, spread over regions like the unemployed (employed x
rate / (100 - rate), both real). Assumed (ASSUMPTIONS.md): the share of entrants who came through
the service, registration and exit times, reasons, the share of hires advertised as vacancies and
the number of unfilled ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from jumys.synth.calibration import Calibration
from jumys.synth.contracts import EmployerSampler
from jumys.synth.days import day, plus_years
from jumys.synth.draw import apportion, choice, uniform_days
from jumys.synth.employers import Employers
from jumys.synth.jobs import JobModel
from jumys.synth.population import birth_dates, employee_profile, sample_ages
from jumys.synth.tables import Contracts, PersonStore

REASONS = ("employed", "training", "self_employed", "deregistered", "moved")
_VIA_SERVICE = 0.35  # share of entrants' hires that came through the employment service
_ADVERTISED = 0.40  # share of the year's hires that filled an advertised vacancy
_UNFILLED = 0.30  # unfilled vacancies per filled one


@dataclass
class Market:
    """Job-seeker registrations and vacancies."""

    seeker_person: NDArray[np.int64]
    seeker_region: NDArray[np.int64]
    seeker_registered: NDArray[np.int32]
    seeker_left: NDArray[np.int32]  # -1: still registered
    seeker_reason: NDArray[np.int64]  # -1: none
    seeker_contract: NDArray[np.int64]  # the contract a seeker got through the service (-1: none)
    vacancy_employer: NDArray[np.int64]
    vacancy_nkz: NDArray[np.int64]
    vacancy_salary: NDArray[np.int64]
    vacancy_posted: NDArray[np.int32]
    vacancy_closed: NDArray[np.int32]  # -1: still open
    vacancy_filled: NDArray[np.bool_]


def unemployed(cal: Calibration) -> NDArray[np.float64]:
    """Unemployed persons by region: employed x rate / (100 - rate)."""
    return cal.employed * cal.unemployment_rate / (100.0 - cal.unemployment_rate)


def generate(
    cal: Calibration,
    emps: Employers,
    persons: PersonStore,
    birth: NDArray[np.int32],
    contracts: Contracts,
    entrants: NDArray[np.int64],
    jobs: JobModel,
    scale: float,
    rng: np.random.Generator,
) -> Market:
    """Job-seeker registrations and vacancies of the year."""
    (seeker_person, seeker_region, seeker_registered, seeker_left, seeker_reason, seeker_contract) = (
        _job_seekers(cal, emps, persons, birth, contracts, entrants, scale, rng)
    )
    employer, nkz, salary, posted, closed, filled = _vacancies(cal, emps, contracts, jobs, rng)
    return Market(
        seeker_person,
        seeker_region,
        seeker_registered,
        seeker_left,
        seeker_reason,
        seeker_contract,
        employer,
        nkz,
        salary,
        posted,
        closed,
        filled,
    )


def _job_seekers(
    cal: Calibration,
    emps: Employers,
    persons: PersonStore,
    birth: NDArray[np.int32],
    contracts: Contracts,
    entrants: NDArray[np.int64],
    scale: float,
    rng: np.random.Generator,
) -> tuple[NDArray[Any], ...]:
    """Registrations: entrants who came through the service (leaving on their first day at work), others."""
    y0, y1 = day(cal.year), day(cal.year + 1)
    total = apportion(round(cal.jobseekers_national * scale), unemployed(cal))
    linked = entrants[(rng.random(entrants.size) < _VIA_SERVICE) & (contracts.start[entrants] >= y0)]
    person = contracts.person[linked]
    region = emps.region[contracts.employer[linked]]
    start = contracts.start[linked].astype(np.int64)
    registered = np.maximum(start - rng.integers(14, 201, linked.size), plus_years(birth[person], 16))
    others = np.maximum(total - np.bincount(region, minlength=cal.regions), 0)
    o_region = np.repeat(np.arange(cal.regions), others)
    female = rng.random(o_region.size) < 0.5
    ages = np.maximum(sample_ages(cal, o_region, female, employee_profile(), rng), 18)
    o_person = persons.add(birth_dates(ages, y0, rng), female)
    o_registered = uniform_days(y0 - 180, y1 - 1, rng, o_region.size).astype(np.int64)
    o_left = o_registered + rng.integers(14, 301, o_region.size)
    leaves = (rng.random(o_region.size) < 0.45) & (o_left < y1)
    all_person = np.r_[person, o_person]
    all_registered = np.r_[registered, o_registered].astype(np.int32)
    order = np.lexsort((all_person, all_registered))
    return (
        all_person[order],
        np.r_[region, o_region][order],
        all_registered[order],
        np.r_[start, np.where(leaves, o_left, -1)].astype(np.int32)[order],
        np.r_[
            np.zeros(linked.size, dtype=np.int64),
            np.where(leaves, rng.integers(1, len(REASONS), o_region.size), -1),
        ][order],
        np.r_[linked, np.full(o_region.size, -1, dtype=np.int64)].astype(np.int64)[order],
    )


def _vacancies(
    cal: Calibration, emps: Employers, contracts: Contracts, jobs: JobModel, rng: np.random.Generator
) -> tuple[NDArray[Any], ...]:
    """Filled vacancies behind some of the year's hires, and unfilled ones."""
    y0, y1 = day(cal.year), day(cal.year + 1)
    hires = np.flatnonzero((contracts.start >= y0) & (contracts.start < y1) & ~contracts.planted)
    filled = hires[rng.random(hires.size) < _ADVERTISED]
    start = contracts.start[filled].astype(np.int64)
    posted = start - rng.integers(10, 61, filled.size)
    closed = np.maximum(posted, start - rng.integers(0, 11, filled.size))
    salary = np.maximum(np.round(contracts.salary[filled] / 5000.0) * 5000, jobs.floor)

    n = round(filled.size * _UNFILLED)
    region = choice(cal.employment_share, n, rng)
    employer = EmployerSampler(emps.region, emps.weight, cal.regions).draw(region, rng)
    group = jobs.groups(emps.section[employer], rng)
    u_posted = uniform_days(y0, y1 - 1, rng, n).astype(np.int64)
    u_closed = u_posted + rng.integers(5, 91, n)
    u_closed = np.where((rng.random(n) < 0.6) & (u_closed < y1), u_closed, -1)
    u_salary = np.maximum(np.round(jobs.salary(region, group, rng) / 5000.0) * 5000, jobs.floor)

    all_posted = np.r_[posted, u_posted]
    all_employer = np.r_[contracts.employer[filled], employer]
    order = np.lexsort((all_employer, all_posted))
    return (
        all_employer[order],
        np.r_[contracts.nkz[filled].astype(np.int64), jobs.nkz(group, rng)][order],
        np.r_[salary, u_salary].astype(np.int64)[order],
        all_posted.astype(np.int32)[order],
        np.r_[closed, u_closed].astype(np.int32)[order],
        np.r_[np.ones(filled.size, dtype=np.bool_), np.zeros(n, dtype=np.bool_)][order],
    )
