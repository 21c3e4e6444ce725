"""Verification runs started through the API: queued, run one at a time in a background thread, tracked.

The jobs live in the serving process (a restart forgets them); what a finished run computed is in
the store as that date's facts, listed by GET /api/v1/verification-runs under `stored`.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.access.service import record_audit
from jumys.errors import JumysError
from jumys.projects.methodology import Methodology
from jumys.projects.service import run_verification

log = logging.getLogger(__name__)
KEEP = 200  # finished jobs remembered


class Runner:
    """One worker thread that runs verifications in the order asked, holding the store's write lock."""

    def __init__(
        self, engine: sa.Engine, write_lock: threading.Lock, on_write: Callable[[], None] | None = None
    ) -> None:
        self.engine = engine
        self.write_lock = write_lock
        self.on_write = on_write or (lambda: None)
        self._pool: ThreadPoolExecutor | None = None
        self._jobs: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._guard = threading.Lock()

    def start(self, p: Principal, as_of: dt.date) -> dict[str, Any]:
        """Queue a verification at as_of; returns the job."""
        job: dict[str, Any] = {
            "run_id": uuid.uuid4().hex,
            "as_of": as_of,
            "status": "queued",
            "requested_by": p.username,
            "requested_at": dt.datetime.now(dt.UTC),
            "started_at": None,
            "finished_at": None,
            "projects": None,
            "regions": None,
            "alerts": None,
            "error": None,
        }
        with self._guard:
            self._jobs[job["run_id"]] = job
            while len(self._jobs) > KEEP:
                self._jobs.popitem(last=False)
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jumys-verify")
            self._pool.submit(self._run, job, p)
        return dict(job)

    def _set(self, job: dict[str, Any], **values: Any) -> None:
        with self._guard:
            job.update(values)

    def _run(self, job: dict[str, Any], p: Principal) -> None:
        with self.write_lock:
            self._set(job, status="running", started_at=dt.datetime.now(dt.UTC))
            try:
                with self.engine.begin() as conn:
                    counts = run_verification(conn, job["as_of"], Methodology())
            except Exception as e:  # the job reports it; the server goes on
                message = e.message if isinstance(e, JumysError) else f"internal error ({type(e).__name__})"
                if not isinstance(e, JumysError):
                    log.exception("verification at %s failed", job["as_of"])
                self._set(job, status="failed", finished_at=dt.datetime.now(dt.UTC), error=message)
                outcome, detail = "failed", {"run_id": job["run_id"], "error": message}
            else:
                self.on_write()
                self._set(job, status="done", finished_at=dt.datetime.now(dt.UTC), **counts)
                outcome, detail = "ok", {"run_id": job["run_id"], **counts}
        with self.engine.begin() as conn:
            record_audit(conn, p, "verification_finished", f"verification {job['as_of']}", detail, outcome)

    def get(self, run_id: str) -> dict[str, Any] | None:
        """A job by id, or None when this process does not know it."""
        with self._guard:
            job = self._jobs.get(run_id)
            return dict(job) if job else None

    def jobs(self) -> list[dict[str, Any]]:
        """Every remembered job, newest first."""
        with self._guard:
            return [dict(j) for j in reversed(self._jobs.values())]

    def wait(self, run_id: str, timeout: float = 60.0) -> dict[str, Any] | None:
        """Block until a job has finished (for tests and scripts); the job then."""
        deadline = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=timeout)
        while dt.datetime.now(dt.UTC) < deadline:
            job = self.get(run_id)
            if job is None or job["status"] in ("done", "failed"):
                return job
            threading.Event().wait(0.05)
        return self.get(run_id)

    def shutdown(self) -> None:
        """Let the running job finish and drop the queued ones (a later start begins a new worker)."""
        with self._guard:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        with self._guard:
            for job in self._jobs.values():
                if job["status"] == "queued":
                    job.update(status="failed", error="the server stopped before this run began")
