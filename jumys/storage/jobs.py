"""Background jobs of any kind (a verification, later risk scores and forecasts), kept in the store.

A domain declares what it can run as a JobKind: a name, how its parameters are read from and written
to JSON, and the work itself, one transaction over the store that returns counts. The door core
(jumys/doors/runs.py) queues, runs and tracks jobs of every kind the same way, in the `jobs` table,
so a job's status outlives the process that ran it and every process serving the store sees it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from jumys.storage.metadata import metadata, primary_key

STATUSES = ("queued", "running", "done", "failed")

jobs = sa.Table(
    "jobs",
    metadata,
    sa.Column("job_id", sa.String(32), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("parameters", sa.Text, nullable=False),  # JSON: what the job was asked to do
    sa.Column("status", sa.String(7), nullable=False),
    sa.Column("requested_by", sa.String(64), nullable=False),
    sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True)),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
    sa.Column("result", sa.Text),  # JSON: the counts the job returned when done
    sa.Column("error", sa.Text),
    sa.Column("server", sa.String(200), nullable=False),  # host:pid:runner of the process that runs it
    primary_key("job_id"),
    sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status_allowed"),
    comment="Background jobs started through the doors: kind, parameters, who asked, how it went.",
)


@dataclass(frozen=True)
class JobKind:
    """Something a domain can run in the background: one transaction over the store, returning counts.

    `run(conn, parameters)` does the work; `resource(parameters)` names it in the audit log
    (e.g. "verification 2026-01-01"); parameters are JSON-ready values (dates as YYYY-MM-DD).
    """

    name: str
    run: Callable[[sa.Connection, Mapping[str, Any]], dict[str, int]]
    resource: Callable[[Mapping[str, Any]], str]


def now() -> dt.datetime:
    """The time in UTC, as jobs record it."""
    return dt.datetime.now(dt.UTC)
