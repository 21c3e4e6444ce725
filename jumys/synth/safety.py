"""Occupational safety over the synthetic year and the five before: incidents, inspections, arrears, Vision Zero.

Drawn from the safety stream (not the main one), driven by the latent unsafety of jumys.synth.unsafety.
Real: the national occupational injury rates per 100,000 workers (BNS decent-work indicators),
applied to each year's contract exposure. Assumed (ASSUMPTIONS.md): everything else, in particular
how the latent raises incidents, the chance that an inspection finds a violation, and arrears.
- Incidents: Poisson per employer and year with mean exposure x rate x exp(latent) (normalised so
  the country keeps the real rate); the victim is a contract of the employer active that year. A
  fatal incident of the synthetic year ends its victim's contract that day (when the person has no
  later contract); an earlier fatal one names no victim (the files hold the contracts of the year only).
- Inspections: each year 70 % planned by today's rule (hazard class of the OKED section, then
  size, skipping firms the rule visited in the two years before) and 30 % at random (half of them
  preventive); unplanned ones 1-20 days after a fatal or severe incident and after complaints
  (more frequent where the latent is high). An inspection finds a violation with probability
  logistic(offset of its kind + slope x latent relative to the year's mean).
- Arrears: each year's firms drawn with weight exp(latent); 60 % repaid within 7-150 days, of
  those a quarter only in part.
Planted project contracts and their employers are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from jumys.synth import unsafety
from jumys.synth.calibration import Calibration
from jumys.synth.days import day, ymd
from jumys.synth.draw import uniform_days
from jumys.synth.employers import BACKGROUND, Employers
from jumys.synth.records import (
    FATAL,
    LIGHT,
    PLANNED,
    PREVENTIVE,
    SEVERE,
    UNPLANNED,
    Arrears,
    Incidents,
    Inspections,
    by_day,
    empty_arrears,
    empty_inspections,
    join,
    mci,
)
from jumys.synth.tables import Contracts
from jumys.synth.unsafety import Latent

_SEVERE_SHARE = 0.30  # of non-fatal injuries
_FATAL_SLOPE = 0.4  # a higher latent makes an incident more often fatal
_SCHEDULED_AT_SCALE_1, _BY_RULE, _RULE_REST_YEARS = 10_000, 0.70, 2
_COMPLAINTS_AT_SCALE_1 = 6_000
_COMPLAINT_SLOPE = 1.0  # complaints come more often from where the latent is high
_ARREARS_AT_SCALE_1 = 300
_FIND = {PLANNED: -3.9, PREVENTIVE: -4.4, UNPLANNED: -3.0}  # logit offset of finding a violation
_FIND_SLOPE = 3.5
_VISION_ZERO_SHARE, _VISION_ZERO_SINCE = 0.04, (2018, 1, 1)


@dataclass
class Safety:
    """The safety records of the history up to the synthetic year, and the latent behind them."""

    incidents: Incidents
    inspections: Inspections
    arrears: Arrears
    vision_employer: NDArray[np.int64]
    vision_joined: NDArray[np.int32]
    latent: Latent
    headcount: NDArray[np.int64]  # non-planted contracts active during the synthetic year
    background: NDArray[np.bool_]  # employers with a safety record (not the planted projects' groups)


def exposure(
    contracts: Contracts, employers: int, year: int
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Worker-years of each employer in a year, and which contracts are at risk in it (not planted)."""
    y0, y1 = day(year), day(year + 1)
    first = np.maximum(contracts.start, y0).astype(np.int64)
    last = np.minimum(contracts.end, y1 - 1).astype(np.int64)
    active = (first <= last) & ~contracts.planted
    years = np.where(active, (last - first + 1) / 365.0, 0.0)
    return np.bincount(contracts.employer, weights=years, minlength=employers).astype(np.float64), active


