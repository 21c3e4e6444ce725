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


def ymd(days: NDArray[np.int32]) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Year, month (1-12) and day of month of day numbers."""
    d = days.astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    dom = (d - months.astype("datetime64[D]")).astype(np.int64) + 1
    return year, month, dom


def month_of(days: NDArray[np.int32]) -> NDArray[np.int32]:
    """Month numbers (months since 1970-01) of day numbers."""
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int32)


def first_day(months: NDArray[np.int32]) -> NDArray[np.int32]:
    """Day number of the first day of month numbers."""
    return months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int32)


def plus_years(days: NDArray[np.int32], years: NDArray[np.int64] | int) -> NDArray[np.int32]:
    """The same day of the month `years` later (29 February moves to 1 March in a common year)."""
    months = days.astype("datetime64[D]").astype("datetime64[M]")
    offset = days - months.astype("datetime64[D]").astype(np.int32)
    later = (months + np.asarray(years, dtype=np.int64) * 12).astype("datetime64[D]").astype(np.int32)
    return (later + offset).astype(np.int32)


def age_on(birth: NDArray[np.int32], on: NDArray[np.int32]) -> NDArray[np.int64]:
    """Whole years completed since birth on a day."""
    by, bm, bd = ymd(birth)
    oy, om, od = ymd(on)
    return oy - by - ((om < bm) | ((om == bm) & (od < bd)))
