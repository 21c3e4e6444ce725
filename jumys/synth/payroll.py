"""Monthly payroll: one row per contract and month of the year in which the contract is active.

wage = salary x (days active in the month / days in the month), rounded half up to whole tenge;
opv = 10 % of the wage, rounded half up. Fictitious contracts (paid = False) get no row at all.
Planted conflict signals change some rows (PayrollChanges): a wage cut multiplies the wage from a
month on (rounded half up), missing contributions set opv to 0 in given months.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from jumys.synth.days import day, first_day, month_of
from jumys.synth.tables import Contracts

CHUNK_CONTRACTS = 200_000


@dataclass
class PayrollChanges:
    """Payroll rows changed by planted signals: wages cut from a month on; contributions missing."""

    cut_contract: NDArray[np.int64]
    cut_from: NDArray[np.int32]  # month number
    cut_factor: NDArray[np.float64]
    gap_contract: NDArray[np.int64]
    gap_month: NDArray[np.int32]

    def apply(
        self,
        contract: NDArray[np.int64],
        month: NDArray[np.int32],
        wage: NDArray[np.int64],
        opv: NDArray[np.int64],
    ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Wages and contributions of payroll rows (contract, month) after the changes (new arrays)."""
        wage, opv = wage.copy(), opv.copy()
        changed = np.r_[self.cut_contract, self.gap_contract]
        if changed.size == 0 or contract.size == 0:
            return wage, opv
        mark = np.zeros(max(int(contract.max()), int(changed.max())) + 1, dtype=np.bool_)
        mark[changed] = True  # a lookup table: np.isin sorts the payroll rows
        touched = np.flatnonzero(mark[contract])
        c, m = contract[touched], month[touched]
        if self.cut_contract.size:
            order = np.argsort(self.cut_contract, kind="stable")
            at = order[np.minimum(np.searchsorted(self.cut_contract[order], c), order.size - 1)]
            cut = (self.cut_contract[at] == c) & (m >= self.cut_from[at])
            rows = touched[cut]
            wage[rows] = np.floor(wage[rows] * self.cut_factor[at[cut]] + 0.5).astype(np.int64)
            opv[rows] = (wage[rows] + 5) // 10
        if self.gap_contract.size:
            keys = self.gap_contract * 100_000 + self.gap_month
            opv[touched[np.isin(c * 100_000 + m, keys)]] = 0
        return wage, opv


@dataclass
class Rows:
    """Payroll rows: the contract each row belongs to (index into the input), its month number and wage."""

    contract: NDArray[np.int64]
    month: NDArray[np.int32]
    wage: NDArray[np.int64]

    @property
    def opv(self) -> NDArray[np.int64]:
        """Pension contribution: 10 % of the wage, rounded half up."""
        return (self.wage + 5) // 10


def expand(start: NDArray[np.int32], end: NDArray[np.int32], salary: NDArray[np.int64], year: int) -> Rows:
    """The payroll rows of contracts (start, end inclusive, monthly salary) for the months of `year`."""
    y0, y1 = day(year), day(year + 1)
    idx = np.flatnonzero((start < y1) & (end >= y0))
    s = np.maximum(start[idx], y0).astype(np.int32)
    e = np.minimum(end[idx], y1 - 1).astype(np.int32)
    first, last = month_of(s), month_of(e)
    count = (last - first + 1).astype(np.int64)
    before = np.cumsum(count) - count
    rows = int(count.sum())
    contract = np.repeat(idx, count)
    month = (np.repeat(first - before, count) + np.arange(rows)).astype(np.int32)
    wage = np.repeat(salary[idx], count)
    # only the first and the last month of a contract can be partial: fix those rows, per contract
    pay = salary[idx]
    for row, lo, hi in (
        (before, s, np.minimum(e, first_day(first + 1) - 1)),
        (before + count - 1, np.maximum(s, first_day(last)), e),
    ):
        month_start = first_day(month[row])
        dim = (first_day(month[row] + 1) - month_start).astype(np.int64)
        worked = hi.astype(np.int64) - lo + 1
        wage[row] = (pay * worked + dim // 2) // dim
    return Rows(contract=contract, month=month, wage=wage)


def total_wages(
    start: NDArray[np.int32], end: NDArray[np.int32], salary: NDArray[np.int64], year: int
) -> NDArray[np.int64]:
    """Sum of the year's wages of each contract."""
    rows = expand(start, end, salary, year)
    return np.bincount(rows.contract, weights=rows.wage, minlength=start.size).round().astype(np.int64)


def batches(
    contracts: Contracts,
    iins: pa.StringArray,
    bins: pa.StringArray,
    year: int,
    schema: pa.Schema,
    changes: PayrollChanges | None = None,
) -> Iterator[tuple[pa.RecordBatch, int]]:
    """The payroll as record batches in contract order, with the number of contracts done after each."""
    periods = pa.array([f"{year}-{m:02d}" for m in range(1, 13)])
    m0 = int(month_of(np.array([day(year)], dtype=np.int32))[0])
    n = len(contracts)
    for lo in range(0, n, CHUNK_CONTRACTS):
        hi = min(n, lo + CHUNK_CONTRACTS)
        paid = np.flatnonzero(contracts.paid[lo:hi]) + lo
        rows = expand(contracts.start[paid], contracts.end[paid], contracts.salary[paid], year)
        which = paid[rows.contract]
        wage, opv = rows.wage, rows.opv
        if changes is not None:
            wage, opv = changes.apply(which, rows.month, wage, opv)
        batch = pa.record_batch(
            [
                iins.take(pa.array(contracts.person[which])),
                bins.take(pa.array(contracts.employer[which])),
                periods.take(pa.array(rows.month - m0)),
                pa.array(wage),
                pa.array(opv),
            ],
            schema=schema,
        )
        yield batch, hi
