"""Verification runs started through the API: queued, run one at a time in a background thread, tracked.

Each job is a row of `verification_jobs`, written at every step, so its status outlives the serving
process and every process serving the store sees it. A process that stops lets its running job
finish and marks its queued ones failed; one that was killed leaves them queued or running, and the
next process started on the same host marks those failed when it finds their process gone. What a
finished run computed is in the store as that date's facts, listed under `stored`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.access.service import record_audit
from jumys.errors import JumysError
from jumys.projects.methodology import Methodology
from jumys.projects.service import run_verification
from jumys.projects.tables import verification_jobs

log = logging.getLogger(__name__)
KEEP = 200  # jobs listed, newest first
HOST = socket.gethostname()
_jobs = verification_jobs.c
_TIMES = ("requested_at", "started_at", "finished_at")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _job(row: Any) -> dict[str, Any]:
    """A stored job as the API gives it (DuckDB hands back naive UTC times)."""
    job = {k: v for k, v in row.items() if k != "server"}
    for k in _TIMES:
        if job[k] is not None and job[k].tzinfo is None:
            job[k] = job[k].replace(tzinfo=dt.UTC)
    return job


def _orphan(server: str) -> bool:
    """True when the process that ran a job (host:pid:runner) was on this host and is gone."""
    host, _, rest = server.partition(":")
    pid = rest.partition(":")[0]
    if host != HOST or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # someone else's process: alive
        return False
    return False


class Runner:
    """One worker thread that runs verifications in the order asked, holding the store's write lock."""

    def __init__(
        self, engine: sa.Engine, write_lock: threading.Lock, on_write: Callable[[], None] | None = None
    ) -> None:
        self.engine = engine
        self.write_lock = write_lock
        self.on_write = on_write or (lambda: None)
        self._pool: ThreadPoolExecutor | None = None
        self._guard = threading.Lock()
        # host:pid:runner: the host and process that run its jobs, and which of the process's runners
        self.server = f"{HOST}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    def recover(self) -> int:
        """Mark failed the jobs left queued or running by a process of this host that is gone; how many."""
        with self.engine.begin() as conn:
            left = conn.execute(
                sa.select(_jobs.run_id, _jobs.server).where(_jobs.status.in_(("queued", "running")))
            ).all()
            gone = [run_id for run_id, server in left if _orphan(server)]
            if gone:
                conn.execute(
                    verification_jobs.update()
                    .where(_jobs.run_id.in_(gone), _jobs.status.in_(("queued", "running")))
                    .values(
                        status="failed",
                        finished_at=_now(),
                        error="the server stopped before this run finished",
                    )
                )
        return len(gone)

    def start(self, p: Principal, as_of: dt.date) -> dict[str, Any]:
        """Queue a verification at as_of; returns the job."""
        job: dict[str, Any] = {
            "run_id": uuid.uuid4().hex,
            "as_of": as_of,
            "status": "queued",
            "requested_by": p.username,
            "requested_at": _now(),
            "started_at": None,
            "finished_at": None,
            "projects": None,
            "regions": None,
            "alerts": None,
            "error": None,
        }
        with self.engine.begin() as conn:
            conn.execute(verification_jobs.insert().values(**job, server=self.server))
        with self._guard:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jumys-verify")
            self._pool.submit(self._run, job["run_id"], as_of, p)
        return job

    def _set(self, run_id: str, **values: Any) -> None:
        with self.engine.begin() as conn:
            conn.execute(verification_jobs.update().where(_jobs.run_id == run_id).values(**values))

    def _run(self, run_id: str, as_of: dt.date, p: Principal) -> None:
        detail: dict[str, Any]
        with self.write_lock:
            self._set(run_id, status="running", started_at=_now())
            try:
                with self.engine.begin() as conn:
                    counts = run_verification(conn, as_of, Methodology())
            except Exception as e:  # the job reports it; the server goes on
                message = e.message if isinstance(e, JumysError) else f"internal error ({type(e).__name__})"
                if not isinstance(e, JumysError):
                    log.exception("verification at %s failed", as_of)
                self._set(run_id, status="failed", finished_at=_now(), error=message)
                outcome, detail = "failed", {"run_id": run_id, "error": message}
            else:
                self.on_write()
                self._set(run_id, status="done", finished_at=_now(), **counts)
                outcome, detail = "ok", {"run_id": run_id, **counts}
        with self.engine.begin() as conn:
            record_audit(conn, p, "verification_finished", f"verification {as_of}", detail, outcome)

    def get(self, run_id: str) -> dict[str, Any] | None:
        """A job by id, or None when there is none."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(verification_jobs).where(_jobs.run_id == run_id)).mappings().first()
        return _job(row) if row else None

    def jobs(self) -> list[dict[str, Any]]:
        """The newest KEEP jobs, newest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(verification_jobs).order_by(_jobs.requested_at.desc(), _jobs.run_id).limit(KEEP)
            ).mappings()
            return [_job(r) for r in rows]

    def wait(self, run_id: str, timeout: float = 60.0) -> dict[str, Any] | None:
        """Block until a job has finished (for tests and scripts); the job then."""
        deadline = _now() + dt.timedelta(seconds=timeout)
        while _now() < deadline:
            job = self.get(run_id)
            if job is None or job["status"] in ("done", "failed"):
                return job
            threading.Event().wait(0.05)
        return self.get(run_id)

    def shutdown(self) -> None:
        """Let the running job finish and mark this process's queued ones failed (a later start begins anew)."""
        with self._guard:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        with self.engine.begin() as conn:
            conn.execute(
                verification_jobs.update()
                .where(_jobs.server == self.server, _jobs.status == "queued")
                .values(status="failed", finished_at=_now(), error="the server stopped before this run began")
            )
