"""The rows of the safety files as arrays: incidents, inspections, arrears, joined from several draws."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

FATAL, SEVERE, LIGHT = 0, 1, 2
SEVERITIES = ("fatal", "severe", "light")
PLANNED, UNPLANNED, PREVENTIVE = 0, 1, 2
INSPECTION_KINDS = ("planned", "unplanned", "preventive")
# monthly calculation index (MRP/MCI) set by the budget law; fines are whole multiples of it
_MCI = {2020: 2778, 2021: 2917, 2022: 3063, 2023: 3450, 2024: 3692, 2025: 3932}

T = TypeVar("T")


def mci(year: int) -> int:
    """The monthly calculation index of a year (the nearest known for other years)."""
    return _MCI[min(max(year, min(_MCI)), max(_MCI))]


def join(parts: list[T]) -> T:
    """The rows of several record sets of one kind, one after the other."""
    kind = type(parts[0])
    return kind(**{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(kind)})  # type: ignore[arg-type]


def take(records: T, index: NDArray[np.int64]) -> T:
    """The rows at index, in that order."""
    return type(records)(**{f.name: getattr(records, f.name)[index] for f in fields(records)})  # type: ignore[arg-type]


@dataclass
class Incidents:
    """Accidents at work: the employer, the contract of the victim (-1: not known), day, severity, victims."""

    employer: NDArray[np.int64]
    contract: NDArray[np.int64]
    day: NDArray[np.int32]
    severity: NDArray[np.int64]
    victims: NDArray[np.int64]


@dataclass
class Inspections:
    """Labour inspections: employer, day, kind, violations found and the fine."""

    employer: NDArray[np.int64]
    day: NDArray[np.int32]
    kind: NDArray[np.int64]
    violations: NDArray[np.int64]
    fine: NDArray[np.int64]


@dataclass
class Arrears:
    """Wage arrears: employer, reported, amount, workers, repaid on (-1: not repaid) and repaid amount."""

    employer: NDArray[np.int64]
    reported: NDArray[np.int32]
    amount: NDArray[np.int64]
    workers: NDArray[np.int64]
    repaid_on: NDArray[np.int32]
    repaid: NDArray[np.int64]


def by_day(records: T) -> T:
    """The rows ordered by day (or reported day), then employer."""
    rows: Any = records
    when = rows.reported if isinstance(rows, Arrears) else rows.day
    return take(records, np.lexsort((rows.employer, when)))


def empty_incidents() -> Incidents:
    """No incidents."""
    z = np.zeros(0, dtype=np.int64)
    return Incidents(z, z, z.astype(np.int32), z, z)


def empty_inspections() -> Inspections:
    """No inspections."""
    z = np.zeros(0, dtype=np.int64)
    return Inspections(z, z.astype(np.int32), z, z, z)


def empty_arrears() -> Arrears:
    """No arrears."""
    z = np.zeros(0, dtype=np.int64)
    return Arrears(z, z.astype(np.int32), z, z, z.astype(np.int32), z)
