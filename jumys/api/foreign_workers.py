"""The API of foreign workers' conditions at a date (docs/foreign_workers.md, docs/api.md).

Reads: the ministry and inspectors see every region, an akimat its own; employers, investors and the public
are refused (the rows name employers and, by pseudonym, persons: leads for inspections).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request, Response

from jumys.api.deps import READ_ERRORS, SignedIn, answer
from jumys.api.schemas import KATO2, Out
from jumys.reports.foreign_workers import (
    DAYS,
    MAX_DAYS,
    MAX_LIMIT,
    UNDER_PCT,
    ForeignWorkers,
    foreign_workers,
    foreign_workers_as_of,
    parse_day,
    require_foreign_workers,
)

router = APIRouter(tags=["foreign workers"])
DATE = r"^\d{4}-\d{2}-\d{2}$"  # a number is no date (pydantic would read it as seconds since 1970)


class ForeignWorkersPage(Out):
    """The conditions at the as-of date (None: no contract is stored), the expiring permits paged."""

    as_of: dt.date | None
    limit: int
    offset: int
    report: ForeignWorkers | None


@router.get("/foreign-workers", response_model=ForeignWorkersPage, responses=READ_ERRORS)
async def get_foreign_workers(
    request: Request,
    p: SignedIn,
    as_of: Annotated[
        str | None,
        Query(
            pattern=DATE,
            json_schema_extra={"format": "date"},
            description="The date, YYYY-MM-DD; default: the newest verified as-of date.",
        ),
    ] = None,
    region: Annotated[str | None, Query(pattern=KATO2, description="2-digit KATO region.")] = None,
    days: Annotated[
        int, Query(ge=1, le=MAX_DAYS, description="Permits ending within this many days.")
    ] = DAYS,
    under_pct: Annotated[
        int, Query(ge=1, le=100, description="Employers whose foreign workers earn under this % of citizens.")
    ] = UNDER_PCT,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Expiring permits per page.")] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    """Wages of foreign workers against citizens', arrears and incidents touching them, permits expiring."""

    def compute(conn: sa.Connection) -> dict[str, Any]:
        require_foreign_workers(p)
        day = foreign_workers_as_of(conn, parse_day(as_of))
        report = (
            None if day is None else foreign_workers(conn, p, day, region, days, under_pct, limit, offset)
        )
        return {"as_of": day, "limit": limit, "offset": offset, "report": report}

    return await answer(
        request, p, ForeignWorkersPage, compute, audit=("read_foreign_workers", "foreign workers", None)
    )
