"""The API of labour-conflict warnings: the warnings at a date, an employer's, and runs (docs/api.md).

Reads: the ministry and inspectors see every region, an akimat its own; investors and the public are
refused. A run is a write: the ministry's, in the background like a verification.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Path, Query, Request, Response

from jumys.api.deps import READ_ERRORS, Asker, SignedIn, answer
from jumys.api.schemas import BIN, KATO2, Out, RunRequest
from jumys.api.writes import WRITE_ERRORS
from jumys.doors.core import door_of
from jumys.doors.jobstart import start_dated_job
from jumys.errors import NotFound
from jumys.reports.warnings import (
    Level,
    WarningRow,
    WarningRun,
    employer_warnings,
    list_warnings,
    require_warnings,
    warning_as_of,
    warning_runs_of,
)
from jumys.safety import messages as M
from jumys.safety.warning_jobs import WARNINGS

router = APIRouter(tags=["warnings"])


class WarningPage(Out):
    """One page of the warnings at an as-of date (high first, then by BIN) and how many in all."""

    as_of: dt.date | None
    total: int
    limit: int
    offset: int
    items: list[WarningRow]


class EmployerWarnings(Out):
    """An employer's warnings at every date the warnings were run, newest first."""

    bin: str
    items: list[WarningRow]


class WarningJob(Out):
    """A run of the warnings started through the API, as the store keeps it."""

    run_id: str
    as_of: dt.date
    status: Literal["queued", "running", "done", "failed"]
    requested_by: str
    requested_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    employers: int | None
    error: str | None


class WarningRuns(Out):
    """Runs of the warnings: those this server started (newest first) and those stored (newest first)."""

    jobs: list[WarningJob]
    stored: list[WarningRun]


def _job(job: dict[str, Any]) -> dict[str, Any]:
    counts = job["result"] or {}
    keep = ("status", "requested_by", "requested_at", "started_at", "finished_at", "error")
    return {
        "run_id": job["job_id"],
        "as_of": job["parameters"]["as_of"],
        **{k: job[k] for k in keep},
        "employers": counts.get("employers"),
    }


AsOf = Annotated[
    dt.date | None,
    Query(description="A date the warnings were run at (GET /warnings/runs); default: the newest."),
]


@router.get("/warnings", response_model=WarningPage, responses=READ_ERRORS)
async def get_warnings(
    request: Request,
    p: SignedIn,
    as_of: AsOf = None,
    region: Annotated[str | None, Query(pattern=KATO2, description="2-digit KATO region.")] = None,
    level: Annotated[Level | None, Query(description="watch or high.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    """The labour-conflict warnings at the as-of date that the asker may see, each signal with its evidence."""

    def compute(conn: sa.Connection) -> dict[str, Any]:
        require_warnings(p)
        day = warning_as_of(conn, as_of, "GET /api/v1/warnings/runs")
        items, total = list_warnings(conn, p, day, region, level, limit, offset)
        return {"as_of": day, "total": total, "limit": limit, "offset": offset, "items": items}

    return await answer(request, p, WarningPage, compute)


@router.get("/warnings/runs", response_model=WarningRuns, responses=READ_ERRORS)
def get_warning_runs(request: Request, p: SignedIn) -> dict[str, Any]:
    """Runs of the warnings: those started through the API (the newest 200), and every date stored."""
    require_warnings(p)
    door = door_of(request)
    with door.engine.connect() as conn:
        stored = warning_runs_of(conn)
    return {"jobs": [_job(j) for j in door.runner.jobs(WARNINGS.name)], "stored": stored}


@router.post("/warnings/runs", status_code=202, response_model=WarningJob, responses=WRITE_ERRORS)
def start_warnings(body: RunRequest, request: Request, p: Asker) -> dict[str, Any]:
    """Run the warnings at a date in the background (ministry); poll GET /warnings/runs/{run_id}."""
    return _job(start_dated_job(door_of(request), p, WARNINGS, body.as_of, "start_warnings"))


@router.get("/warnings/runs/{run_id}", response_model=WarningJob, responses=READ_ERRORS)
def get_warning_run(
    request: Request, p: SignedIn, run_id: Annotated[str, Path(max_length=64)]
) -> dict[str, Any]:
    """A run of the warnings started through the API: queued, running, done (employers warned) or failed."""
    require_warnings(p)
    job = door_of(request).runner.get(run_id)
    if job is None or job["kind"] != WARNINGS.name:
        raise NotFound(M.NO_WARNING_RUN, run=run_id)
    return _job(job)


@router.get("/employers/{bin}/warnings", response_model=EmployerWarnings, responses=READ_ERRORS)
async def get_employer_warnings(
    request: Request, p: SignedIn, bin: Annotated[str, Path(pattern=BIN, description="12-digit BIN.")]
) -> Response:
    """An employer's labour-conflict warnings at every date run, newest first (audited)."""
    return await answer(
        request,
        p,
        EmployerWarnings,
        lambda conn: {"bin": bin, "items": employer_warnings(conn, p, bin)},
        audit=("read_employer_warnings", f"employer {bin}", None),
    )