def generate(
    cal: Calibration, emps: Employers, contracts: Contracts, scale: float, rng: np.random.Generator
) -> Safety:
    """Draw the safety records of every year; fatal incidents of the synthetic year end contracts (in place)."""
    n = len(emps)
    y0, y1 = day(cal.year), day(cal.year + 1)
    in_year = (contracts.start < y1) & (contracts.end >= y0) & ~contracts.planted
    headcount = np.bincount(contracts.employer[in_year], minlength=n)
    background = emps.kind == BACKGROUND
    latent = unsafety.draw(emps.section, contracts, headcount, cal.year + 1, rng)
    incidents, inspections, arrears = [], [], []
    rested = np.full(n, -100, dtype=np.int64)  # the last year the rule visited each firm
    for year in range(latent.first, cal.year + 1):
        # a firm's size is taken as stable: its staff of the synthetic year, from its registration on;
        # the batch holds only the part of it already hired then (survivors)
        opened = np.maximum(emps.registered.astype(np.int64) + 1, day(year))
        worker_years = headcount.astype(np.float64) * np.clip((day(year + 1) - opened) / 365.0, 0.0, 1.0)
        survivors, active = exposure(contracts, n, year)
        present = background & (worker_years > 0)
        level = latent.year(year)
        centred = level - np.average(level[present], weights=worker_years[present])
        incidents.append(
            _incidents(cal, year, contracts, active, worker_years * present, survivors, centred, rng)
        )
        inspections.append(_scheduled(emps, year, worker_years, present, centred, rested, scale, rng))
        inspections.append(_complaints(year, worker_years, present, centred, scale, rng))
        arrears.append(_arrears(year, contracts, active, worker_years, present, centred, y1, scale, rng))
    incident = join(incidents)
    end_lives(contracts, incident, y0)
    inspections.append(_after_incidents(incident, latent, y1, rng))
    members, joined = _vision_zero(emps, headcount, background, latent.year(cal.year), y1, rng)
    return Safety(incident, join(inspections), join(arrears), members, joined, latent, headcount, background)


def add(
    s: Safety,
    contracts: Contracts,
    year: int,
    incidents: Incidents,
    inspections: Inspections,
    arrears: Arrears,
) -> Safety:
    """The records with more rows added, each file in day order (no victim named after their contract ended)."""
    incident = by_day(join([s.incidents, incidents]))
    end_lives(contracts, incident, day(year))
    return replace(
        s,
        incidents=incident,
        inspections=by_day(join([s.inspections, inspections])),
        arrears=by_day(join([s.arrears, arrears])),
    )


def _incidents(
    cal: Calibration,
    year: int,
    contracts: Contracts,
    active: NDArray[np.bool_],
    worker_years: NDArray[np.float64],
    survivors: NDArray[np.float64],
    centred: NDArray[np.float64],
    rng: np.random.Generator,
) -> Incidents:
    """The year's incidents; the victim is one of the batch's contracts in the share of the staff it holds."""
    fatal_rate, other_rate = cal.injury_rates
    weight = worker_years * np.exp(centred)
    expected = weight * worker_years.sum() / max(weight.sum(), 1e-12) * (fatal_rate + other_rate) / 1e5
    count = rng.poisson(expected)
    if count.sum() == 0 and weight.sum() > 0:  # a tiny country still has an incident a year
        count[rng.choice(count.size, p=weight / weight.sum())] = 1
    employer = np.repeat(np.arange(count.size), count)
    held = survivors[employer] / np.maximum(worker_years[employer], 1e-12)
    named = (survivors[employer] > 0) & (rng.random(employer.size) < held)
    contract = np.full(employer.size, -1, dtype=np.int64)
    contract[named] = pick_contracts(contracts, active, employer[named], rng)
    first = np.where(named, np.maximum(contracts.start[np.maximum(contract, 0)], day(year)), day(year))
    last = np.where(
        named, np.minimum(contracts.end[np.maximum(contract, 0)], day(year + 1) - 1), day(year + 1) - 1
    )
    occurred = uniform_days(first.astype(np.int64), last.astype(np.int64), rng, employer.size)
    # a higher latent makes an incident more often fatal; the country keeps the real fatal share
    lift = np.exp(_FATAL_SLOPE * centred[employer])
    p_fatal = np.minimum(
        fatal_rate / (fatal_rate + other_rate) * lift / (float(lift.mean()) if lift.size else 1.0), 0.5
    )
    u = rng.random(contract.size)
    severity = np.where(
        u < p_fatal, FATAL, np.where(rng.random(contract.size) < _SEVERE_SHARE, SEVERE, LIGHT)
    )
    victims = np.where(rng.random(contract.size) < 0.04, rng.integers(2, 6, contract.size), 1)
    return Incidents(employer, contract, occurred, severity.astype(np.int64), victims.astype(np.int64))


