"""Dates as int32 day numbers (days since 1970-01-01), vectorized with numpy."""

from __future__ import annotations

import datetime as dt

import numpy as np
from numpy.typing import NDArray

Days = NDArray[np.int32]
NO_END = np.int32(2**31 - 1)  # sentinel for an open-ended contract
_EPOCH = dt.date(1970, 1, 1)


def day(year: int, month: int = 1, dom: int = 1) -> int:
    """The day number of a calendar date."""
    return (dt.date(year, month, dom) - _EPOCH).days


def to_date(number: int) -> dt.date:
    """The calendar date of a day number."""
    return _EPOCH + dt.timedelta(days=int(number))


# lookup tables over 1800-01-01 .. 2299-12-31: converting through datetime64 is several times slower
_FIRST_YEAR, _LAST_YEAR = 1800, 2300
_BASE = (dt.date(_FIRST_YEAR, 1, 1) - _EPOCH).days
_ALL = np.arange(_BASE, (dt.date(_LAST_YEAR, 1, 1) - _EPOCH).days, dtype=np.int64).astype("datetime64[D]")
_MONTHS = _ALL.astype("datetime64[M]")
_YEAR = (_MONTHS.astype("datetime64[Y]").astype(np.int64) + 1970).astype(np.int16)
_MONTH = (_MONTHS.astype(np.int64) % 12 + 1).astype(np.int8)
_DOM = ((_ALL - _MONTHS.astype("datetime64[D]")).astype(np.int64) + 1).astype(np.int8)
_MONTH_NO = _MONTHS.astype(np.int32)
_FIRST_OF_MONTH = (
    np.arange((_FIRST_YEAR - 1970) * 12, (_LAST_YEAR - 1970) * 12, dtype=np.int64)
    .astype("datetime64[M]")
    .astype("datetime64[D]")
    .astype(np.int32)
)
del _ALL, _MONTHS


def _offset(days: NDArray[np.int32]) -> NDArray[np.int64]:
    i = np.asarray(days, dtype=np.int64) - _BASE
    if i.size and (i.min() < 0 or i.max() >= _YEAR.size):
        raise ValueError(f"dates must lie in {_FIRST_YEAR}-{_LAST_YEAR - 1}")
    return i


def ymd(days: NDArray[np.int32]) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Year, month (1-12) and day of month of day numbers."""
    i = _offset(days)
    return _YEAR[i].astype(np.int64), _MONTH[i].astype(np.int64), _DOM[i].astype(np.int64)


def month_of(days: NDArray[np.int32]) -> NDArray[np.int32]:
    """Month numbers (months since 1970-01) of day numbers."""
    return _MONTH_NO[_offset(days)]


def first_day(months: NDArray[np.int32]) -> NDArray[np.int32]:
    """Day number of the first day of month numbers."""
    return _FIRST_OF_MONTH[np.asarray(months, dtype=np.int64) - (_FIRST_YEAR - 1970) * 12]


def plus_years(days: NDArray[np.int32], years: NDArray[np.int64] | int) -> NDArray[np.int32]:
    """The same day of the month `years` later (29 February moves to 1 March in a common year)."""
    i = _offset(days)
    month = (_YEAR[i].astype(np.int64) + np.asarray(years, dtype=np.int64) - _FIRST_YEAR) * 12 + _MONTH[i] - 1
    return np.asarray(_FIRST_OF_MONTH[month] + _DOM[i] - 1, dtype=np.int32)


def age_on(birth: NDArray[np.int32], on: NDArray[np.int32]) -> NDArray[np.int64]:
    """Whole years completed since birth on a day."""
    by, bm, bd = ymd(birth)
    oy, om, od = ymd(on)
    return np.asarray(oy - by - ((om < bm) | ((om == bm) & (od < bd))), dtype=np.int64)
