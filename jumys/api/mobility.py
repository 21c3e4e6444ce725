"""The API of internal mobility: the regions' labour index, their migration balance, the compatriots' plan.

Everyone may ask, the public too (docs/mobility.md): the ministry and inspectors see every region in
full, an akimat its own region only, anyone else every region with the numbers built from fewer
than 5 persons left out.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from jumys.api.deps import ANYONE, READ_ERRORS, Asker, answer
from jumys.reports.mobility import (
    MAX_YEAR,
    MIN_YEAR,
    BalancePage,
    CompatriotsPlan,
    RegionIndexPage,
    balance,
    compatriots_plan,
    region_index,
)
from jumys.reports.scope import query_date

DATE = r"^\d{4}-\d{2}-\d{2}$"  # a number is no date (pydantic would read it as seconds since 1970)
router = APIRouter(tags=["mobility"])

Year = Annotated[
    int | None,
    Query(ge=MIN_YEAR, le=MAX_YEAR, description="The year; default: the newest year of the population file."),
]


@router.get("/mobility/regions", openapi_extra=ANYONE, response_model=RegionIndexPage, responses=READ_ERRORS)
async def get_mobility_regions(request: Request, p: Asker, year: Year = None) -> Response:
    """Each region's labour index in a year: every component with its value and score, the class (surplus,
    deficit, balanced) by the index or the government's list, the demographic-deficit test, what is missing."""
    return await answer(request, p, RegionIndexPage, lambda conn: region_index(conn, p, year))


@router.get("/mobility/balance", openapi_extra=ANYONE, response_model=BalancePage, responses=READ_ERRORS)
async def get_mobility_balance(
    request: Request,
    p: Asker,
    first_year: Annotated[
        int | None,
        Query(ge=MIN_YEAR, le=MAX_YEAR, description="The first year; default: six before the last."),
    ] = None,
    last_year: Year = None,
) -> Response:
    """The migration balance of each region by year (arrivals, departures, net, per 1,000 residents) and the
    balance summed over the regions of each class."""
    return await answer(request, p, BalancePage, lambda conn: balance(conn, p, first_year, last_year))


@router.get(
    "/mobility/compatriots", openapi_extra=ANYONE, response_model=CompatriotsPlan, responses=READ_ERRORS
)
async def get_mobility_compatriots(
    request: Request,
    p: Asker,
    as_of: Annotated[
        str | None,
        Query(
            pattern=DATE,
            json_schema_extra={"format": "date"},
            description="Count the registrations made on or before this date, YYYY-MM-DD; default: today.",
        ),
    ] = None,
    year: Year = None,
) -> Response:
    """The repatriation plan: compatriots expected by destination region and year (those who named no region
    spread by the stated rule), against each region's class, shortfall of workers and working-age loss."""
    return await answer(
        request, p, CompatriotsPlan, lambda conn: compatriots_plan(conn, p, query_date(as_of), year)
    )
