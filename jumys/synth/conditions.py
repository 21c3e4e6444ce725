"""Foreign workers' conditions: what docs/foreign_workers.md must find, planted, and its truth worked out.

Planted from a random stream of its own (CONDITIONS_STREAM), after the illegal work, at background employers
that no other planting and no synthetic application names. Only rows are appended (persons, contracts paid
every month, registry permits issued in the year before the synthetic year, so that no unit of its quota is
taken), so every row the other steps write stays as it was:

- underpaid: 5-7 foreign workers at an employer, in an occupation of its region with at least 8 citizens at
  the year's end earning a median of 200,000 KZT or more, paid 45-65 % of that median (never under 95,000);
- expiring: 1-2 foreign workers whose permit ends 1-28 days after the year's end while their contract is open.

The truth is worked out from the final arrays by the definitions of docs/foreign_workers.md, read here
independently of the SQL: the employers paying their foreign workers under 80 % of the citizens' median, the
employers with foreign workers and open wage arrears, and the permits ending within 30 days while the holder's
contract runs on, at 1 January of the year after.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from jumys.synth.days import NO_END, day
from jumys.synth.employers import BACKGROUND, Employers
from jumys.synth.foreign import CATEGORIES, Permits
from jumys.synth.records import Arrears
from jumys.synth.tables import (
    COUNTRIES,
    FIXED_TERM,
    FOREIGNER,
    Contracts,
    Persons,
    PersonStore,
    _concat_dataclass,
    concat_contracts,
)

CONDITIONS_STREAM = 13  # the spawn key of this stream (APPLICATIONS_STREAM is 11, ILLEGAL_STREAM 20)
PLANTED_AT_SCALE_1 = 200  # employers planted per part at scale 1 (at least MIN_PLANTED)
MIN_PLANTED = 8
SMALL = 5  # persons on a side below which a cell is not compared
UNDER_PCT = 80
DAYS = 30
_FOREIGN = tuple(COUNTRIES.index(c) for c in ("UZB", "CHN", "TUR", "KGZ", "IND"))


@dataclass
class Planted:
    """The contracts and permits appended, and the employers planted per part."""

    contracts: Contracts
    permits: Permits  # every permit: the original ones, then the planted
    underpaid: NDArray[np.int64]
    expiring: NDArray[np.int64]  # indices into permits of the planted expiring permits


def _medians(
    keys: NDArray[np.int64], values: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """The distinct keys and the median of values per key (the mean of the two middle values for an even
    count, as percentile_cont(0.5))."""
    order = np.lexsort((values, keys))
    k, v = keys[order], values[order].astype(np.float64)
    uniq, start, count = np.unique(k, return_index=True, return_counts=True)
    low = v[start + (count - 1) // 2]
    high = v[start + count // 2]
    return uniq, (low + high) / 2


def _persons(keys: NDArray[np.int64], person: NDArray[np.int64]) -> dict[int, int]:
    """Distinct persons per key."""
    pairs = np.unique(np.stack([keys, person]), axis=1)
    uniq, count = np.unique(pairs[0], return_counts=True)
    return dict(zip(uniq.tolist(), count.tolist(), strict=True))


def plant(
    emps: Employers,
    people: PersonStore,
    deals: Contracts,
    permits: Permits,
    excluded: set[int],
    year: int,
    scale: float,
    rng: np.random.Generator,
) -> Planted:
    """Plant underpaid foreign workers and permits ending while the contract runs on; persons go to people."""
    n = max(MIN_PLANTED, round(PLANTED_AT_SCALE_1 * scale))
    y1 = day(year + 1)
    persons = people.build()
    active = (deals.start < y1) & (deals.end >= y1)
    citizen = active & (persons.status[deals.person] != FOREIGNER)
    key = emps.region[deals.employer].astype(np.int64) * 10_000 + deals.nkz
    cells, median = _medians(key[citizen], deals.salary[citizen])
    counted = _persons(key[citizen], deals.person[citizen])
    usable = np.array(
        [
            counted[int(c)] >= 8 and m >= 200_000 and 2 <= (c % 10_000) // 1000 <= 8
            for c, m in zip(cells, median, strict=True)
        ],
        dtype=np.bool_,
    )
    cells, median = cells[usable], median[usable]
    regions_with = set((cells // 10_000).tolist())
    headcount = np.bincount(deals.employer[active], minlength=len(emps))
    # the staff on 1 December, as the local share of a synthetic application counts it: at most 25 there, an
    # employer is never one the applications choose for too few citizen specialists
    december = day(year, 12, 1)
    staff = np.bincount(
        deals.employer[(deals.start <= december) & (deals.end >= december)], minlength=len(emps)
    )
    pool = [
        int(e)
        for e in rng.permutation(
            np.flatnonzero(
                (emps.kind == BACKGROUND)
                & (emps.registered < day(year - 1))
                & (headcount >= 3)
                & (staff <= 25)
            )
        )
        if int(e) not in excluded and int(emps.region[e]) in regions_with
    ]
    underpaid = np.array(pool[:n], dtype=np.int64)
    expiring_at = np.array(pool[n : 2 * n], dtype=np.int64)

    blocks: list[Contracts] = []
    new_permits: list[dict[str, NDArray[Any]]] = []

    def hire(
        at: NDArray[np.int64],
        cell: NDArray[np.int64],
        salary: NDArray[np.int64],
        issued: NDArray[np.int64],
        valid: NDArray[np.int64],
        end: NDArray[np.int64],
    ) -> NDArray[np.int64]:
        """Foreigners hired at `at` in occupation cell % 10,000 with a permit; returns the persons."""
        k = at.size
        citizenship = rng.choice(np.array(_FOREIGN, dtype=np.int16), k)
        ages = rng.integers(22 * 365, 50 * 365, k)
        who = people.add((day(year) - ages).astype(np.int32), rng.random(k) < 0.25, FOREIGNER, citizenship)
        nkz = (cell % 10_000).astype(np.int64)
        start = issued + rng.integers(1, 21, k)
        blocks.append(
            Contracts(
                person=who,
                employer=at,
                nkz=nkz.astype(np.int16),
                kind=np.full(k, FIXED_TERM, dtype=np.int8),
                conditions=np.zeros(k, dtype=np.int8),
                start=start.astype(np.int32),
                end=end.astype(np.int32),
                salary=salary.astype(np.int64),
                paid=np.ones(k, dtype=np.bool_),
                planted=np.ones(k, dtype=np.bool_),
                successor=np.zeros(k, dtype=np.bool_),
            )
        )
        category = np.where(
            nkz // 1000 <= 3, CATEGORIES.index("specialist"), CATEGORIES.index("skilled_worker")
        )
        new_permits.append(
            {
                "person": who,
                "citizenship": citizenship.astype(np.int64),
                "employer": at,
                "category": category.astype(np.int64),
                "nkz": nkz,
                "region": emps.region[at].astype(np.int64),
                "issued": issued.astype(np.int32),
                "valid_until": valid.astype(np.int32),
                "revoked": np.full(k, -1, dtype=np.int32),
            }
        )
        return who

    def cell_of(at: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """A usable occupation cell of each employer's region, and its citizens' median."""
        pick = np.array(
            [rng.choice(np.flatnonzero(cells // 10_000 == emps.region[e])) for e in at.tolist()],
            dtype=np.int64,
        )
        return cells[pick], median[pick]

    # underpaid: 5-7 foreigners in one occupation each, at 45-65 % of the citizens' median
    size = rng.integers(5, 8, underpaid.size)
    cell, med = cell_of(underpaid)
    at, cell, med = np.repeat(underpaid, size), np.repeat(cell, size), np.repeat(med, size)
    salary = np.maximum(np.round(med * rng.uniform(0.45, 0.65, at.size) / 500) * 500, 95_000).astype(np.int64)
    issued = rng.integers(day(year - 1, 1, 10), day(year - 1, 6, 30) + 1, at.size)
    valid = issued + 364 * 2
    hire(at, cell, salary, issued, valid, valid)

    # expiring: 1-2 foreigners whose permit ends 1-28 days after the year's end, the contract open
    size = rng.integers(1, 3, expiring_at.size)
    cell, med = cell_of(expiring_at)
    at, cell, med = np.repeat(expiring_at, size), np.repeat(cell, size), np.repeat(med, size)
    salary = (np.round(med * rng.uniform(0.9, 1.2, at.size) / 500) * 500).astype(np.int64)
    valid = y1 + rng.integers(1, 29, at.size)
    issued = rng.integers(day(year - 1, 6, 1), day(year - 1, 12, 20) + 1, at.size)
    first = len(permits.person) + sum(p["person"].size for p in new_permits)
    hire(at, cell, salary, issued, valid, np.full(at.size, NO_END, dtype=np.int64))

    added = {f: np.concatenate([p[f] for p in new_permits]) for f in new_permits[0]}
    every = Permits(
        quota=permits.quota,
        contract=permits.contract,
        **{
            f: np.concatenate([getattr(permits, f), added[f].astype(getattr(permits, f).dtype)])
            for f in added
        },
    )
    contracts = _concat_dataclass(Contracts, blocks)
    assert isinstance(contracts, Contracts)
    return Planted(
        contracts=contracts,
        permits=every,
        underpaid=np.unique(underpaid),
        expiring=np.arange(first, len(every.person), dtype=np.int64),
    )


def join(deals: Contracts, planted: Planted) -> Contracts:
    """The contracts with the planted ones appended (indices of the others unchanged)."""
    return concat_contracts(deals, planted.contracts)


def truth(
    emps: Employers,
    persons: Persons,
    deals: Contracts,
    permits: Permits,
    arrears: Arrears,
    decided: NDArray[np.int64],
    year: int,
) -> dict[str, NDArray[np.int64]]:
    """By the definitions of docs/foreign_workers.md at 1 January of year + 1, from the final arrays: the
    employers paying under UNDER_PCT % (`underpaid`), those with foreign workers and open arrears (`arrears`),
    and the indices of the permits ending within DAYS days while the contract runs on (`expiring`). decided: the
    employers of the synthetic applications to be issued a permit (valid from 15 December: they hold one at d)."""
    d = day(year + 1)
    active = (deals.start < d) & (deals.end >= d)
    foreign = persons.status[deals.person] == FOREIGNER
    region = emps.region[deals.employer].astype(np.int64)
    nkz = deals.nkz.astype(np.int64)

    # (a) cells: an occupation of a region with SMALL persons on both sides, else the rest of its major group
    occupation = region * 10_000 + nkz
    f_occ = _persons(occupation[active & foreign], deals.person[active & foreign])
    c_occ = _persons(occupation[active & ~foreign], deals.person[active & ~foreign])
    own = np.array(
        [f_occ.get(int(o), 0) >= SMALL and c_occ.get(int(o), 0) >= SMALL for o in occupation.tolist()],
        dtype=np.bool_,
    )
    cell = np.where(own, occupation, region * 10_000 + 10 * (nkz // 1000) + 100_000_000)
    f_cell = _persons(cell[active & foreign], deals.person[active & foreign])
    c_cell = _persons(cell[active & ~foreign], deals.person[active & ~foreign])
    cells, c_median = _medians(cell[active & ~foreign], deals.salary[active & ~foreign])
    citizens_median = dict(zip(cells.tolist(), c_median.tolist(), strict=True))
    judged = active & foreign
    pair = deals.employer[judged].astype(np.int64) * 10**10 + cell[judged]
    pairs, e_median = _medians(pair, deals.salary[judged])
    underpaid = set()
    for p, m in zip(pairs.tolist(), e_median.tolist(), strict=True):
        c = p % 10**10
        if (
            f_cell.get(c, 0) >= SMALL
            and c_cell.get(c, 0) >= SMALL
            and m * 100 < citizens_median[c] * UNDER_PCT
        ):
            underpaid.add(p // 10**10)

    # (b) employers with foreign workers at d (a contract, or a permit in force) and arrears open at d
    in_force = (
        (permits.issued < d) & (permits.valid_until >= d) & ((permits.revoked < 0) | (permits.revoked > d))
    )
    with_foreign = (
        set(deals.employer[active & foreign].tolist())
        | set(permits.employer[in_force & (permits.employer >= 0)].tolist())
        | set(decided.tolist())
    )
    open_ = (arrears.reported < d) & ((arrears.repaid_on < 0) | (arrears.repaid_on >= d))
    owing = with_foreign & set(arrears.employer[open_].tolist())

    # (c) permits ending within DAYS days whose holder has a contract at d running past the permit, not renewed
    runs_to: dict[int, int] = {}
    for person, end in zip(deals.person[active].tolist(), deals.end[active].tolist(), strict=True):
        runs_to[person] = max(runs_to.get(person, 0), int(end))
    latest: dict[tuple[int, int], int] = {}
    for i in np.flatnonzero(in_force).tolist():
        k = (int(permits.person[i]), int(permits.employer[i]))
        latest[k] = max(latest.get(k, 0), int(permits.valid_until[i]))
    expiring = [
        i
        for i in np.flatnonzero(in_force & (permits.valid_until <= d + DAYS)).tolist()
        if runs_to.get(int(permits.person[i]), 0) > permits.valid_until[i]
        and latest[(int(permits.person[i]), int(permits.employer[i]))] == permits.valid_until[i]
    ]
    return {
        "underpaid": np.array(sorted(underpaid), dtype=np.int64),
        "arrears": np.array(sorted(owing), dtype=np.int64),
        "expiring": np.array(expiring, dtype=np.int64),
    }