def pick_contracts(
    contracts: Contracts, usable: NDArray[np.bool_], employers: NDArray[np.int64], rng: np.random.Generator
) -> NDArray[np.int64]:
    """One random usable contract of each given employer (which must have one), with replacement."""
    pool = np.flatnonzero(usable)
    pool = pool[np.argsort(contracts.employer[pool], kind="stable")]
    keys = contracts.employer[pool]
    lo = np.searchsorted(keys, employers, side="left")
    size = np.searchsorted(keys, employers, side="right") - lo
    if (size == 0).any():
        raise ValueError("an employer has no usable contract")
    return np.asarray(pool[lo + np.floor(rng.random(employers.size) * size).astype(np.int64)], dtype=np.int64)


def end_lives(contracts: Contracts, incidents: Incidents, y0: int) -> None:
    """Fatal incidents: the synthetic year's end their victims' contracts; others name no victim (in place)."""
    fatal = incidents.severity == FATAL
    dated = fatal & (incidents.contract >= 0)
    victim = incidents.contract
    keep = dated & (incidents.day >= y0) & ~contracts.successor[np.maximum(victim, 0)]
    # one death per contract: the first; later fatal incidents on it name no victim
    order = np.flatnonzero(keep)[np.argsort(incidents.day[keep], kind="stable")]
    _, first = np.unique(victim[order], return_index=True)
    died = np.zeros(victim.size, dtype=np.bool_)
    died[order[first]] = True
    incidents.contract[fatal & ~died] = -1
    contracts.end[victim[died]] = np.minimum(contracts.end[victim[died]], incidents.day[died])
    # nothing happens to a person at work after the day they died
    end = np.where(incidents.contract >= 0, contracts.end[np.maximum(incidents.contract, 0)], 0)
    incidents.contract[(incidents.contract >= 0) & (incidents.day > end)] = -1


def _scheduled(
    emps: Employers,
    year: int,
    worker_years: NDArray[np.float64],
    present: NDArray[np.bool_],
    centred: NDArray[np.float64],
    rested: NDArray[np.int64],
    scale: float,
    rng: np.random.Generator,
) -> Inspections:
    """Planned by the rule (hazard class, then size; not those visited in the last years), and at random."""
    total = min(max(10, round(_SCHEDULED_AT_SCALE_1 * scale)), int(present.sum()))
    by_rule = round(total * _BY_RULE)
    pool = np.flatnonzero(present & (rested < year - _RULE_REST_YEARS))
    order = np.lexsort((-worker_years[pool], unsafety.hazard_class(emps.section[pool])))
    ruled = pool[order[:by_rule]]
    rested[ruled] = year
    others = np.flatnonzero(present)
    others = others[~np.isin(others, ruled)]
    randomly = rng.choice(others, size=min(total - ruled.size, others.size), replace=False)
    employer = np.r_[ruled, np.sort(randomly)]
    kind = np.r_[np.full(ruled.size, PLANNED), np.where(rng.random(randomly.size) < 0.5, PLANNED, PREVENTIVE)]
    when = uniform_days(day(year), day(year + 1) - 1, rng, employer.size)
    return findings(employer, when, kind, centred[employer], rng)


def _complaints(
    year: int,
    worker_years: NDArray[np.float64],
    present: NDArray[np.bool_],
    centred: NDArray[np.float64],
    scale: float,
    rng: np.random.Generator,
) -> Inspections:
    """Unplanned inspections after complaints, more often where the latent is high."""
    weight = np.where(present, np.sqrt(worker_years) * np.exp(_COMPLAINT_SLOPE * centred), 0.0)
    if weight.sum() <= 0:
        return empty_inspections()
    count = max(5, round(_COMPLAINTS_AT_SCALE_1 * scale))
    employer = np.searchsorted(np.cumsum(weight), rng.random(count) * 0.999999 * weight.sum(), side="right")
    when = uniform_days(day(year), day(year + 1) - 1, rng, count)
    employer = employer.astype(np.int64)
    return findings(employer, when, np.full(count, UNPLANNED), centred[employer], rng)


def _after_incidents(incidents: Incidents, latent: Latent, end: int, rng: np.random.Generator) -> Inspections:
    """An unplanned inspection 1-20 days after each fatal or severe incident (within the data)."""
    serious = incidents.severity != LIGHT
    employer = incidents.employer[serious]
    when = incidents.day[serious].astype(np.int64) + rng.integers(1, 21, employer.size)
    employer, when = employer[when < end], when[when < end]
    year = ymd(when.astype(np.int32))[0]
    level = latent.value[employer, year - latent.first] - latent.value.mean(axis=0)[year - latent.first]
    return findings(employer, when.astype(np.int32), np.full(employer.size, UNPLANNED), level, rng)


