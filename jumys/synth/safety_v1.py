"""The draws of the first safety step (one synthetic year), kept so that later draws of the main stream stay put.

The safety data are now drawn from a stream of their own (jumys.synth.safety). Before that, one
year of incidents, inspections, arrears and Vision Zero members was drawn here from the main
stream, between the migration and the job market; replaying exactly those draws (`burn`) keeps
every later draw of the main stream, and so the job-creation truth and its verification, as they
were. Nothing drawn here is written anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from jumys.synth.calibration import SECTIONS, Calibration
from jumys.synth.days import day
from jumys.synth.draw import choice, uniform_days
from jumys.synth.employers import BACKGROUND, Employers
from jumys.synth.tables import HARMFUL, HAZARDOUS, Contracts

FATAL, SEVERE, LIGHT = 0, 1, 2
SEVERITIES = ("fatal", "severe", "light")
PLANNED, UNPLANNED, PREVENTIVE = 0, 1, 2
INSPECTION_KINDS = ("planned", "unplanned", "preventive")
_SEVERE_SHARE = 0.30  # of non-fatal injuries (assumption)
_SECTION_RISK = {"B": 3.0, "F": 3.0, "C": 2.0, "D": 2.0, "H": 2.0, "A": 1.5, "E": 1.5}  # others 0.5
_CONDITION_RISK = {HARMFUL: 2.5, HAZARDOUS: 5.0}  # normal 1
_UNSAFE_AT_SCALE_1, _UNSAFE_RATE = 60, 0.03  # planted unsafe firms and their incidents per worker
_ARREARS_AT_SCALE_1 = 300
_PLANNED_AT_SCALE_1, _PREVENTIVE_AT_SCALE_1 = 6000, 4000
_VISION_ZERO_SHARE, _VISION_ZERO_SINCE = 0.04, (2018, 1, 1)
# monthly calculation index (MRP/MCI) set by the budget law; fines are whole multiples of it
_MCI = {2022: 3063, 2023: 3450, 2024: 3692, 2025: 3932}


@dataclass
class Safety:
    """The safety files as arrays, and the planted firms (employer indices)."""

    incident_contract: NDArray[np.int64]
    incident_day: NDArray[np.int32]
    incident_severity: NDArray[np.int64]
    incident_victims: NDArray[np.int64]
    inspection_employer: NDArray[np.int64]
    inspection_day: NDArray[np.int32]
    inspection_kind: NDArray[np.int64]
    inspection_violations: NDArray[np.int64]
    inspection_fine: NDArray[np.int64]
    arrear_employer: NDArray[np.int64]
    arrear_reported: NDArray[np.int32]
    arrear_amount: NDArray[np.int64]
    arrear_workers: NDArray[np.int64]
    arrear_repaid_on: NDArray[np.int32]  # -1: not repaid
    arrear_repaid: NDArray[np.int64]
    vision_employer: NDArray[np.int64]
    vision_joined: NDArray[np.int32]
    unsafe: NDArray[np.int64]
    arrears: NDArray[np.int64]


def mci(year: int) -> int:
    """The monthly calculation index of a year (the latest known for later years)."""
    return _MCI[min(max(year, min(_MCI)), max(_MCI))]


def burn(
    cal: Calibration, emps: Employers, contracts: Contracts, scale: float, rng: np.random.Generator
) -> None:
    """Make the main stream's draws of the first safety step; the contracts are left as they are."""
    _generate(cal, emps, replace(contracts, end=contracts.end.copy()), scale, rng)


