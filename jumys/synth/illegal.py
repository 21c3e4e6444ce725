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
    concat_contracts,
)

PLANTED_AT_SCALE_1 = 400  # employers planted per signal at scale 1 (at least MIN_PLANTED)
MIN_PLANTED = 8
Pair = tuple[NDArray[np.int64], NDArray[np.int64]]  # the employers planted, and the look-alikes
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

    def detached(
        self,
        person: NDArray[np.int64],
        employer: NDArray[np.int64],
        start: NDArray[np.int64],
        end: NDArray[np.int64],
    ) -> Contracts:
        """Paid rows (person, employer, start, end) kept apart: what the payroll holds with no contract."""
        self.add(person, employer, start, end)
        return self.blocks.pop()

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
    staffed = np.bincount(
        deals.employer[in_year], minlength=len(emps)
    )  # contracts in the year or the one before
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


class _Planter:
    """The planting of each signal and its look-alikes: each method returns (planted, look-alikes)."""

    def __init__(self, b: _Builder, pools: dict[str, list[int]], n: int, permits: Permits) -> None:
        self.b, self.pools, self.n, self.permits = b, pools, n, permits
        self.used: set[int] = set()
        self.rng, self.year = b.rng, b.year
        self.y0, self.y1 = day(b.year), day(b.year + 1)

    def take(self, pool: str, n: int) -> NDArray[np.int64]:
        """n employers of a pool not planted before."""
        return _take(self.pools, self.used, pool, n)

    def each(
        self, employers: NDArray[np.int64], low: int, high: int
    ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """low..high new citizens per employer: (the employer of each, each person)."""
        at = np.repeat(employers, self.rng.integers(low, high + 1, employers.size))
        return at, self.b.persons(at.size)

    def unconfirmed(self) -> Pair:
        """2-5 open contracts with no payroll at all, started in the first half of the year; look-alike:
        a contract started in the year's last month, not paid yet (no full month to check)."""
        b, year = self.b, self.year
        planted = self.take("big", self.n)
        at, who = self.each(planted, 2, 5)
        b.add(who, at, b.days(self.y0, day(year, 6, 30), at.size), None, paid=False)
        looks = self.take("big", self.n // 2)
        at, who = self.each(looks, 1, 2)
        b.add(who, at, b.days(day(year, 12, 2), self.y1 - 2, at.size), None, paid=False)
        return planted, looks

    def unregistered(self) -> tuple[NDArray[np.int64], NDArray[np.int64], Contracts]:
        """2-4 persons paid 3-8 months of the year with no contract at all (rows of pay only); look-alike:
        a contract that ends on the 2nd of a month, paid for the days of that month."""
        b, year = self.b, self.year
        planted = self.take("big", self.n)
        at, who = self.each(planted, 2, 4)
        start = b.days(self.y0, day(year, 4, 30), at.size)
        pay = b.detached(who, at, start, start + self.rng.integers(90, 240, at.size))
        looks = self.take("big", self.n // 2)
        at, who = self.each(looks, 1, 2)
        start = b.days(day(year - 1, 6, 1), day(year, 3, 1), at.size)
        end = np.array([day(year, int(m), 2) for m in self.rng.integers(5, 11, at.size)], dtype=np.int64)
        b.add(who, at, start, end)
        return planted, looks, pay

    def foreign_no_permit(self) -> Pair:
        """Foreigners with a contract and no permit, and permit holders working for another employer too;
        look-alike: kandas (who need no permit) working."""
        b, rng, year, p = self.b, self.rng, self.year, self.permits
        planted = self.take("big", self.n)
        half = planted.size // 2
        at = np.repeat(planted[:half], rng.integers(1, 4, half))
        who = b.persons(at.size, FOREIGNER, rng.choice(np.array(_FOREIGN, dtype=np.int16), at.size))
        b.add(who, at, b.days(self.y0, day(year, 9, 30), at.size), None)
        holders = np.flatnonzero(
            (p.employer >= 0) & (p.revoked < 0) & (p.valid_until >= self.y1) & (p.issued < self.y1 - 120)
        )
        pick = rng.choice(holders, min(holders.size, planted.size - half), replace=False)
        elsewhere = planted[half : half + pick.size]
        b.add(
            p.person[pick],
            elsewhere,
            p.issued[pick].astype(np.int64) + 30,
            p.valid_until[pick].astype(np.int64),
        )
        looks = self.take("big", self.n // 2)
        at = np.repeat(looks, rng.integers(1, 3, looks.size))
        who = b.persons(at.size, KANDAS, rng.choice(np.array(_FOREIGN, dtype=np.int16), at.size))
        b.add(who, at, b.days(self.y0, day(year, 9, 30), at.size), None)
        return planted[: half + pick.size], looks

    def below_minimum(self) -> Pair:
        """1-3 open contracts at a monthly salary of 40 thousand to 5 thousand under the minimum wage;
        look-alikes: contracts at exactly the minimum wage, and one under it that ended in the year."""
        b, rng, year = self.b, self.rng, self.year
        floor = minimum_wage(year)
        planted = self.take("big", self.n)
        at, who = self.each(planted, 1, 3)
        salary = np.round(rng.uniform(40_000, floor - 5_000, at.size) / 500).astype(np.int64) * 500
        b.add(who, at, b.days(day(year - 1, 1, 1), day(year, 11, 30), at.size), None, salary)
        looks = self.take("big", self.n // 2)
        at, who = self.each(looks, 1, 2)
        b.add(who, at, b.days(day(year - 1, 1, 1), day(year, 11, 30), at.size), None, np.full(at.size, floor))
        start = b.days(self.y0, day(year, 3, 1), looks.size)
        b.add(b.persons(looks.size), looks, start, start + 120, np.full(looks.size, floor - 20_000))
        return planted, looks

    def mass_hiring(self) -> Pair:
        """12-20 persons hired within 30 days, all gone 20-55 days after they started; look-alikes: a
        seasonal business hiring 15-25 for 100-180 days, and 6-9 short contracts (fewer than 10)."""
        b, rng, year = self.b, self.rng, self.year
        planted = self.take("mid", self.n)
        at, who = self.each(planted, 12, 20)
        firsts = b.days(day(year, 1, 15), day(year, 9, 1), planted.size)
        first = dict(zip(planted.tolist(), firsts.tolist(), strict=True))
        start = np.array([first[int(x)] for x in at], dtype=np.int64) + rng.integers(0, 30, at.size)
        b.add(who, at, start, start + rng.integers(20, 56, at.size), kind=FIXED_TERM)
        looks = self.take("mid", self.n // 2)
        at, who = self.each(looks[: looks.size // 2], 15, 25)
        start = b.days(day(year, 3, 1), day(year, 4, 15), at.size)
        b.add(who, at, start, start + rng.integers(100, 181, at.size), kind=SEASONAL)
        at, who = self.each(looks[looks.size // 2 :], 6, 9)
        start = b.days(day(year, 2, 1), day(year, 2, 20), at.size)
        b.add(who, at, start, start + rng.integers(20, 60, at.size), kind=FIXED_TERM)
        return planted, looks

    def multi_employer(self) -> Pair:
        """A person with open contracts at 3 employers at once; look-alikes: two jobs at once, and three
        jobs one after the other."""
        b, year = self.b, self.year
        planted = self.take("big", 3 * max(1, self.n // 3))
        k = planted.size // 3
        start = np.repeat(b.days(self.y0, day(year, 6, 1), k), 3) + np.tile([0, 20, 40], k)
        b.add(np.repeat(b.persons(k), 3), planted[: 3 * k], start, None)
        looks = self.take("big", 5 * max(1, self.n // 10))
        j = looks.size // 5
        both = np.repeat(b.days(self.y0, day(year, 6, 1), j), 2)
        b.add(np.repeat(b.persons(j), 2), looks[: 2 * j], both, None)
        start = np.repeat(b.days(self.y0, day(year, 2, 1), j), 3) + np.tile([0, 100, 200], j)
        b.add(np.repeat(b.persons(j), 3), looks[2 * j : 5 * j], start, start + 90)
        return planted[: 3 * k], looks[: 5 * j]

    def few_contributions(self, registered: NDArray[np.int32]) -> Pair:
        """10-16 unpaid open contracts from the year before at an employer of at most 2 contracts;
        look-alike: an employer whose staff all joined in the year's last month (no contract-month yet)."""
        b, year = self.b, self.year
        planted = self.take("small", self.n)
        at, who = self.each(planted, 10, 16)
        start = np.maximum(b.days(day(year - 1, 3, 1), day(year - 1, 11, 1), at.size), registered[at] + 1)
        b.add(who, at, start, None, paid=False)
        looks = self.take("small", self.n // 2)
        at, who = self.each(looks, 3, 5)
        b.add(who, at, b.days(day(year, 12, 2), self.y1 - 2, at.size), None, paid=False)
        return planted, looks


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
    b = _Builder(people, year, rng)
    # the pools' order from a generator of its own: the sizes of the pools (which follow the safe-work
    # stream's turnover) then change no draw of the persons and dates planted
    shuffle = np.random.Generator(np.random.PCG64(int(rng.integers(2**63))))
    planter = _Planter(b, _pools(emps, deals, year, shuffle), n, permits)
    found: dict[str, Pair] = {"unconfirmed": planter.unconfirmed()}
    planted, looks, pay = planter.unregistered()
    found["unregistered"] = (planted, looks)
    found["foreign_no_permit"] = planter.foreign_no_permit()
    found["below_minimum"] = planter.below_minimum()
    found["mass_hiring"] = planter.mass_hiring()
    found["multi_employer"] = planter.multi_employer()
    found["few_contributions"] = planter.few_contributions(emps.registered)
    return Planted(
        contracts=b.build(),
        pay_only=pay,
        signals={code: v[0] for code, v in found.items()},
        look_alikes={code: v[1] for code, v in found.items()},
    )


def unconfirmed_truth(
    deals: Contracts, signals: dict[str, NDArray[np.int64]], year: int
) -> NDArray[np.int64]:
    """Employers with a contract planted with no payroll at all (here or by the projects) that is
    active at the year's end and holds at least one full month before it: unconfirmed by definition."""
    y1 = day(year + 1)
    unpaid = ~deals.paid & (deals.end >= y1) & (deals.start <= day(year, 12, 1))
    return np.union1d(np.unique(deals.employer[unpaid]), signals["unconfirmed"])


def join(deals: Contracts, planted: Planted) -> Contracts:
    """The contracts with the planted ones appended (indices of the others unchanged)."""
    return concat_contracts(deals, planted.contracts)


def with_pay_only(deals: Contracts, planted: Planted) -> Contracts:
    """The contracts and the rows of pay without a contract: what the payroll is written from."""
    return concat_contracts(deals, planted.pay_only)
