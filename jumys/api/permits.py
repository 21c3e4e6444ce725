"""The API of foreign labour: decide a permit application, read the decisions (scoped) and the quota ledger.

The read models (jumys.reports.permits) decide who sees what; deciding goes through the door core
(jumys/doors/applications.py), which takes the write lock on DuckDB and audits every decision and refusal.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, Field

from jumys.api.deps import ANYONE, READ_ERRORS, Asker, SignedIn, answer
from jumys.api.writes import WRITE_ERRORS
from jumys.doors.applications import decide_for
from jumys.doors.core import door_of
from jumys.permits.rules import QuotaShares
from jumys.permits.schemas import Decision, FailedCheck, Points, QuotaLedger, QuotaProposal
from jumys.reports.permits import get_decision, list_decisions, quota_ledger
from jumys.reports.quota_proposal import quota_proposal

router = APIRouter()


class PermitApplication(BaseModel):
    """An application (docs/permits.md, "The interface"); its fields are checked by the rules' service, so that
    a bad one is refused as invalid with the same reasons as in a file."""

    application_id: str = Field(max_length=200)
    bin: str | None = Field(None, max_length=200, description="The employer's BIN; empty for a household.")
    category: str = Field(max_length=200)
    nkz: str = Field(max_length=200)
    kato: str = Field(max_length=200)
    iin: str = Field(max_length=200, description="The worker's IIN: hashed at once, never stored.")
    citizenship: str = Field(max_length=200)
    submitted_on: str = Field(max_length=200)
    valid_from: str = Field(max_length=200)
    valid_until: str = Field(max_length=200)
    salary_kzt: int | float | str | None = Field(
        None,
        description="The offered monthly salary in whole tenge, optional: without it the salary criterion of "
        'the points earns 0 (docs/permits.md, "Points").',
    )


class StoredDecision(BaseModel):
    """A decided application as stored (the worker by pseudonym only: never the IIN)."""

    application_id: str
    decided_at: dt.datetime
    bin: str | None
    category: str
    nkz: str
    kato: str
    citizenship: str
    submitted_on: dt.date
    valid_from: dt.date
    valid_until: dt.date
    decision: str
    permit_id: str | None
    failed_checks: list[FailedCheck]
    points: Points | None = Field(
        description='The points of the application (docs/permits.md, "Points"); null for seasonal and '
        "household workers, never scored."
    )


@router.post(
    "/permit-applications",
    response_model=Decision,
    responses=WRITE_ERRORS,
    tags=["permits"],
)
def post_application(body: PermitApplication, request: Request, p: SignedIn) -> Decision:
    """Decide one application by the rules: issued, or refused with every failed check and its numbers
    (the ministry, or an employer for its own BIN); an invalid one is refused with 422 and nothing stored."""
    return decide_for(door_of(request), p, body.model_dump())


@router.get(
    "/permit-applications", response_model=list[StoredDecision], responses=READ_ERRORS, tags=["permits"]
)
async def get_applications(
    request: Request,
    p: SignedIn,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    """Decided applications, newest first: all for the ministry and inspectors, an akimat's region, an
    employer's own BINs (audited)."""
    return await answer(
        request,
        p,
        list[StoredDecision],
        lambda conn: list_decisions(conn, p, limit, offset),
        audit=("read_permit_decisions", "permit applications", {"limit": limit, "offset": offset}),
    )


@router.get(
    "/permit-applications/{application_id}",
    response_model=StoredDecision,
    responses=READ_ERRORS,
    tags=["permits"],
)
async def get_application(
    request: Request, p: SignedIn, application_id: Annotated[str, Path(max_length=64)]
) -> Response:
    """One decided application with its points, to whoever may see it (404 otherwise; audited)."""
    return await answer(
        request,
        p,
        StoredDecision,
        lambda conn: get_decision(conn, p, application_id),
        audit=("read_permit_decision", f"application {application_id}", None),
    )


@router.get(
    "/quotas", openapi_extra=ANYONE, response_model=QuotaLedger, responses=READ_ERRORS, tags=["permits"]
)
async def get_quotas(
    request: Request,
    p: Asker,
    year: Annotated[int, Query(ge=2000, le=2100, description="The quota year.")],
    as_of: Annotated[
        dt.date | None,
        Query(description="Foreign workers at this date; 1 October of the year when left out."),
    ] = None,
) -> Response:
    """The quota ledger of a year: units, issued, left by region and category, the household quota, the cap
    from the labour force, foreign workers by country, OKED section, region and category (public: counts
    under 5 left out; an akimat: its region)."""
    shares = QuotaShares.of(door_of(request).settings)

    def compute(conn: sa.Connection) -> Any:
        return quota_ledger(conn, p, year, as_of or dt.date(year, 10, 1), shares)

    return await answer(request, p, QuotaLedger, compute)


@router.get(
    "/quotas/proposal",
    openapi_extra=ANYONE,
    response_model=QuotaProposal,
    responses=READ_ERRORS,
    tags=["permits"],
)
async def get_quota_proposal(
    request: Request,
    p: Asker,
    year: Annotated[int, Query(ge=2001, le=2100, description="The year to propose the quota for.")],
    as_of: Annotated[
        dt.date | None,
        Query(description="Read the data up to this date of the year before; its 31 December when left out."),
    ] = None,
    region: Annotated[
        str | None, Query(max_length=9, description="Only this region (its KATO code).")
    ] = None,
) -> Response:
    """Next year's quota proposed by region and category (docs/permits.md): each line's vacancies unfilled,
    job seekers matched, units used, demand, scale and proposal, with its sentence in ru, kk and en; the cap,
    and the household quota (an akimat: its region's lines; 404 permits.no_proposal_data for a year without
    data)."""
    shares = QuotaShares.of(door_of(request).settings)

    def compute(conn: sa.Connection) -> Any:
        return quota_proposal(conn, p, year, as_of, region, shares)

    return await answer(request, p, QuotaProposal, compute)
