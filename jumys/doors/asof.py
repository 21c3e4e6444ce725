"""The as-of date of a read: the one asked for, which must have been verified, or the newest."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from jumys.doors import messages as M
from jumys.errors import NotFound
from jumys.reports import as_of_dates, latest_as_of


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
