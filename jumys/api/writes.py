"""The API's sign-in and its writes: sessions, verification runs and batch uploads (writes: ministry only).

Every write is audited, refused or not. On DuckDB one process owns the store: the app makes its own
writes one at a time (a lock), and `jumys serve` must not run beside a CLI command that writes.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, Response, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse

from jumys.access.service import (
    authenticate,
    create_session,
    end_session,
    record_audit,
    record_failed_sign_in,
    resolve_session,
)
from jumys.api import messages as M
from jumys.api.deps import (
    FORBIDDEN,
    READ_ERRORS,
    SESSION_COOKIE,
    UNAUTHORIZED,
    Asker,
    Conn,
    Responses,
    SignedIn,
    engine_of,
    error_response,
    forget_answers,
    forget_session,
    require_ministry,
    runner_of,
    settings_of,
    write_lock_of,
)
from jumys.api.routes import me_of
from jumys.api.schemas import BatchResult, LedgerEntry, Me, RunJob, RunRequest, Runs, SignIn
from jumys.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    JumysError,
    NotFound,
    TooManyAttempts,
    Unauthorized,
)
from jumys.projects.tables import verification_runs
from jumys.registry.ingest import ingest_batch
from jumys.registry.service import list_batches

router = APIRouter()
WRITE_ERRORS: Responses = (
    UNAUTHORIZED | FORBIDDEN | {409: error_response("Another write is running, or the batch clashes.")}
)
LOCK_WAIT_SECONDS = 2.0
CHUNK = 1 << 20


SIGN_IN_ERRORS: Responses = UNAUTHORIZED | {
    429: error_response(
        "Too many failed sign-ins of this user: try again after the time given (Retry-After)."
    )
}


@router.post("/session", response_model=Me, responses=SIGN_IN_ERRORS, tags=["access"])
def sign_in(body: SignIn, request: Request, response: Response, conn: Conn) -> dict[str, Any]:
    """Sign a person in: sets the session cookie (HttpOnly, SameSite=Lax) and says who they are."""
    settings = settings_of(request)
    try:
        p = authenticate(conn, body.username, body.password)
    except JumysError as e:
        with engine_of(request).begin() as audit:  # the request's own transaction is rolled back
            record_failed_sign_in(
                audit, body.username, "sign_in", e if isinstance(e, TooManyAttempts) else None
            )
        raise
    value, expires = create_session(conn, p, settings.session_hours)
    record_audit(conn, p, "sign_in", f"user {p.username}")
    response.set_cookie(
        SESSION_COOKIE,
        value,
        max_age=int(settings.session_hours * 3600),
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
    )
    return me_of(p, expires)


@router.delete("/session", status_code=204, tags=["access"])
def sign_out(request: Request, conn: Conn) -> Response:
    """Sign out: the session ends and its cookie is cleared (an expired or unknown one too)."""
    value = request.cookies.get(SESSION_COOKIE)
    if value:
        try:
            p = resolve_session(conn, value)
        except Unauthorized:
            pass
        else:
            record_audit(conn, p, "sign_out", f"user {p.username}")
        end_session(conn, value)
        forget_session(request, value)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _stored_runs(conn: Conn) -> list[dict[str, Any]]:
    rows = conn.execute(verification_runs.select().order_by(verification_runs.c.as_of.desc())).mappings()
    return [dict(r) | {"parameters": json.loads(r["parameters"])} for r in rows]


@router.get("/verification-runs", response_model=Runs, responses=READ_ERRORS, tags=["verification"])
def get_runs(request: Request, conn: Conn, p: SignedIn) -> dict[str, Any]:
    """Verifications started through the API (the newest 200), with their status, and those stored."""
    return {"jobs": runner_of(request).jobs(), "stored": _stored_runs(conn)}


@router.post(
    "/verification-runs",
    status_code=202,
    response_model=RunJob,
    responses=WRITE_ERRORS,
    tags=["verification"],
)
def start_run(body: RunRequest, request: Request, p: Asker) -> dict[str, Any]:
    """Start verifying every project at a date, in the background; poll GET /verification-runs/{run_id}."""
    engine = engine_of(request)
    resource = f"verification {body.as_of.isoformat()}"
    require_ministry(engine, p, "start_verification", resource)
    job = runner_of(request).start(p, body.as_of)
    with engine.begin() as conn:
        record_audit(conn, p, "start_verification", resource, {"run_id": job["run_id"]})
    return job


@router.get(
    "/verification-runs/{run_id}", response_model=RunJob, responses=READ_ERRORS, tags=["verification"]
)
def get_run(
    request: Request, p: SignedIn, run_id: Annotated[str, PathParam(max_length=64)]
) -> dict[str, Any]:
    """A verification started through the API: queued, running, done (with counts) or failed (why)."""
    job = runner_of(request).get(run_id)
    if job is None:
        raise NotFound(M.NO_RUN, run=run_id)
    return job


@router.get("/batches", response_model=list[LedgerEntry], responses=READ_ERRORS, tags=["batches"])
def get_batches(
    conn: Conn, p: SignedIn, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> list[dict[str, Any]]:
    """The ledger, newest first: each batch and its rows per file (ministry and inspectors)."""
    if not p.sees_all_regions:
        raise Forbidden(M.LEDGER_FORBIDDEN)
    return list_batches(conn, limit)


def _save_upload(upload: UploadFile, into: FilePath, limit: int) -> FilePath:
    name = FilePath(upload.filename or "batch.zip").name
    if not name.lower().endswith(".zip"):
        raise InvalidInput(M.UPLOAD_NOT_ZIP)
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)[:100]
    path = into / safe
    size = 0
    with path.open("wb") as out:
        while chunk := upload.file.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise JumysError(M.UPLOAD_TOO_LARGE, 413, n=limit // (1 << 20))
            out.write(chunk)
    return path


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
    engine, settings = engine_of(request), settings_of(request)
    require_ministry(engine, p, "ingest_batch", "batch upload")
    lock = write_lock_of(request)
    if not lock.acquire(timeout=LOCK_WAIT_SECONDS):
        raise Conflict(M.WRITE_BUSY)
    (settings.home / "tmp").mkdir(parents=True, exist_ok=True)
    work = FilePath(tempfile.mkdtemp(prefix="upload-", dir=settings.home / "tmp"))
    try:
        path = _save_upload(file, work, settings.upload_max_mb << 20)
        report = ingest_batch(engine, path, settings=settings)
        forget_answers(request)  # projects, employers and contracts may have changed
    except JumysError as e:
        # the server's folders are none of the sender's business
        e.redact(str(work) + "/", "")
        with engine.begin() as conn:
            record_audit(conn, p, "ingest_batch", "batch upload", {"error": e.message}, "failed")
        raise e from None
    finally:
        lock.release()
        shutil.rmtree(work, ignore_errors=True)
    body = report.summary()
    with engine.begin() as conn:
        record_audit(
            conn,
            p,
            "ingest_batch",
            f"batch {report.batch_no}",
            {
                "batch_id": report.batch_id,
                "status": report.status,
                "rows_accepted": report.rows_accepted,
                "rows_rejected": report.rows_rejected,
            },
        )
    if report.status == "already_applied":
        return JSONResponse(BatchResult.model_validate(body).model_dump(mode="json"), status_code=200)
    return body
