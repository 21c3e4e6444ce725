"""The API of enterprise risk: start a scoring run (ministry), read the scores (scoped) and the counts (anyone).

The read models (jumys.reports.safety) decide who sees what; these routes resolve the date and shape
the answer. Risk scores name employers, so reading one employer's is audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from jumys.api import messages as AM
from jumys.api.deps import ANYONE, READ_ERRORS, Asker, SignedIn, answer
from jumys.api.schemas import BIN, KATO2, RunRequest
from jumys.api.writes import WRITE_ERRORS
from jumys.doors.core import door_of
from jumys.doors.jobstart import start_dated_job
from jumys.errors import NotFound
from jumys.reports.safety import list_risk, resolve_risk_date, risk_counts, risk_of
from jumys.safety.jobs import RISK
from jumys.safety.schemas import RiskScore

router = APIRouter()
RiskClass = Literal["high", "medium", "low"]
AsOf = Annotated[
    dt.date | None, Query(description="A date risk was scored at (YYYY-MM-DD); the newest when left out.")
]


class RiskPage(BaseModel):
    """Scores at a date, highest risk first, a page of them."""

    as_of: dt.date
    total: int
    limit: int
    offset: int
    items: list[RiskScore]


class RiskCount(BaseModel):
    """Enterprises of a region in a class; null where suppressed (fewer than 5, for who may not see them)."""

    model_config = ConfigDict(serialize_by_alias=True)

    region: str
    risk_class: str = Field(serialization_alias="class")
    employers: int | None
    suppressed: bool


class RiskCounts(BaseModel):
    """Enterprises by region and class at a date."""

    as_of: dt.date
    items: list[RiskCount]


class RiskRun(BaseModel):
    """A risk scoring started through the API: queued, running, done (with counts) or failed (why)."""

    run_id: str
    as_of: dt.date
    status: Literal["queued", "running", "done", "failed"]
    requested_by: str
    requested_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    employers: int | None
    high: int | None
    medium: int | None
    low: int | None
    error: str | None


def _run(job: dict[str, Any]) -> dict[str, Any]:
    counts = job["result"] or {}
    fields = ("status", "requested_by", "requested_at", "started_at", "finished_at", "error")
    return {
        "run_id": job["job_id"],
        "as_of": job["parameters"]["as_of"],
        **{k: job[k] for k in fields},
        **{k: counts.get(k) for k in ("employers", "high", "medium", "low")},
    }


@router.post("/risk-runs", status_code=202, response_model=RiskRun, responses=WRITE_ERRORS, tags=["risk"])
def start_risk_run(body: RunRequest, request: Request, p: Asker) -> dict[str, Any]:
    """Score every employer's risk at a date, in the background; poll GET /risk-runs/{run_id}."""
    return _run(start_dated_job(door_of(request), p, RISK, body.as_of, "start_risk"))


@router.get("/risk-runs/{run_id}", response_model=RiskRun, responses=READ_ERRORS, tags=["risk"])
def get_risk_run(
    request: Request, p: SignedIn, run_id: Annotated[str, Path(max_length=64)]
) -> dict[str, Any]:
    """A risk scoring started through the API."""
    job = door_of(request).runner.get(run_id)
    if job is None or job["kind"] != RISK.name:
        raise NotFound(AM.NO_RUN, run=run_id)
    return _run(job)


@router.get("/risk", response_model=RiskPage, responses=READ_ERRORS, tags=["risk"])
async def get_risk(
    request: Request,
    p: SignedIn,
    as_of: AsOf = None,
    region: Annotated[str | None, Query(pattern=KATO2, description="2-digit KATO region.")] = None,
    risk_class: Annotated[RiskClass | None, Query(alias="class", description="high, medium or low.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    """Employers' risk at the date, highest first: all for the ministry and inspectors, an akimat's region."""

    def compute(conn: sa.Connection) -> dict[str, Any]:
        day = resolve_risk_date(conn, as_of)
        items, total = list_risk(conn, p, day, region, risk_class, limit, offset)
        return {"as_of": day, "total": total, "limit": limit, "offset": offset, "items": items}

    return await answer(request, p, RiskPage, compute)


@router.get(
    "/risk/counts", openapi_extra=ANYONE, response_model=RiskCounts, responses=READ_ERRORS, tags=["risk"]
)
async def get_risk_counts(request: Request, p: Asker, as_of: AsOf = None) -> Response:
    """Enterprises by region and class; the public sees them with counts under 5 left out."""

    def compute(conn: sa.Connection) -> dict[str, Any]:
        day = resolve_risk_date(conn, as_of)
        return {"as_of": day, "items": risk_counts(conn, p, day)}

    return await answer(request, p, RiskCounts, compute)


@router.get("/risk/{bin}", response_model=RiskScore, responses=READ_ERRORS, tags=["risk"])
async def get_employer_risk(
    request: Request,
    p: SignedIn,
    bin: Annotated[str, Path(pattern=BIN, description="12-digit BIN.")],
    as_of: AsOf = None,
) -> Response:
    """One employer's score, class and factors with their points (audited)."""
    return await answer(
        request,
        p,
        RiskScore,
        lambda conn: risk_of(conn, p, bin, resolve_risk_date(conn, as_of)),
        audit=("read_risk", f"employer {bin}", {"as_of": as_of or "newest"}),
    )
