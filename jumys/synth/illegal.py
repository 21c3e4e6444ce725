"""Illegal work and fictitious contracts planted at background employers, with legal look-alikes.

Each of the seven signals of docs/illegal_work.md is planted at its own background employers (never
a project's group, so the job-creation truth and verification stay as they were), drawn from a
random stream of its own; the truth names the employers planted per signal, and the look-alikes:
legal situations near each signal that its definition must not flag (docs/illegal_work.md, "How
well it works"). The contracts are appended to the contracts (indices of the others unchanged);
pay without a contract is a separate set of payroll-only rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from jumys.reference.minimum_wage import minimum_wage
from jumys.synth.days import NO_END, day
from jumys.synth.employers import BACKGROUND, Employers
from jumys.synth.foreign import Permits
from jumys.synth.tables import (
    COUNTRIES,
    FIXED_TERM,
    FOREIGNER,
    KANDAS,
    PERMANENT,
    SEASONAL,
    Contracts,
    PersonStore,
    _concat_dataclass,
)

SIGNALS = (
    "unconfirmed",
    "unregistered",
    "foreign_no_permit",
    "below_minimum",
    "mass_hiring",
    "multi_employer",
    "few_contributions",
)
PLANTED_AT_SCALE_1 = 400  # employers planted per signal at scale 1 (at least MIN_PLANTED)
MIN_PLANTED = 8
_FOREIGN = tuple(COUNTRIES.index(c) for c in ("UZB", "CHN", "TUR", "TJK", "IND"))


@dataclass
class Planted:
    """What was planted: contracts added, payroll-only rows, and the employers per signal and look-alike."""

    contracts: Contracts
    pay_only: Contracts  # rows of pay without a contract: paid, never written to the contracts file
    signals: dict[str, NDArray[np.int64]] = field(default_factory=dict)
    look_alikes: dict[str, NDArray[np.int64]] = field(default_factory=dict)


class _Builder:
    """Contracts appended block by block, persons added to the store."""

    def __init__(self, people: PersonStore, year: int, rng: np.random.Generator) -> None:
        self.people, self.year, self.rng = people, year, rng
        self.blocks: list[Contracts] = []

    def persons(self, n: int, status: int = 0, citizenship: int | NDArray[np.int16] = 0) -> NDArray[np.int64]:
        """New persons aged 20-55 at the start of the year."""
        ages = self.rng.integers(20 * 365, 55 * 365, n)
        birth = (day(self.year) - ages).astype(np.int32)
        return self.people.add(birth, self.rng.random(n) < 0.4, status, citizenship)

    def add(
        self,
        person: NDArray[np.int64],
        employer: NDArray[np.int64],
        start: NDArray[np.int64],
        end: NDArray[np.int64] | None,
        salary: NDArray[np.int64] | None = None,
        *,
        kind: int = PERMANENT,
        paid: bool = True,
    ) -> None:
        """Append contracts (end None: open)."""
        n = person.size
        if employer.size != n or start.size != n or (end is not None and end.size != n):
            raise ValueError("planted contracts: columns of different lengths")
        if salary is None:
            salary = np.round(self.rng.uniform(120_000, 420_000, n) / 500).astype(np.int64) * 500
        self.blocks.append(
            Contracts(
                person=person.astype(np.int64),
                employer=employer.astype(np.int64),
                nkz=self.rng.choice(np.array([9313, 7112, 5223, 4110, 8322, 9112]), n).astype(np.int16),
                kind=np.full(n, kind, dtype=np.int8),
                conditions=np.zeros(n, dtype=np.int8),
                start=start.astype(np.int32),
                end=np.full(n, NO_END, dtype=np.int32) if end is None else end.astype(np.int32),
                salary=salary.astype(np.int64),
                paid=np.full(n, paid, dtype=np.bool_),
                planted=np.ones(n, dtype=np.bool_),
                successor=np.zeros(n, dtype=np.bool_),
            )
        )

    def days(self, low: int, high: int, n: int) -> NDArray[np.int64]:
        """Day numbers uniform in [low, high]."""
        return self.rng.integers(low, high + 1, n).astype(np.int64)

    def build(self) -> Contracts:
        """The contracts added, in one table."""
        result = _concat_dataclass(Contracts, self.blocks)
        assert isinstance(result, Contracts)
        return result


def _pools(emps: Employers, deals: Contracts, year: int, rng: np.random.Generator) -> dict[str, list[int]]:
    """Background employers, shuffled: small (at most 2 contracts in the two years), mid (3-30 staff at the
    year's end), big (10 or more)."""
    last = day(year + 1) - 1
    active = (deals.start <= last) & (deals.end >= last)
    headcount = np.bincount(deals.employer[active], minlength=len(emps))
    in_year = (deals.start <= last) & (deals.end >= day(year - 1))
    staffed = np.bincount(deals.employer[in_year], minlength=len(emps))  # contracts in the year or the one before
    background = (emps.kind == BACKGROUND) & (emps.registered < day(year - 1))
    pools = {
        "small": np.flatnonzero(background & (staffed <= 2)),
        "mid": np.flatnonzero(background & (headcount >= 3) & (headcount <= 30)),
        "big": np.flatnonzero(background & (headcount >= 10)),
    }
    return {k: [int(i) for i in rng.permutation(v)] for k, v in pools.items()}


def _take(pools: dict[str, list[int]], used: set[int], pool: str, n: int) -> NDArray[np.int64]:
    """n employers of a pool not used before (fewer when the pool runs out)."""
    out: list[int] = []
    source = pools[pool]
    while source and len(out) < n:
        e = source.pop()
        if e not in used:
            used.add(e)
            out.append(e)
    return np.array(out, dtype=np.int64)


def plant(
    emps: Employers,
    people: PersonStore,
    deals: Contracts,
    permits: Permits,
    year: int,
    scale: float,
    rng: np.random.Generator,
) -> Planted:
    """Plant every signal and its look-alikes at background employers; the contracts and rows added."""
    n = max(MIN_PLANTED, round(PLANTED_AT_SCALE_1 * scale))
    pools, used = _pools(emps, deals, year, rng), set[int]()
    b = _Builder(people, year, rng)
    y0, y1 = day(year), day(year + 1)
    floor = minimum_wage(year)
    signals: dict[str, NDArray[np.int64]] = {}
    looks: dict[str, NDArray[np.int64]] = {}

    def each(employers: NDArray[np.int64], low: int, high: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """low..high persons per employer: (employer of each, new citizen of each)."""
        k = rng.integers(low, high + 1, employers.size)
        at = np.repeat(employers, k)
        return at, b.persons(at.size)

    # unconfirmed: 2-5 contracts with no payroll at all, started in the first half of the year, open
    e = signals["unconfirmed"] = _take(pools, used, "big", n)
    at, who = each(e, 2, 5)
    b.add(who, at, b.days(y0, day(year, 6, 30), at.size), None, paid=False)
    # look-alike: a contract started in the year's last month, not paid yet (no full month to check)
    e = looks["unconfirmed"] = _take(pools, used, "big", n // 2)
    at, who = each(e, 1, 2)
    b.add(who, at, b.days(day(year, 12, 2), y1 - 2, at.size), None, paid=False)

    # unregistered: 2-4 persons paid 3-8 months of the year with no contract at all
    e = signals["unregistered"] = _take(pools, used, "big", n)
    at, who = each(e, 2, 4)
    start = b.days(y0, day(year, 4, 30), at.size)
    pay = Contracts(**{k: v for k, v in _one(b, who, at, start, start + rng.integers(90, 240, at.size)).items()})
    # look-alike: a contract that ends on the 2nd of a month, paid for the days of that month
    e = looks["unregistered"] = _take(pools, used, "big", n // 2)
    at, who = each(e, 1, 2)
    start = b.days(day(year - 1, 6, 1), day(year, 3, 1), at.size)
    end = np.array([day(year, int(m), 2) for m in rng.integers(5, 11, at.size)], dtype=np.int64)
    b.add(who, at, start, end)

    # foreign_no_permit: foreigners with a contract and no permit; permit holders working for another employer
    e = signals["foreign_no_permit"] = _take(pools, used, "big", n)
    half = e.size // 2
    k = rng.integers(1, 4, half)
    at = np.repeat(e[:half], k)
    who = b.persons(at.size, FOREIGNER, rng.choice(np.array(_FOREIGN, dtype=np.int16), at.size))
    b.add(who, at, b.days(y0, day(year, 9, 30), at.size), None)
    holders = np.flatnonzero(
        (permits.employer >= 0) & (permits.revoked < 0) & (permits.valid_until >= y1) & (permits.issued < y1 - 120)
    )
    pick = rng.choice(holders, min(holders.size, e.size - half), replace=False)
    start = permits.issued[pick].astype(np.int64) + 30
    b.add(permits.person[pick], e[half : half + pick.size], start, permits.valid_until[pick].astype(np.int64))
    signals["foreign_no_permit"] = e[: half + pick.size]
    # look-alike: kandas (ethnic Kazakhs, no permit needed) working at background employers
    e = looks["foreign_no_permit"] = _take(pools, used, "big", n // 2)
    k = rng.integers(1, 3, e.size)
    at = np.repeat(e, k)
    who = b.persons(at.size, KANDAS, rng.choice(np.array(_FOREIGN, dtype=np.int16), at.size))
    b.add(who, at, b.days(y0, day(year, 9, 30), at.size), None)

    # below_minimum: 1-3 open contracts at a monthly salary of 40-80 thousand
    e = signals["below_minimum"] = _take(pools, used, "big", n)
    at, who = each(e, 1, 3)
    salary = np.round(rng.uniform(40_000, floor - 5_000, at.size) / 500).astype(np.int64) * 500
    b.add(who, at, b.days(day(year - 1, 1, 1), day(year, 11, 30), at.size), None, salary)
    # look-alike: contracts at exactly the minimum wage, and one under it that ended in the year
    e = looks["below_minimum"] = _take(pools, used, "big", n // 2)
    at, who = each(e, 1, 2)
    b.add(who, at, b.days(day(year - 1, 1, 1), day(year, 11, 30), at.size), None, np.full(at.size, floor))
    who = b.persons(e.size)
    start = b.days(y0, day(year, 3, 1), e.size)
    b.add(who, e, start, start + 120, np.full(e.size, floor - 20_000))

    # mass_hiring: 12-20 persons hired within 30 days, all ended 20-55 days after they started
    e = signals["mass_hiring"] = _take(pools, used, "mid", n)
    at, who = each(e, 12, 20)
    first = dict(zip(e.tolist(), b.days(day(year, 1, 15), day(year, 9, 1), e.size).tolist(), strict=True))
    start = np.array([first[int(x)] for x in at], dtype=np.int64) + rng.integers(0, 30, at.size)
    b.add(who, at, start, start + rng.integers(20, 56, at.size), kind=FIXED_TERM)
    # look-alikes: a seasonal business hiring 15-25 for 100-180 days; 6-9 short contracts (under 10)
    e = looks["mass_hiring"] = _take(pools, used, "mid", n // 2)
    at, who = each(e[: e.size // 2], 15, 25)
    start = b.days(day(year, 3, 1), day(year, 4, 15), at.size)
    b.add(who, at, start, start + rng.integers(100, 181, at.size), kind=SEASONAL)
    at, who = each(e[e.size // 2 :], 6, 9)
    start = b.days(day(year, 2, 1), day(year, 2, 20), at.size)
    b.add(who, at, start, start + rng.integers(20, 60, at.size), kind=FIXED_TERM)

    # multi_employer: a person with open contracts at 3 employers at once
    e = signals["multi_employer"] = _take(pools, used, "big", 3 * max(1, n // 3))
    who = np.repeat(b.persons(e.size // 3), 3)
    start = np.repeat(b.days(y0, day(year, 6, 1), e.size // 3), 3) + np.tile([0, 20, 40], e.size // 3)
    b.add(who, e, start, None)
    # look-alikes: two jobs at once; three jobs one after the other
    e = looks["multi_employer"] = _take(pools, used, "big", 5 * max(1, n // 10))
    k = e.size // 5
    two = np.repeat(b.persons(k), 2)
    b.add(two, e[: 2 * k], np.repeat(b.days(y0, day(year, 6, 1), k), 2), None)
    three = np.repeat(b.persons(k), 3)
    start = np.repeat(b.days(y0, day(year, 2, 1), k), 3) + np.tile([0, 100, 200], k)
    b.add(three, e[2 * k : 5 * k], start, start + 90)

    # few_contributions: 10-16 unpaid open contracts at an employer of 0-2 staff, from the year before
    e = signals["few_contributions"] = _take(pools, used, "small", n)
    at, who = each(e, 10, 16)
    start = np.maximum(b.days(day(year - 1, 3, 1), day(year - 1, 11, 1), at.size), emps.registered[at] + 1)
    b.add(who, at, start, None, paid=False)
    # look-alike: an employer whose staff all joined in the year's last month (no contract-month yet)
    e = looks["few_contributions"] = _take(pools, used, "small", n // 2)
    at, who = each(e, 3, 5)
    b.add(who, at, b.days(day(year, 12, 2), y1 - 2, at.size), None, paid=False)

    return Planted(contracts=b.build(), pay_only=pay, signals=signals, look_alikes=looks)


def _one(
    b: _Builder, who: NDArray[np.int64], at: NDArray[np.int64], start: NDArray[np.int64], end: NDArray[np.int64]
) -> dict[str, NDArray[np.generic]]:
    """The columns of paid rows (person, employer, start, end) that are never written as contracts."""
    before = len(b.blocks)
    b.add(who, at, start, end)
    block = b.blocks.pop()
    assert len(b.blocks) == before
    return {k: getattr(block, k) for k in Contracts.__dataclass_fields__}


def unconfirmed_truth(deals: Contracts, signals: dict[str, NDArray[np.int64]], year: int) -> NDArray[np.int64]:
    """Employers with a contract planted with no payroll at all (here or by the projects) that is
    active at the year's end and holds at least one full month before it: unconfirmed by definition."""
    y1 = day(year + 1)
    unpaid = ~deals.paid & (deals.end >= y1) & (deals.start <= day(year, 12, 1))
    return np.union1d(np.unique(deals.employer[unpaid]), signals["unconfirmed"])


def join(deals: Contracts, planted: Planted) -> Contracts:
    """The contracts with the planted ones appended (indices of the others unchanged)."""
    result = _concat_dataclass(Contracts, [deals, planted.contracts])
    assert isinstance(result, Contracts)
    return result


def with_pay_only(deals: Contracts, planted: Planted) -> Contracts:
    """The contracts and the rows of pay without a contract: what the payroll is written from."""
    result = _concat_dataclass(Contracts, [deals, planted.pay_only])
    assert isinstance(result, Contracts)
    return result
