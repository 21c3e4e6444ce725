"""Background jobs started through the doors: queued, run one at a time in a thread, tracked.

Any kind a domain declares (jumys.storage.jobs.JobKind) runs the same way. Each job is a row of
`jobs`, written at every step, so its status outlives the serving process and every process serving
the store sees it. A process that stops lets its running job finish and marks its queued ones
failed; one that was killed leaves them queued or running, and the next process started on the same
host marks those failed when it finds their process gone. What a finished job computed is in the
store as that domain's facts.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.access.service import record_audit
from jumys.doors import messages as M
from jumys.errors import InvalidInput, JumysError
from jumys.storage.jobs import JobKind, jobs, now

log = logging.getLogger(__name__)
KEEP = 200  # jobs listed, newest first
HOST = socket.gethostname()
_jobs = jobs.c
_TIMES = ("requested_at", "started_at", "finished_at")


def _job(row: Any) -> dict[str, Any]:
    """A stored job as the doors give it (DuckDB hands back naive UTC times)."""
    job = {k: v for k, v in row.items() if k != "server"}
    for k in _TIMES:
        if job[k] is not None and job[k].tzinfo is None:
            job[k] = job[k].replace(tzinfo=dt.UTC)
    job["parameters"] = json.loads(job["parameters"])
    job["result"] = json.loads(job["result"]) if job["result"] is not None else None
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
    """One worker thread that runs jobs in the order asked, holding the store's write lock."""

    def __init__(
        self,
        engine: sa.Engine,
        write_lock: threading.Lock,
        kinds: Mapping[str, JobKind],
        on_write: Callable[[], None] | None = None,
    ) -> None:
        self.engine = engine
        self.write_lock = write_lock
        self.kinds = dict(kinds)
        self.on_write = on_write or (lambda: None)
        self._pool: ThreadPoolExecutor | None = None
        self._guard = threading.Lock()
        # host:pid:runner: the host and process that run its jobs, and which of the process's runners
        self.server = f"{HOST}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    def recover(self) -> int:
        """Mark failed the jobs left queued or running by a process of this host that is gone; how many."""
        with self.engine.begin() as conn:
            left = conn.execute(
                sa.select(_jobs.job_id, _jobs.server).where(_jobs.status.in_(("queued", "running")))
            ).all()
            gone = [job_id for job_id, server in left if _orphan(server)]
            if gone:
                conn.execute(
                    jobs.update()
                    .where(_jobs.job_id.in_(gone), _jobs.status.in_(("queued", "running")))
                    .values(
                        status="failed",
                        finished_at=now(),
                        error="the server stopped before this run finished",
                    )
                )
        return len(gone)

    def kind(self, name: str) -> JobKind:
        """The kind of job called name; InvalidInput when this server runs no such kind."""
        found = self.kinds.get(name)
        if found is None:
            raise InvalidInput(M.NO_JOB_KIND, name=name, kinds=", ".join(sorted(self.kinds)))
        return found

    def start(self, p: Principal, kind: str, parameters: Mapping[str, Any]) -> dict[str, Any]:
        """Queue a job of kind with its (JSON-ready) parameters; returns the job."""
        self.kind(kind)
        row: dict[str, Any] = {
            "job_id": uuid.uuid4().hex,
            "kind": kind,
            "parameters": json.dumps(dict(parameters), sort_keys=True),
            "status": "queued",
            "requested_by": p.username,
            "requested_at": now(),
            "started_at": None,
            "finished_at": None,
            "result": None,
            "error": None,
        }
        with self.engine.begin() as conn:
            conn.execute(jobs.insert().values(**row, server=self.server))
        with self._guard:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jumys-jobs")
            self._pool.submit(self._run, row["job_id"], kind, dict(parameters), p)
        return _job(row | {"server": self.server})

    def _set(self, job_id: str, **values: Any) -> None:
        with self.engine.begin() as conn:
            conn.execute(jobs.update().where(_jobs.job_id == job_id).values(**values))

    def _run(self, job_id: str, name: str, parameters: dict[str, Any], p: Principal) -> None:
        kind = self.kinds[name]
        detail: dict[str, Any]
        with self.write_lock:
            self._set(job_id, status="running", started_at=now())
            try:
                with self.engine.begin() as conn:
                    counts = kind.run(conn, parameters)
            except Exception as e:  # the job reports it; the server goes on
                message = e.message if isinstance(e, JumysError) else f"internal error ({type(e).__name__})"
                if not isinstance(e, JumysError):
                    log.exception("job %s (%s) failed", job_id, kind.resource(parameters))
                self._set(job_id, status="failed", finished_at=now(), error=message)
                outcome, detail = "failed", {"run_id": job_id, "error": message}
            else:
                self.on_write()
                self._set(job_id, status="done", finished_at=now(), result=json.dumps(counts, sort_keys=True))
                outcome, detail = "ok", {"run_id": job_id, **counts}
        with self.engine.begin() as conn:
            record_audit(conn, p, f"{name}_finished", kind.resource(parameters), detail, outcome)

    def get(self, job_id: str) -> dict[str, Any] | None:
        """A job by id, or None when there is none."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(jobs).where(_jobs.job_id == job_id)).mappings().first()
        return _job(row) if row else None

    def jobs(self, kind: str | None = None) -> list[dict[str, Any]]:
        """The newest KEEP jobs (of one kind, when given), newest first."""
        q = sa.select(jobs).order_by(_jobs.requested_at.desc(), _jobs.job_id).limit(KEEP)
        if kind is not None:
            q = q.where(_jobs.kind == kind)
        with self.engine.connect() as conn:
            return [_job(r) for r in conn.execute(q).mappings()]

    def wait(self, job_id: str, timeout: float = 60.0) -> dict[str, Any] | None:
        """Block until a job has finished (for tests and scripts); the job then."""
        deadline = now().timestamp() + timeout
        while now().timestamp() < deadline:
            job = self.get(job_id)
            if job is None or job["status"] in ("done", "failed"):
                return job
            threading.Event().wait(0.05)
        return self.get(job_id)

    def shutdown(self) -> None:
        """Let the running job finish and mark this process's queued ones failed (a later start begins anew)."""
        with self._guard:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        with self.engine.begin() as conn:
            conn.execute(
                jobs.update()
                .where(_jobs.server == self.server, _jobs.status == "queued")
                .values(status="failed", finished_at=now(), error="the server stopped before this run began")
            )
