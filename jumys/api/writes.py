"""The API's sign-in and its writes: sessions, verification runs and batch uploads (writes: ministry only).

Each is a thin face over the door core (jumys.doors), which the pages call too. Every write is
audited, refused or not. On DuckDB one process owns the store: the app makes its own writes one at a
time (a lock), CLI commands handed to it through its control channel among them (jumys/doors/control.py).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, Response, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse

from jumys.api import messages as M
from jumys.api.deps import (
    FORBIDDEN,
    READ_ERRORS,
    UNAUTHORIZED,
    Asker,
    Conn,
    Responses,
    SignedIn,
    error_response,
)
from jumys.api.routes import me_of
from jumys.api.schemas import BatchResult, LedgerEntry, Me, RunJob, RunRequest, Runs, SignIn
from jumys.doors import sessions
from jumys.doors.core import door_of
from jumys.doors.identity import SESSION_COOKIE
from jumys.doors.jobstart import start_dated_job
from jumys.doors.uploads import receive_batch
from jumys.errors import Forbidden, NotFound
from jumys.projects.jobs import VERIFICATION
from jumys.projects.tables import verification_runs
from jumys.registry.service import list_batches

router = APIRouter()
WRITE_ERRORS: Responses = (
    UNAUTHORIZED | FORBIDDEN | {409: error_response("Another write is running, or the batch clashes.")}
)


SIGN_IN_ERRORS: Responses = UNAUTHORIZED | {
    429: error_response(
        "Too many failed sign-ins of this user: try again after the time given (Retry-After)."
    )
}


@router.post("/session", response_model=Me, responses=SIGN_IN_ERRORS, tags=["access"])
def sign_in(body: SignIn, request: Request, response: Response) -> dict[str, Any]:
    """Sign a person in: sets the session cookie (HttpOnly, SameSite=Lax) and says who they are."""
    door = door_of(request)
    p, value, expires = sessions.sign_in(door, body.username, body.password, "sign_in")
    sessions.set_session_cookie(response, request, door, value, expires)
    return me_of(p, expires)


@router.delete("/session", status_code=204, tags=["access"])
def sign_out(request: Request) -> Response:
    """Sign out: the session ends and its cookie is cleared (an expired or unknown one too)."""
    sessions.sign_out(door_of(request), request.cookies.get(SESSION_COOKIE))
    response = Response(status_code=204)
    sessions.clear_session_cookie(response)
    return response


def _run_job(job: dict[str, Any]) -> dict[str, Any]:
    """A verification job as the API has always shown it: its date and counts as fields of their own."""
    counts = job["result"] or {}
    return {
        "run_id": job["job_id"],
        "as_of": job["parameters"]["as_of"],
        **{
            k: job[k]
            for k in ("status", "requested_by", "requested_at", "started_at", "finished_at", "error")
        },
        **{k: counts.get(k) for k in ("projects", "regions", "alerts")},
    }


def _stored_runs(conn: Conn) -> list[dict[str, Any]]:
    rows = conn.execute(verification_runs.select().order_by(verification_runs.c.as_of.desc())).mappings()
    return [dict(r) | {"parameters": json.loads(r["parameters"])} for r in rows]


@router.get("/verification-runs", response_model=Runs, responses=READ_ERRORS, tags=["verification"])
def get_runs(request: Request, conn: Conn, p: SignedIn) -> dict[str, Any]:
    """Verifications started through the API (the newest 200), with their status, and those stored."""
    jobs = door_of(request).runner.jobs(VERIFICATION.name)
    return {"jobs": [_run_job(j) for j in jobs], "stored": _stored_runs(conn)}


@router.post(
    "/verification-runs",
    status_code=202,
    response_model=RunJob,
    responses=WRITE_ERRORS,
    tags=["verification"],
)
def start_run(body: RunRequest, request: Request, p: Asker) -> dict[str, Any]:
    """Start verifying every project at a date, in the background; poll GET /verification-runs/{run_id}."""
    return _run_job(start_dated_job(door_of(request), p, VERIFICATION, body.as_of, "start_verification"))


@router.get(
    "/verification-runs/{run_id}", response_model=RunJob, responses=READ_ERRORS, tags=["verification"]
)
def get_run(
    request: Request, p: SignedIn, run_id: Annotated[str, PathParam(max_length=64)]
) -> dict[str, Any]:
    """A verification started through the API: queued, running, done (with counts) or failed (why)."""
    job = door_of(request).runner.get(run_id)
    if job is None or job["kind"] != VERIFICATION.name:
        raise NotFound(M.NO_RUN, run=run_id)
    return _run_job(job)


@router.get("/batches", response_model=list[LedgerEntry], responses=READ_ERRORS, tags=["batches"])
def get_batches(
    conn: Conn, p: SignedIn, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> list[dict[str, Any]]:
    """The ledger, newest first: each batch and its rows per file (ministry and inspectors)."""
    if not p.sees_all_regions:
        raise Forbidden(M.LEDGER_FORBIDDEN)
    return list_batches(conn, limit)


@router.post(
    "/batches",
    status_code=201,
    response_model=BatchResult,
    responses=WRITE_ERRORS
    | {
        200: {"model": BatchResult, "description": "The batch was applied before: nothing changed."},
        413: error_response("The upload is too large."),
        422: error_response(
            "No file, or a batch that cannot be used at all (not a .zip, no contract file, a bad manifest)."
        ),
    },
    tags=["batches"],
)
def upload_batch(
    request: Request, p: Asker, file: Annotated[UploadFile, File(description="The batch folder as a .zip.")]
) -> JSONResponse | dict[str, Any]:
    """Check an uploaded batch by the data contract and apply its valid rows, as `jumys ingest` does."""
    report = receive_batch(door_of(request), p, file.file, file.filename)
    body = report.summary()
    if report.status == "already_applied":
        return JSONResponse(BatchResult.model_validate(body).model_dump(mode="json"), status_code=200)
    return body