def findings(
    employer: NDArray[np.int64],
    when: NDArray[np.int32],
    kind: NDArray[np.int64],
    level: NDArray[np.float64],
    rng: np.random.Generator,
) -> Inspections:
    """Violations found (logistic in each row's centred latent) and fines (10-100 MCI per violation)."""
    offset = np.array([_FIND[PLANNED], _FIND[UNPLANNED], _FIND[PREVENTIVE]])[kind]
    found = rng.random(employer.size) < 1 / (1 + np.exp(-(offset + _FIND_SLOPE * level)))
    violations = np.where(found, 1 + rng.poisson(0.8 + 1.2 * np.maximum(level, 0.0)), 0)
    years = ymd(when.astype(np.int32))[0]
    unit = np.array([mci(int(y)) for y in range(2000, 2102)])[np.clip(years, 2000, 2101) - 2000]
    fine = np.where(kind == PREVENTIVE, 0, violations * rng.integers(10, 101, employer.size) * unit)
    return Inspections(
        employer.astype(np.int64),
        when.astype(np.int32),
        kind.astype(np.int64),
        violations.astype(np.int64),
        fine,
    )


def _arrears(
    year: int,
    contracts: Contracts,
    active: NDArray[np.bool_],
    worker_years: NDArray[np.float64],
    present: NDArray[np.bool_],
    centred: NDArray[np.float64],
    end: int,
    scale: float,
    rng: np.random.Generator,
) -> Arrears:
    """The year's wage arrears, at firms drawn with weight exp(latent) among those with 3 or more workers."""
    n = worker_years.size
    staff = np.bincount(contracts.employer[active], minlength=n)
    pool = np.flatnonzero(present & (staff >= 3))
    if pool.size == 0:
        return empty_arrears()
    weight = np.exp(centred[pool])
    firms = rng.choice(
        pool,
        size=min(max(3, round(_ARREARS_AT_SCALE_1 * scale)), pool.size),
        replace=False,
        p=weight / weight.sum(),
    )
    pay = np.bincount(contracts.employer[active], weights=contracts.salary[active], minlength=n)
    return arrears_of(
        np.sort(firms), staff, pay / np.maximum(staff, 1), day(year), day(year + 1) - 1, end, rng
    )


def arrears_of(
    employer: NDArray[np.int64],
    staff: NDArray[np.int64],
    mean_salary: NDArray[np.float64],
    low: int | NDArray[np.int64],
    high: int | NDArray[np.int64],
    end: int,
    rng: np.random.Generator,
) -> Arrears:
    """Arrears reported in [low, high] at these employers: 10-80 % of staff, 1-4 months of pay, part repaid."""
    workers = 1 + rng.binomial(np.maximum(staff[employer] - 1, 0), rng.uniform(0.1, 0.8, employer.size))
    amount = np.round(workers * mean_salary[employer] * rng.integers(1, 5, employer.size)).astype(np.int64)
    reported = uniform_days(low, high, rng, employer.size)
    repaid_on = reported.astype(np.int64) + rng.integers(7, 151, employer.size)
    repaid = (rng.random(employer.size) < 0.6) & (repaid_on < end)
    part = np.round(amount * rng.uniform(0.3, 0.9, employer.size)).astype(np.int64)
    repaid_kzt = np.where(rng.random(employer.size) < 0.75, amount, part)
    return Arrears(
        employer.astype(np.int64),
        reported,
        amount,
        workers.astype(np.int64),
        np.where(repaid, repaid_on, -1).astype(np.int32),
        np.where(repaid, repaid_kzt, 0).astype(np.int64),
    )


def _vision_zero(
    emps: Employers,
    headcount: NDArray[np.int64],
    background: NDArray[np.bool_],
    level: NDArray[np.float64],
    end: int,
    rng: np.random.Generator,
) -> tuple[NDArray[np.int64], NDArray[np.int32]]:
    """About 4 % of firms with 10 or more workers, the safer ones more often, joined since 2018."""
    pool = np.flatnonzero(background & (headcount >= 10))
    if pool.size < 3:
        pool = np.argsort(-(headcount * background), kind="stable")[:3]
    weight = np.exp(-level[pool])
    size = max(3, round(pool.size * _VISION_ZERO_SHARE))
    members = np.sort(rng.choice(pool, size=min(size, pool.size), replace=False, p=weight / weight.sum()))
    earliest = np.maximum(emps.registered[members].astype(np.int64) + 1, day(*_VISION_ZERO_SINCE))
    return members, uniform_days(earliest, end - 1, rng, members.size)
