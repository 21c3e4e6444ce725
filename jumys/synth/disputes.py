"""Labour disputes, the warning signals planted before some of them, and decoys (signals, no dispute).

About 60 % of the disputes are preceded, 65-165 days before, by one or two of the spec's signals,
written into the data the warnings read: an arrears report (arrears file), a wage cut of 22-40 %
for everyone on the payroll from a month on (payroll), a mass layoff (contracts ending within 14
days of one month), contributions missing for 30-50 % of staff in two or three months (payroll rows with opv 0),
a fatal incident (incidents), or two unplanned inspections within 90 days (inspections). The other
disputes come with no planted signal (surprises); decoys get the same signals and no dispute. The
payroll is written for the synthetic year only, so payroll and contract signals are planted in it;
the others anywhere from the second history year on. All shares and sizes are assumptions
(ASSUMPTIONS.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from jumys.synth.days import day, first_day, month_of
from jumys.synth.employers import BACKGROUND, Employers
from jumys.synth.payroll import PayrollChanges
from jumys.synth.records import (
    FATAL,
    UNPLANNED,
    Arrears,
    Incidents,
    Inspections,
    empty_arrears,
    empty_incidents,
    empty_inspections,
    join,
)
from jumys.synth.safety import Safety, arrears_of, end_lives, findings
from jumys.synth.tables import Contracts
from jumys.synth.unsafety import history_from

SIGNALS = (
    "arrears",
    "wage_cut",
    "mass_layoff",
    "missing_contributions",
    "fatal_incident",
    "unplanned_inspections",
)
ARREARS, WAGE_CUT, MASS_LAYOFF, MISSING, FATAL_INCIDENT, UNPLANNED_TWICE = range(6)
IN_PAYROLL_YEAR = (WAGE_CUT, MASS_LAYOFF, MISSING)
KINDS = ("strike", "collective_dispute", "complaint")
_PRIMARY = np.array([0.30, 0.15, 0.15, 0.15, 0.10, 0.15])  # first signal of a planted case
_SECOND = 0.5  # chance of a second signal in the same month (arrears, or unplanned inspections after arrears)
_DISPUTES_AT_SCALE_1, _SIGNALLED, _MIN_DISPUTES = 400, 0.6, 10
_LEAD = (65, 165)
_KIND_SHARE = (0.1, 0.3, 0.6)
_NEED = {ARREARS: 3, WAGE_CUT: 5, MASS_LAYOFF: 12, MISSING: 5, FATAL_INCIDENT: 1, UNPLANNED_TWICE: 1}


@dataclass
class Planted:
    """One case: its employer, the signals (code index, day) and its dispute's index (-1: a decoy)."""

    employer: int
    signals: list[tuple[int, int]] = field(default_factory=list)
    dispute: int = -1


@dataclass
class Disputes:
    """The labour_disputes file's rows, the planted cases, and what the signals added to the data."""

    employer: NDArray[np.int64]
    started: NDArray[np.int32]
    ended: NDArray[np.int32]  # -1: still going
    kind: NDArray[np.int64]
    workers: NDArray[np.int64]
    signalled: list[Planted]
    decoys: list[Planted]
    payroll: PayrollChanges


class _Firms:
    """Contracts of each employer, to count staff at a day and pick contracts."""

    def __init__(self, contracts: Contracts, employers: int) -> None:
        self.c = contracts
        self.order = np.argsort(contracts.employer, kind="stable")
        keys = contracts.employer[self.order]
        self.lo = np.searchsorted(keys, np.arange(employers), side="left")
        self.hi = np.searchsorted(keys, np.arange(employers), side="right")

    def of(self, employer: int) -> NDArray[np.int64]:
        """The contracts of an employer."""
        return np.asarray(self.order[self.lo[employer] : self.hi[employer]], dtype=np.int64)

    def active(self, employer: int, start: int, end: int, last: bool = False) -> NDArray[np.int64]:
        """Its unplanted contracts active over the whole of [start, end] (last: and the person's last one)."""
        mine = self.of(employer)
        c = self.c
        keep = (c.start[mine] <= start) & (c.end[mine] >= end) & ~c.planted[mine]
        if last:
            keep &= ~c.successor[mine]
        return mine[keep]


