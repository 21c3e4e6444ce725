"""A batch uploaded through either face: saved under JUMYS_HOME/tmp, ingested, audited, cleaned up.

Only the ministry uploads. The upload is one .zip of the batch folder, at most JUMYS_UPLOAD_MAX_MB
(413 beyond). The app's writes go one at a time: an upload waits a moment for the write lock and is
refused with 409 when another write holds it. Every answer given before is forgotten once a batch
is applied. Messages never name the server's folders.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

from jumys.access.principal import Principal
from jumys.access.service import record_audit
from jumys.doors import messages as M
from jumys.doors.cabinet import notice_changes
from jumys.doors.core import Door
from jumys.doors.identity import require_ministry
from jumys.errors import Conflict, InvalidInput, JumysError
from jumys.registry.ingest import BatchReport, ingest_batch

LOCK_WAIT_SECONDS = 2.0
CHUNK = 1 << 20
ACTION, RESOURCE = "ingest_batch", "batch upload"


def upload_name(filename: str | None) -> str:
    """The upload's file name as it may be stored: its last part, letters, digits and -_. only."""
    name = Path(filename or "batch.zip").name
    if not name.lower().endswith(".zip"):
        raise InvalidInput(M.UPLOAD_NOT_ZIP)
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)[:100]


def _save(source: BinaryIO, path: Path, limit: int) -> None:
    size = 0
    with path.open("wb") as out:
        while chunk := source.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise JumysError(M.UPLOAD_TOO_LARGE, 413, n=limit // (1 << 20))
            out.write(chunk)


def check_uploader(door: Door, p: Principal) -> None:
    """Refuse (and audit) anyone but the ministry before anything is read."""
    require_ministry(door, p, ACTION, RESOURCE)


def receive_batch(door: Door, p: Principal, source: BinaryIO, filename: str | None) -> BatchReport:
    """Check an uploaded batch by the data contract and apply its valid rows, as `jumys ingest` does."""
    check_uploader(door, p)
    settings = door.settings
    try:
        name = upload_name(filename)
    except JumysError as e:
        _audit_failure(door, p, e.message)
        raise
    if not door.write_lock.acquire(timeout=LOCK_WAIT_SECONDS):
        raise Conflict(M.WRITE_BUSY)
    (settings.home / "tmp").mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="upload-", dir=settings.home / "tmp"))
    try:
        _save(source, work / name, settings.upload_max_mb << 20)
        report = ingest_batch(door.engine, work / name, settings=settings)
        door.forget_answers()  # projects, employers and contracts may have changed
        notice_changes(door.engine)  # persons' cases may have new statuses
    except JumysError as e:
        # the server's folders are none of the sender's business
        e.redact(str(work) + "/", "")
        e.redact(str(work), "")
        _audit_failure(door, p, e.message)
        raise
    finally:
        door.write_lock.release()
        shutil.rmtree(work, ignore_errors=True)
    with door.engine.begin() as conn:
        record_audit(
            conn,
            p,
            ACTION,
            f"batch {report.batch_no}",
            {
                "batch_id": report.batch_id,
                "status": report.status,
                "rows_accepted": report.rows_accepted,
                "rows_rejected": report.rows_rejected,
            },
        )
    return report


def _audit_failure(door: Door, p: Principal, message: str) -> None:
    with door.engine.begin() as conn:
        record_audit(conn, p, ACTION, RESOURCE, {"error": message}, "failed")
