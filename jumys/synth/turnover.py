"""Staff turnover over the safety history: the contracts that ended in the years before the synthetic year,
and the extra staff an unsafe firm loses.

The job market (jumys.synth.contracts) writes every contract active in the synthetic year; the ones
that ended before it were missing, so the registry had no turnover before the synthetic year and the
enterprise risk could not learn from it at its past cut dates. This step, drawn from the safety
stream, gives every background employer (not the planted projects' groups) the contracts it ended in
each of the PAST_YEARS years before, so the contracts registry is complete from 1 January of the
first of them:
- how many: Poisson with mean staff x rate x multiplier x the part of the year the firm existed;
  staff: its contracts of the synthetic year (jumys.synth.safety.Safety.headcount); rate: the share
  of their staff that the employers of its OKED section ended in the synthetic year (the job market's
  own turnover); multiplier: exp(SLOPE x max(centred latent, 0) / (1 + staff / STAFF_HALF)), at most
  MAX_MULTIPLIER: an unsafe firm loses more staff, a large one less so;
- each copies the occupation, type, conditions and salary (nominal, as in the synthetic year) of one
  of the employer's contracts of the synthetic year, ends on a uniform day of the year and lasts by
  its type (seasonal 60-180 days, fixed-term 90-730, permanent 30 + exponential with mean 3 years),
  starting no earlier than the day after the firm's registration;
- its holder is a citizen aged 18-62 over it, whose first contract of the synthetic year (if any)
  starts after it ends: a job before the present one, or the last job of someone without one now.
In the synthetic year itself the same multiplier applies on top of the job market's turnover: an
unsafe firm ends (multiplier - 1) x rate x staff more of its contracts (not seasonal, not planted) on
a uniform day of the year within them. All numbers are assumptions (ASSUMPTIONS.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from jumys.synth.calibration import SECTIONS
from jumys.synth.days import NO_END, day
from jumys.synth.draw import uniform_days
from jumys.synth.employers import Employers
from jumys.synth.tables import CITIZEN, FIXED_TERM, SEASONAL, Contracts, Persons, _concat_dataclass
from jumys.synth.unsafety import Latent

PAST_YEARS = 3  # the contracts registry is complete from 1 January of the synthetic year minus 3
SLOPE = 1.0  # turnover multiplier per unit of centred latent above the mean
STAFF_HALF = 300.0  # the exponent is halved at this staff: a large firm's turnover varies less
MAX_MULTIPLIER = (
    6.0  # an unsafe firm loses at most six times its section's share of staff (about 80 % a year)
)
_AGE_FROM, _AGE_TO = 18, 62
_SEASONAL_DAYS, _FIXED_DAYS = (60, 180), (90, 730)
_PERMANENT_MIN, _PERMANENT_MEAN = 30, 3 * 365
_PERSON_ROUNDS = 30  # rounds of drawing a holder; a contract still without one after them is dropped


@dataclass(frozen=True)
class Turnover:
    """What the step added and changed, for the assumptions' record and the tests."""

    past: int  # contracts added that ended before the synthetic year
    dropped: int  # past contracts drawn but left out: no holder found
    quits: int  # contracts of the synthetic year ended early by an unsafe firm


def multiplier(centred: NDArray[np.float64], staff: NDArray[np.float64]) -> NDArray[np.float64]:
    """How many times its section's turnover a firm of this staff has at a centred latent."""
    damp = 1.0 if STAFF_HALF <= 0 else 1.0 / (1.0 + staff / STAFF_HALF)
    return np.asarray(
        np.minimum(np.exp(SLOPE * damp * np.maximum(centred, 0.0)), MAX_MULTIPLIER), dtype=np.float64
    )