def _generate(
    cal: Calibration, emps: Employers, contracts: Contracts, scale: float, rng: np.random.Generator
) -> Safety:
    """Draw the year's safety records; fatal incidents end their victims' contracts (in place)."""
    y0, y1 = day(cal.year), day(cal.year + 1)
    first = np.maximum(contracts.start, y0)
    last = np.minimum(contracts.end, y1 - 1)
    at_risk = (first <= last) & ~contracts.planted
    exposure = np.where(at_risk, (last.astype(np.int64) - first + 1) / 365.0, 0.0)
    section_risk = np.array([_SECTION_RISK.get(s, 0.5) for s in SECTIONS])[emps.section[contracts.employer]]
    condition_risk = np.array([1.0, _CONDITION_RISK[HARMFUL], _CONDITION_RISK[HAZARDOUS]])[
        contracts.conditions
    ]
    risk = section_risk * condition_risk
    fatal_rate, other_rate = cal.injury_rates
    expected = (
        exposure
        * risk
        / np.average(risk, weights=np.maximum(exposure, 1e-12))
        * (fatal_rate + other_rate)
        / 1e5
    )
    hit = np.flatnonzero(rng.random(expected.size) < expected)
    severity = np.where(
        rng.random(hit.size) < fatal_rate / (fatal_rate + other_rate),
        FATAL,
        np.where(rng.random(hit.size) < _SEVERE_SHARE, SEVERE, LIGHT),
    )

    headcount = np.bincount(contracts.employer[at_risk], minlength=len(emps))
    background = (emps.kind == BACKGROUND) & (headcount > 0)
    unsafe = _firms(
        background & (headcount >= 20), background, headcount, max(3, round(_UNSAFE_AT_SCALE_1 * scale)), rng
    )
    extra = _pick_contracts(
        contracts,
        at_risk,
        unsafe,
        np.maximum(3, np.round(headcount[unsafe] * _UNSAFE_RATE)).astype(np.int64),
        rng,
    )
    extra_severity = np.where(
        rng.random(extra.size) < 0.1, FATAL, np.where(rng.random(extra.size) < 0.4, SEVERE, LIGHT)
    )
    contract = np.r_[hit, extra]
    severity = np.r_[severity, extra_severity]
    # a fatal incident only where the person has no later contract; it ends the contract that day
    severity[(severity == FATAL) & contracts.successor[contract]] = SEVERE
    occurred = uniform_days(first[contract], last[contract], rng, contract.size)
    fatal_day = np.full(len(contracts), np.iinfo(np.int32).max, dtype=np.int64)
    fatal = severity == FATAL
    np.minimum.at(fatal_day, contract[fatal], occurred[fatal])
    keep = occurred <= fatal_day[contract]
    first_fatal = fatal & (occurred == fatal_day[contract])
    keep &= ~(first_fatal & _repeated(contract, first_fatal))  # one death per contract
    contract, severity, occurred = contract[keep], severity[keep], occurred[keep]
    died = contract[severity == FATAL]
    contracts.end[died] = np.minimum(contracts.end[died], occurred[severity == FATAL])
    victims = np.where(rng.random(contract.size) < 0.04, rng.integers(2, 6, contract.size), 1)
    order = np.lexsort((contract, occurred))

    inspections = _inspections(
        cal, emps, contracts, headcount, unsafe, contract[order], occurred[order], severity[order], scale, rng
    )
    arrears = _arrears(cal, emps, contracts, at_risk, headcount, unsafe, scale, rng)
    others = background & ~np.isin(np.arange(len(emps)), unsafe)
    share = round(int((others & (headcount >= 10)).sum()) * _VISION_ZERO_SHARE)
    members = _firms(others & (headcount >= 10), others, headcount, max(3, share), rng)
    joined = uniform_days(
        np.maximum(emps.registered[members].astype(np.int64) + 1, day(*_VISION_ZERO_SINCE)),
        y1 - 1,
        rng,
        members.size,
    )
    return Safety(
        incident_contract=contract[order],
        incident_day=occurred[order],
        incident_severity=severity[order],
        incident_victims=victims[order],
        **inspections,
        **arrears,
        vision_employer=members,
        vision_joined=joined,
        unsafe=unsafe,
    )


def _firms(
    preferred: NDArray[np.bool_],
    allowed: NDArray[np.bool_],
    headcount: NDArray[np.int64],
    n: int,
    rng: np.random.Generator,
) -> NDArray[np.int64]:
    """n random preferred firms; at tiny scales, topped up with the largest other allowed firms."""
    pool = np.flatnonzero(preferred)
    chosen = rng.choice(pool, size=min(n, pool.size), replace=False)
    if chosen.size < n:
        rest = np.flatnonzero(allowed & ~preferred)
        chosen = np.r_[chosen, rest[np.argsort(-headcount[rest], kind="stable")][: n - chosen.size]]
    return np.sort(chosen)


