"""Monthly payroll: one row per contract and month of the year in which the contract is active.

wage = salary x (days active in the month / days in the month), rounded half up to whole tenge;
opv = 10 % of the wage, rounded half up. Fictitious contracts (paid = False) get no row at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from jumys.synth.days import day, first_day, month_of
from jumys.synth.tables import Contracts

CHUNK_CONTRACTS = 500_000


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
    active = (start < y1) & (end >= y0)
    idx = np.flatnonzero(active)
    s = np.maximum(start[idx], y0).astype(np.int32)
    e = np.minimum(end[idx], y1 - 1).astype(np.int32)
    first, last = month_of(s), month_of(e)
    count = (last - first + 1).astype(np.int64)
    contract = np.repeat(idx, count)
    offsets = np.repeat(np.cumsum(count) - count, count)
    month = (np.repeat(first, count) + (np.arange(contract.size) - offsets)).astype(np.int32)
    month_start = first_day(month)
    month_end = first_day(month + 1) - 1
    dim = (month_end - month_start + 1).astype(np.int64)
    worked = (np.minimum(end[contract], month_end).astype(np.int64) - np.maximum(start[contract], month_start) + 1)
    wage = (salary[contract] * worked + dim // 2) // dim
    return Rows(contract=contract, month=month, wage=wage)


def total_wages(start: NDArray[np.int32], end: NDArray[np.int32], salary: NDArray[np.int64], year: int) -> NDArray[np.int64]:
    """Sum of the year's wages of each contract."""
    rows = expand(start, end, salary, year)
    return np.bincount(rows.contract, weights=rows.wage, minlength=start.size).round().astype(np.int64)


def batches(
    contracts: Contracts, iins: pa.StringArray, bins: pa.StringArray, year: int, schema: pa.Schema
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
        batch = pa.record_batch(
            [
                iins.take(pa.array(contracts.person[which])),
                bins.take(pa.array(contracts.employer[which])),
                periods.take(pa.array(rows.month - m0)),
                pa.array(rows.wage),
                pa.array(rows.opv),
            ],
            schema=schema,
        )
        yield batch, hi
