"""Training records of the last two synthetic years: who was trained, where, how long, and who paid.

Each contract active in a year gets a training paid by its employer with a chance that grows with
the employer's size (about 6 % of employees overall, Kazakhstan's figure against the OECD's 48 %),
one paid by the state (1.5 %) or by the worker (1 %). Assumed (ASSUMPTIONS.md): the rates, the
size effect, hours (log-normal: employer 40, state 120, self 60 on average) and a course of about
6 hours a day; a course still running at the end of the data has no finished_on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from jumys.synth.days import day
from jumys.synth.draw import lognormal_mean, uniform_days
from jumys.synth.tables import Contracts

PAYERS = ("employer", "state", "self")
EMPLOYER, STATE, SELF = range(3)
YEARS = 2  # the synthetic year and the one before
_RATE = np.array([0.06, 0.015, 0.01])
_HOURS = np.array([40.0, 120.0, 60.0])
_HOURS_A_DAY = 6
_NO_NKZ = 0.15


@dataclass
class Training:
    """Training rows: contract (whose person and employer), payer, start, finish (-1: running), nkz (-1), hours."""

    contract: NDArray[np.int64]
    payer: NDArray[np.int64]
    started: NDArray[np.int32]
    finished: NDArray[np.int32]
    nkz: NDArray[np.int64]
    hours: NDArray[np.int64]


def generate(contracts: Contracts, employers: int, year: int, rng: np.random.Generator) -> Training:
    """Training of the contracts active in the last YEARS years up to `year`."""
    parts = [_year(contracts, employers, y, day(year + 1), rng) for y in range(year - YEARS + 1, year + 1)]
    t = Training(*(np.concatenate([getattr(p, f) for p in parts]) for f in Training.__dataclass_fields__))
    order = np.lexsort((t.contract, t.started))
    return Training(*(getattr(t, f)[order] for f in Training.__dataclass_fields__))


def _year(contracts: Contracts, employers: int, year: int, end: int, rng: np.random.Generator) -> Training:
    y0, y1 = day(year), day(year + 1)
    active = np.flatnonzero((contracts.start < y1) & (contracts.end >= y0) & contracts.paid)
    staff = np.bincount(contracts.employer[active], minlength=employers)
    # bigger employers train more: 0.4x for one worker up to 2x from about 1,000
    lift = 0.4 + 1.6 * np.minimum(np.log10(staff[contracts.employer[active]] + 1) / 3.0, 1.0)
    lift /= lift.mean()
    u = rng.random(active.size)
    p_employer = _RATE[EMPLOYER] * lift
    payer = np.where(
        u < p_employer,
        EMPLOYER,
        np.where(
            u < p_employer + _RATE[STATE],
            STATE,
            np.where(u < p_employer + _RATE[STATE] + _RATE[SELF], SELF, -1),
        ),
    )
    trained = payer >= 0
    contract, payer = active[trained], payer[trained]
    first = np.maximum(contracts.start[contract], y0).astype(np.int64)
    last = np.minimum(contracts.end[contract], y1 - 1).astype(np.int64)
    started = uniform_days(first, last, rng, contract.size)
    hours = np.clip(np.round(lognormal_mean(_HOURS[payer], 0.6, rng)), 4, 1000).astype(np.int64)
    finished = started.astype(np.int64) + np.maximum(hours // _HOURS_A_DAY, 1)
    finished = np.where(finished < end, finished, -1)
    nkz = np.where(rng.random(contract.size) < _NO_NKZ, -1, contracts.nkz[contract].astype(np.int64))
    return Training(contract, payer.astype(np.int64), started, finished.astype(np.int32), nkz, hours)


def employer_paid_share(contracts: Contracts, t: Training, year: int) -> float:
    """Persons trained at their employer's expense in a year, per person with a contract active in it."""
    y0, y1 = day(year), day(year + 1)
    active = (contracts.start < y1) & (contracts.end >= y0) & contracts.paid
    persons = int(contracts.person.max()) + 1 if len(contracts) else 0
    employees = np.count_nonzero(np.bincount(contracts.person[active], minlength=persons))
    paid = (t.payer == EMPLOYER) & (t.started >= y0) & (t.started < y1)
    trained = np.count_nonzero(np.bincount(contracts.person[t.contract[paid]], minlength=persons))
    return trained / employees if employees else 0.0