def _repeated(values: NDArray[np.int64], mask: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """True for masked elements whose value already occurred among earlier masked elements."""
    out = np.zeros(values.size, dtype=np.bool_)
    where = np.flatnonzero(mask)
    _, first = np.unique(values[where], return_index=True)
    repeated = np.ones(where.size, dtype=np.bool_)
    repeated[first] = False
    out[where] = repeated
    return out


def _pick_contracts(
    contracts: Contracts,
    usable: NDArray[np.bool_],
    employers: NDArray[np.int64],
    counts: NDArray[np.int64],
    rng: np.random.Generator,
) -> NDArray[np.int64]:
    """counts[i] random usable contracts of employers[i] (with replacement)."""
    pool = np.flatnonzero(usable)
    pool = pool[np.argsort(contracts.employer[pool], kind="stable")]
    keys = contracts.employer[pool]
    lo = np.searchsorted(keys, employers, side="left")
    size = np.searchsorted(keys, employers, side="right") - lo
    owner = np.repeat(np.arange(employers.size), counts)
    return pool[lo[owner] + np.floor(rng.random(owner.size) * size[owner]).astype(np.int64)]


def _inspections(
    cal: Calibration,
    emps: Employers,
    contracts: Contracts,
    headcount: NDArray[np.int64],
    unsafe: NDArray[np.int64],
    inc_contract: NDArray[np.int64],
    inc_day: NDArray[np.int32],
    inc_severity: NDArray[np.int64],
    scale: float,
    rng: np.random.Generator,
) -> dict[str, Any]:
    y0, y1 = day(cal.year), day(cal.year + 1)
    serious = inc_severity != LIGHT
    follow_day = inc_day[serious].astype(np.int64) + rng.integers(1, 21, int(serious.sum()))
    follow_emp = contracts.employer[inc_contract[serious]][follow_day < y1]
    follow_day = follow_day[follow_day < y1]
    background = (emps.kind == BACKGROUND) & (headcount > 0)
    risk = headcount * np.array([_SECTION_RISK.get(s, 0.5) for s in SECTIONS])[emps.section] * background
    planned = choice(risk.astype(np.float64), max(10, round(_PLANNED_AT_SCALE_1 * scale)), rng)
    preventive = choice(
        (headcount * background).astype(np.float64), max(10, round(_PREVENTIVE_AT_SCALE_1 * scale)), rng
    )
    employer = np.r_[follow_emp, unsafe, planned, preventive]
    kind = np.r_[
        np.full(follow_emp.size + unsafe.size, UNPLANNED),
        np.full(planned.size, PLANNED),
        np.full(preventive.size, PREVENTIVE),
    ]
    when = np.r_[follow_day, uniform_days(y0, y1 - 1, rng, employer.size - follow_day.size)].astype(np.int32)
    violations = np.r_[
        rng.poisson(3.0, follow_emp.size) + 1,
        rng.poisson(6.0, unsafe.size) + 4,
        rng.poisson(1.5, planned.size),
        rng.poisson(0.5, preventive.size),
    ]
    fine = np.where(kind == PREVENTIVE, 0, violations * rng.integers(10, 101, employer.size) * mci(cal.year))
    order = np.lexsort((employer, when))
    return {
        "inspection_employer": employer[order],
        "inspection_day": when[order],
        "inspection_kind": kind[order],
        "inspection_violations": violations[order].astype(np.int64),
        "inspection_fine": fine[order].astype(np.int64),
    }


def _arrears(
    cal: Calibration,
    emps: Employers,
    contracts: Contracts,
    usable: NDArray[np.bool_],
    headcount: NDArray[np.int64],
    unsafe: NDArray[np.int64],
    scale: float,
    rng: np.random.Generator,
) -> dict[str, Any]:
    y0, y1 = day(cal.year), day(cal.year + 1)
    others = (emps.kind == BACKGROUND) & (headcount > 0) & ~np.isin(np.arange(len(emps)), unsafe)
    firms = _firms(
        others & (headcount >= 3), others, headcount, max(3, round(_ARREARS_AT_SCALE_1 * scale)), rng
    )
    records = np.where(rng.random(firms.size) < 0.2, 2, 1)
    employer = np.repeat(firms, records)
    pay = np.bincount(contracts.employer[usable], weights=contracts.salary[usable], minlength=len(emps))
    mean_salary = pay[employer] / np.maximum(headcount[employer], 1)
    workers = 1 + rng.binomial(headcount[employer] - 1, rng.uniform(0.1, 0.8, employer.size))
    amount = np.round(workers * mean_salary * rng.integers(1, 5, employer.size)).astype(np.int64)
    reported = uniform_days(y0, y1 - 1, rng, employer.size)
    repaid_on = reported.astype(np.int64) + rng.integers(7, 151, employer.size)
    repaid = (rng.random(employer.size) < 0.6) & (repaid_on < y1)
    repaid_kzt = np.where(
        rng.random(employer.size) < 0.75, amount, np.round(amount * rng.uniform(0.3, 0.9, employer.size))
    )
    order = np.lexsort((employer, reported))
    return {
        "arrear_employer": employer[order],
        "arrear_reported": reported[order],
        "arrear_amount": amount[order],
        "arrear_workers": workers[order].astype(np.int64),
        "arrear_repaid_on": np.where(repaid, repaid_on, -1)[order].astype(np.int32),
        "arrear_repaid": np.where(repaid, repaid_kzt, 0)[order].astype(np.int64),
        "arrears": firms,
    }
