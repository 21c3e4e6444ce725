"""The as-of date of a read: the one asked for, which must have been verified, or the newest."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from jumys.doors import messages as M
from jumys.errors import InvalidInput, NotFound
from jumys.reports import as_of_dates, latest_as_of

KAZAKHSTAN = dt.timezone(dt.timedelta(hours=5), "Kazakhstan")  # one zone, UTC+5, since March 2024


def today() -> dt.date:
    """Today's date in Kazakhstan."""
    return dt.datetime.now(KAZAKHSTAN).date()


def refuse_future(day: dt.date, now: dt.date | None = None) -> dt.date:
    """day, when it is not after today: a verification at a later date counts contracts that have not
    happened and would become every user's default date; InvalidInput (doors.as_of_future) otherwise."""
    now = now or today()
    if day > now:
        raise InvalidInput(M.AS_OF_FUTURE, date=day.isoformat(), today=now.isoformat())
    return day


def resolve_as_of(conn: sa.Connection, value: dt.date | None, listed_at: str | None = None) -> dt.date | None:
    """The as-of date asked for, or the newest one (None when nothing was verified); NotFound for a
    date never verified, naming where the verified dates are listed when listed_at is given."""
    if value is None:
        return latest_as_of(conn)
    if value not in as_of_dates(conn):
        if listed_at is None:
            raise NotFound(M.NOT_VERIFIED, date=value.isoformat())
        raise NotFound(M.NOT_VERIFIED_SEE, date=value.isoformat(), where=listed_at)
    return value
