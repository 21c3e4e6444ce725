"""Events sent through the API: the ministry's, applied under the write lock, audited; a busy lock is 429.

A request of events waits a moment for the app's write lock; when another write holds it longer, the
request is refused with 429 and Retry-After before anything is read, so that no event is lost: the sender
sends the same events again and those applied meanwhile are answered "duplicate".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from jumys.access.principal import Principal
from jumys.access.service import record_audit
from jumys.doors import messages as M
from jumys.doors.cabinet import notice_changes
from jumys.doors.core import Door
from jumys.doors.identity import require_ministry
from jumys.errors import JumysError, TooManyAttempts
from jumys.registry.events import Event, EventsReport, ingest_events

RETRY_AFTER_SECONDS = 2
ACTION, RESOURCE = "ingest_events", "events"


def receive_events(door: Door, p: Principal, sent: Sequence[Event]) -> EventsReport:
    """Check events by the data contract and apply the valid ones, as a batch applies its valid rows."""
    require_ministry(door, p, ACTION, RESOURCE)
    if not door.write_lock.acquire(timeout=door.events_wait_seconds):
        until = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=RETRY_AFTER_SECONDS)
        raise TooManyAttempts(M.EVENTS_BUSY, until=until)
    try:
        report = ingest_events(door.engine, sent, settings=door.settings)
        if report.batch_no is not None:
            door.forget_answers()  # contracts and payroll changed
            notice_changes(door.engine, persons=report.persons)  # the cabinets of the persons written
            door.reverifier.wake()  # their projects are verified again in the background
    except JumysError as e:
        with door.engine.begin() as conn:
            record_audit(conn, p, ACTION, RESOURCE, {"error": e.message}, "failed")
        raise
    finally:
        door.write_lock.release()
    with door.engine.begin() as conn:
        record_audit(
            conn,
            p,
            ACTION,
            f"batch {report.batch_no}" if report.batch_no is not None else RESOURCE,
            {
                "batch_id": report.batch_id,
                "events": len(report.results),
                **{status: report.count(status) for status in ("applied", "duplicate", "refused")},
            },
        )
    return report
