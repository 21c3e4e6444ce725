"""The API of resettlement and kandas cases followed at 12 and 24 months (docs/resettlement.md, docs/api.md).

The cases: the ministry every one, an akimat its region's (as destination or origin); anyone else is refused.
The summary: everyone, the ministry and inspectors in full, an akimat its region's cases, anyone else with
every number built from fewer than 5 cases left out. No IIN, a person by the first characters of their
pseudonym only.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request, Response

from jumys.api.deps import ANYONE, READ_ERRORS, Asker, SignedIn, answer
from jumys.api.schemas import KATO2, Out
from jumys.reports.foreign_workers import parse_day
from jumys.reports.resettlement import (
    MAX_LIMIT,
    CasePage,
    ResettlementSummary,
    list_cases,
    require_cases,
    resettlement_as_of,
    summary,
)

router = APIRouter(tags=["resettlement"])
DATE = r"^\d{4}-\d{2}-\d{2}$"  # a number is no date (pydantic would read it as seconds since 1970)
AsOf = Annotated[
    str | None,
    Query(
        pattern=DATE,
        json_schema_extra={"format": "date"},
        description="The date, YYYY-MM-DD; default: the newest verified as-of date, else the day after the "
        "newest move or departure.",
    ),
]
Region = Annotated[
    str | None, Query(pattern=KATO2, description="2-digit KATO region: its cases as destination or origin.")
]
ProgramQ = Annotated[Literal["resettler", "kandas"] | None, Query(description="Only this program.")]


class CasesPage(Out):
    """The cases at the as-of date (None: the registry holds no case), paged."""

    as_of: dt.date | None
    limit: int
    offset: int
    page: CasePage | None


class SummaryPage(Out):
    """The aggregates at the as-of date (None: the registry holds no case)."""

    as_of: dt.date | None
    summary: ResettlementSummary | None


@router.get("/resettlement/cases", response_model=CasesPage, responses=READ_ERRORS)
async def get_resettlement_cases(
    request: Request,
    p: SignedIn,
    as_of: AsOf = None,
    region: Region = None,
    program: ProgramQ = None,
    year: Annotated[int | None, Query(ge=2000, le=2100, description="Only cases moved in this year.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    """Each case: still in the destination, employed there and at what wage at 12 and 24 months; newest first."""

    def compute(conn: sa.Connection) -> dict[str, Any]:
        require_cases(p)
        day = resettlement_as_of(conn, parse_day(as_of))
        page = None if day is None else list_cases(conn, p, day, region, program, year, limit, offset)
        return {"as_of": day, "limit": limit, "offset": offset, "page": page}

    return await answer(
        request, p, CasesPage, compute, audit=("read_resettlement_cases", "resettlement cases", None)
    )


@router.get("/resettlement/summary", response_model=SummaryPage, responses=READ_ERRORS, openapi_extra=ANYONE)
async def get_resettlement_summary(
    request: Request, p: Asker, as_of: AsOf = None, region: Region = None, program: ProgramQ = None
) -> Response:
    """Retention, employment and wages at 12 and 24 months by program, year moved, origin and destination; the
    persons resettled since 2022."""

    def compute(conn: sa.Connection) -> dict[str, Any]:
        day = resettlement_as_of(conn, parse_day(as_of))
        return {"as_of": day, "summary": None if day is None else summary(conn, p, day, region, program)}

    return await answer(request, p, SummaryPage, compute)