def section_rates(
    emps: Employers, contracts: Contracts, headcount: NDArray[np.int64], year: int
) -> NDArray[np.float64]:
    """Per employer: the share of staff that its section's employers ended in the synthetic year."""
    y0, y1 = day(year), day(year + 1)
    mine = ~contracts.planted & (contracts.end >= y0) & (contracts.end < y1)
    ended = np.bincount(contracts.employer[mine], minlength=len(emps))
    by_section_ended = np.bincount(emps.section, weights=ended, minlength=len(SECTIONS))
    by_section_staff = np.bincount(emps.section, weights=headcount, minlength=len(SECTIONS))
    rate = np.divide(
        by_section_ended, by_section_staff, out=np.zeros(len(SECTIONS)), where=by_section_staff > 0
    )
    return np.asarray(rate[emps.section], dtype=np.float64)


def centred(
    latent: Latent, year: int, staff: NDArray[np.float64], present: NDArray[np.bool_]
) -> NDArray[np.float64]:
    """The latent of a year less its staff-weighted mean over the firms present."""
    level = latent.year(year)
    if not present.any() or staff[present].sum() <= 0:
        return np.zeros_like(level)
    return np.asarray(level - np.average(level[present], weights=staff[present]), dtype=np.float64)


def add(
    emps: Employers,
    persons: Persons,
    contracts: Contracts,
    latent: Latent,
    headcount: NDArray[np.int64],
    background: NDArray[np.bool_],
    year: int,
    rng: np.random.Generator,
) -> tuple[Contracts, Turnover]:
    """The contracts with the past ones appended (indices of the others unchanged), and unsafe firms' quits."""
    rate = section_rates(emps, contracts, headcount, year)
    staff = headcount.astype(np.float64)
    quits = _quits(emps, contracts, latent, staff, rate, background, year, rng)
    past, dropped = _past(emps, persons, contracts, latent, staff, rate, background, year, rng)
    joined = _concat_dataclass(Contracts, [contracts, past])
    assert isinstance(joined, Contracts)
    return joined, Turnover(len(past), dropped, quits)


def _quits(
    emps: Employers,
    contracts: Contracts,
    latent: Latent,
    staff: NDArray[np.float64],
    rate: NDArray[np.float64],
    background: NDArray[np.bool_],
    year: int,
    rng: np.random.Generator,
) -> int:
    """End early, in place, the extra contracts unsafe firms lose in the synthetic year; how many."""
    y0, y1 = day(year), day(year + 1)
    present = background & (staff > 0)
    extra = staff * rate * (multiplier(centred(latent, year, staff, present), staff) - 1.0)
    count = rng.poisson(np.where(present, extra, 0.0))
    open_ = np.flatnonzero(
        ~contracts.planted & (contracts.kind != SEASONAL) & (contracts.start < y1) & (contracts.end >= y1)
    )
    open_ = open_[np.argsort(contracts.employer[open_], kind="stable")]
    first = np.searchsorted(contracts.employer[open_], np.arange(len(emps)))
    available = np.bincount(contracts.employer[open_], minlength=len(emps))
    count = np.minimum(count, available)
    employer = np.repeat(np.arange(len(emps)), count)
    if employer.size == 0:
        return 0
    pick = open_[first[employer] + np.floor(rng.random(employer.size) * available[employer]).astype(np.int64)]
    pick = np.unique(pick)
    low = np.maximum(contracts.start[pick].astype(np.int64), y0)
    contracts.end[pick] = uniform_days(low, y1 - 1, rng, pick.size)
    contracts.successor[pick] = False
    return int(pick.size)