def plant(
    emps: Employers, contracts: Contracts, safety: Safety, year: int, scale: float, rng: np.random.Generator
) -> tuple[Disputes, Incidents, Inspections, Arrears]:
    """Draw the disputes, plant the signals into the data (contracts' ends in place) and the decoys."""
    n = max(_MIN_DISPUTES, round(_DISPUTES_AT_SCALE_1 * scale))
    signalled = round(n * _SIGNALLED)
    firms = _Firms(contracts, len(emps))
    # candidate firms in a random order, bigger and less safe ones first more often
    weight = np.sqrt(safety.headcount) * np.exp(0.5 * safety.latent.year(year)) * (emps.kind == BACKGROUND)
    pool = np.flatnonzero(weight > 0)
    keys = np.log(rng.random(pool.size)) / weight[pool]
    queue = list(pool[np.argsort(-keys, kind="stable")])
    y1 = day(year + 1)
    plan = _Plan(firms, queue, year)
    drawn = [plan.case(rng) for _ in range(2 * signalled)]
    cases = [c for c in drawn if c is not None]
    signal_cases, decoys = cases[: len(cases) // 2], cases[len(cases) // 2 :]
    surprises = [plan.firm(1, day(year)) for _ in range(n - len(signal_cases))]
    employer = np.array([c.employer for c in signal_cases] + [e for e in surprises if e >= 0], dtype=np.int64)
    last_signal = np.array([max(d for _, d in c.signals) for c in signal_cases], dtype=np.int64)
    lead = rng.integers(_LEAD[0], _LEAD[1] + 1, last_signal.size)
    started = np.r_[
        np.minimum(last_signal + lead, y1 - 1),
        rng.integers(day(history_from(year) + 1), y1, employer.size - lead.size),
    ]
    for i, c in enumerate(signal_cases):
        c.dispute = i
    ended = started + rng.integers(3, 61, employer.size)
    ended = np.where((rng.random(employer.size) < 0.7) & (ended < y1), ended, -1)
    kind = np.searchsorted(np.cumsum(_KIND_SHARE), rng.random(employer.size) * 0.999999, side="right")
    staff = np.array(
        [max(firms.active(int(e), int(s), int(s)).size, 1) for e, s in zip(employer, started, strict=True)]
    )
    workers = np.where(
        kind == 2,
        1 + rng.binomial(staff - 1, 0.05),
        1 + rng.binomial(staff - 1, rng.uniform(0.1, 0.6, staff.size)),
    )
    incidents, inspections, arrears, changes = plan.realise(signal_cases + decoys, safety, y1, rng)
    disputes = Disputes(
        employer,
        started.astype(np.int32),
        ended.astype(np.int32),
        kind.astype(np.int64),
        workers.astype(np.int64),
        signal_cases,
        decoys,
        changes,
    )
    return disputes, incidents, inspections, arrears


class _Plan:
    """Chooses firms and days for the planted cases, then writes their signals into the data."""

    def __init__(self, firms: _Firms, queue: list[int], year: int) -> None:
        self.firms = firms
        self.queue = queue
        self.year = year

    def firm(self, need: int, on: int, end: int | None = None) -> int:
        """The next unused candidate with `need` contracts active over [on, end]; -1 when none is left."""
        for i, e in enumerate(self.queue):
            if self.firms.active(int(e), on, on if end is None else end, last=True).size >= need:
                del self.queue[i]
                return int(e)
        return -1

    def case(self, rng: np.random.Generator) -> Planted | None:
        """One planted case: a first signal, maybe a second, and its firm."""
        first = int(np.searchsorted(np.cumsum(_PRIMARY), rng.random() * 0.999999, side="right"))
        y0, y1 = day(self.year), day(self.year + 1)
        if first in IN_PAYROLL_YEAR:
            when = _first(_month(y0) + int(rng.integers(4, 8)))  # May-August
            if first == MASS_LAYOFF:
                when += int(rng.integers(1, 15))  # 2nd-15th: the layoff stays inside its month
        else:
            when = int(rng.integers(day(history_from(self.year) + 1) + 30, y1 - _LEAD[0] - 60))
        signals = [(first, when)]
        if rng.random() < _SECOND:
            second = UNPLANNED_TWICE if first == ARREARS else ARREARS
            # in the same calendar month, so that a monthly warning sees both signals at once
            signals.append((second, _first(_month(when)) + int(rng.integers(0, 28))))
        start, end = _window(first, when)
        employer = self.firm(_NEED[first], start, end)
        return Planted(employer, signals) if employer >= 0 else None

    def realise(
        self, cases: list[Planted], safety: Safety, y1: int, rng: np.random.Generator
    ) -> tuple[Incidents, Inspections, Arrears, PayrollChanges]:
        """Write every case's signals into the data."""
        out = _Signals(self.firms, y1, rng)
        write = {
            ARREARS: out.arrears,
            WAGE_CUT: out.wage_cut,
            MASS_LAYOFF: out.mass_layoff,
            MISSING: out.missing,
            FATAL_INCIDENT: out.fatal,
            UNPLANNED_TWICE: out.unplanned,
        }
        for case in cases:
            level = float(safety.latent.year(self.year)[case.employer])
            for code, when in case.signals:
                write[code](case.employer, when, level)
        incident = join(out.incidents)
        end_lives(self.firms.c, incident, day(self.year))
        return incident, join(out.inspections), join(out.arrear), out.payroll()


class _Signals:
    """The rows and payroll changes that planted signals add to the data (contracts' ends in place)."""

    def __init__(self, firms: _Firms, y1: int, rng: np.random.Generator) -> None:
        self.firms, self.c, self.y1, self.rng = firms, firms.c, y1, rng
        self.incidents, self.inspections, self.arrear = (
            [empty_incidents()],
            [empty_inspections()],
            [empty_arrears()],
        )
        self.cut: list[tuple[NDArray[np.int64], int, float]] = []
        self.gap: list[tuple[NDArray[np.int64], NDArray[np.int32]]] = []

    def arrears(self, e: int, when: int, level: float) -> None:
        """An arrears report on the day."""
        mine = self.firms.active(e, when, when)
        staff = np.zeros(e + 1, dtype=np.int64)
        staff[e] = max(mine.size, 3)
        salary = np.zeros(e + 1)
        salary[e] = float(self.c.salary[mine].mean()) if mine.size else 100_000.0
        self.arrear.append(arrears_of(np.array([e]), staff, salary, when, when, self.y1, self.rng))

    def fatal(self, e: int, when: int, level: float) -> None:
        """A fatal incident on the day, at a contract active then (if any)."""
        mine = self.firms.active(e, when, when)
        victim = int(mine[self.rng.integers(0, mine.size)]) if mine.size else -1
        one = np.array([e])
        self.incidents.append(
            Incidents(
                one, np.array([victim]), np.array([when], dtype=np.int32), np.array([FATAL]), np.array([1])
            )
        )

    def unplanned(self, e: int, when: int, level: float) -> None:
        """Two unplanned inspections 15-75 days apart, the second on the day (the signal is complete then)."""
        days = np.array([when - int(self.rng.integers(15, 76)), when], dtype=np.int32)
        found = findings(np.array([e, e]), days, np.full(2, UNPLANNED), np.full(2, level + 2.0), self.rng)
        found.violations = np.maximum(found.violations, 1)
        self.inspections.append(found)

    def wage_cut(self, e: int, when: int, level: float) -> None:
        """Everyone on the payroll over the month and the three before paid 60-78 % from the month on."""
        start, end = _window(WAGE_CUT, when)
        self.cut.append((self.firms.active(e, start, end), _month(when), float(self.rng.uniform(0.6, 0.78))))

    def missing(self, e: int, when: int, level: float) -> None:
        """No contribution for 30-50 % of staff in the month before and the month (maybe the one after)."""
        month = _month(when)
        start, end = _window(MISSING, when)
        mine = self.firms.active(e, start, end)
        ever = self.firms.active(e, end, start).size  # active at any time of the two months
        k = min(mine.size, max(2, int(np.ceil(self.rng.uniform(0.3, 0.5) * max(ever, mine.size)))))
        chosen = self.rng.choice(mine, size=k, replace=False)
        extra = [month + 1] if self.rng.random() < 0.5 else []
        months = np.array([month - 1, month, *extra], dtype=np.int32)
        self.gap.append((np.repeat(chosen, months.size), np.tile(months, chosen.size)))

    def mass_layoff(self, e: int, when: int, level: float) -> None:
        """max(10, 15-30 % of staff) contracts ending within 14 days from the day."""
        mine = self.firms.active(e, when, when + 30, last=True)
        now = self.firms.active(e, when, when).size
        k = min(mine.size, max(10, int(np.ceil(self.rng.uniform(0.15, 0.3) * now))))
        chosen = self.rng.choice(mine, size=k, replace=False)
        self.c.end[chosen] = (when + self.rng.integers(0, 14, k)).astype(np.int32)

    def payroll(self) -> PayrollChanges:
        """The wage cuts and missing contributions, as payroll changes."""
        none_i, none_f = np.zeros(0, dtype=np.int64), np.zeros(0)
        return PayrollChanges(
            np.concatenate([x for x, _, _ in self.cut] + [none_i]).astype(np.int64),
            np.concatenate([np.full(x.size, m) for x, m, _ in self.cut] + [none_i]).astype(np.int32),
            np.concatenate([np.full(x.size, f) for x, _, f in self.cut] + [none_f]).astype(np.float64),
            np.concatenate([x for x, _ in self.gap] + [none_i]).astype(np.int64),
            np.concatenate([m for _, m in self.gap] + [none_i]).astype(np.int32),
        )


def _month(when: int) -> int:
    return int(month_of(np.array([when], dtype=np.int32))[0])


def _first(month: int) -> int:
    return int(first_day(np.array([month], dtype=np.int32))[0])


def _window(code: int, when: int) -> tuple[int, int]:
    """The days over which a signal's firm must have its staff: the months the signal compares."""
    month = _month(when)
    if code == WAGE_CUT:
        return _first(month - 3), _first(month + 1) - 1
    if code == MISSING:
        return _first(month - 1), _first(month + 2) - 1
    if code == MASS_LAYOFF:
        return when, when + 30
    return when, when
