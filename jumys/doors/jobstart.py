"""Starting a dated background job through either face: the ministry's, never after today, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jumys.access.principal import Principal
from jumys.access.service import record_audit
from jumys.doors.asof import refuse_future
from jumys.doors.core import Door
from jumys.doors.identity import require_ministry
from jumys.storage.jobs import JobKind


def start_dated_job(door: Door, p: Principal, kind: JobKind, as_of: dt.date, action: str) -> dict[str, Any]:
    """Queue a job of kind at as_of for p: a refusal is audited, a date after today refused, the start audited."""
    parameters = {"as_of": as_of.isoformat()}
    resource = kind.resource(parameters)
    require_ministry(door, p, action, resource)
    refuse_future(as_of)
    job = door.runner.start(p, kind.name, parameters)
    with door.engine.begin() as conn:
        record_audit(conn, p, action, resource, {"run_id": job["job_id"]})
    return job