def _past(
    emps: Employers,
    persons: Persons,
    contracts: Contracts,
    latent: Latent,
    staff: NDArray[np.float64],
    rate: NDArray[np.float64],
    background: NDArray[np.bool_],
    year: int,
    rng: np.random.Generator,
) -> tuple[Contracts, int]:
    """The contracts each background employer ended in each of the PAST_YEARS years before; how many dropped."""
    n = len(emps)
    mine = np.flatnonzero(~contracts.planted & background[contracts.employer])
    mine = mine[np.argsort(contracts.employer[mine], kind="stable")]
    first = np.searchsorted(contracts.employer[mine], np.arange(n))
    templates = np.bincount(contracts.employer[mine], minlength=n)
    registered = emps.registered.astype(np.int64)
    employer_parts, end_parts = [], []
    for y in range(year - PAST_YEARS, year):
        opened = np.maximum(registered + 1, day(y))
        share = np.clip((day(y + 1) - opened) / 365.0, 0.0, 1.0)
        present = background & (templates > 0) & (share > 0)
        mean = staff * share * rate * multiplier(centred(latent, y, staff * share, present), staff)
        count = rng.poisson(np.where(present, mean, 0.0))
        employer = np.repeat(np.arange(n), count)
        employer_parts.append(employer)
        end_parts.append(uniform_days(opened[employer], day(y + 1) - 1, rng, employer.size))
    employer = np.concatenate(employer_parts).astype(np.int64)
    end = np.concatenate(end_parts).astype(np.int64)
    template = mine[
        first[employer] + np.floor(rng.random(employer.size) * templates[employer]).astype(np.int64)
    ]
    kind = contracts.kind[template]
    length = np.where(
        kind == SEASONAL,
        rng.integers(_SEASONAL_DAYS[0], _SEASONAL_DAYS[1] + 1, employer.size),
        np.where(
            kind == FIXED_TERM,
            rng.integers(_FIXED_DAYS[0], _FIXED_DAYS[1] + 1, employer.size),
            _PERMANENT_MIN + rng.exponential(_PERMANENT_MEAN, employer.size).astype(np.int64),
        ),
    )
    start = np.minimum(np.maximum(end - length, registered[employer] + 1), end)
    person = _holders(persons, contracts, start, end, rng)
    keep = person >= 0
    past = Contracts(
        person=person[keep],
        employer=employer[keep],
        nkz=contracts.nkz[template[keep]],
        kind=kind[keep],
        conditions=contracts.conditions[template[keep]],
        start=start[keep].astype(np.int32),
        end=end[keep].astype(np.int32),
        salary=contracts.salary[template[keep]],
        paid=np.ones(int(keep.sum()), dtype=np.bool_),
        planted=np.zeros(int(keep.sum()), dtype=np.bool_),
        successor=np.zeros(int(keep.sum()), dtype=np.bool_),
    )
    past.successor[:] = _first_start(persons, contracts)[past.person] != NO_END
    return past, int((~keep).sum())


def _first_start(persons: Persons, contracts: Contracts) -> NDArray[np.int64]:
    """Each person's earliest contract start (NO_END for none)."""
    first = np.full(len(persons), int(NO_END), dtype=np.int64)
    np.minimum.at(first, contracts.person, contracts.start.astype(np.int64))
    return first


def _holders(
    persons: Persons,
    contracts: Contracts,
    start: NDArray[np.int64],
    end: NDArray[np.int64],
    rng: np.random.Generator,
) -> NDArray[np.int64]:
    """A holder for each past contract (-1 when none was found): a citizen aged 18-62 over it, whose
    contracts all start after it ends; no person holds two past contracts."""
    citizens = np.flatnonzero(persons.status == CITIZEN)
    first = _first_start(persons, contracts)
    birth = persons.birth.astype(np.int64)
    holder = np.full(start.size, -1, dtype=np.int64)
    used = np.zeros(len(persons), dtype=np.bool_)
    todo = np.arange(start.size)
    for _ in range(_PERSON_ROUNDS):
        if todo.size == 0 or citizens.size == 0:
            break
        p = citizens[rng.integers(0, citizens.size, todo.size)]
        ok = (
            (first[p] > end[todo])
            & (start[todo] - birth[p] >= _AGE_FROM * 365.25)
            & (end[todo] - birth[p] < (_AGE_TO + 1) * 365.25)
            & ~used[p]
        )
        # one past contract per person: the first to draw them keeps them
        _, once = np.unique(p, return_index=True)
        unique = np.zeros(todo.size, dtype=np.bool_)
        unique[once] = True
        ok &= unique
        holder[todo[ok]] = p[ok]
        used[p[ok]] = True
        todo = todo[~ok]
    return holder
