"""What the warning domain runs in the background: the labour-conflict warnings at a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from jumys.safety.warnings import WarningRules, run_warnings
from jumys.storage.jobs import JobKind


def _warn(conn: sa.Connection, parameters: Mapping[str, Any]) -> dict[str, int]:
    return {"employers": run_warnings(conn, dt.date.fromisoformat(parameters["as_of"]), WarningRules())}


WARNINGS = JobKind(
    name="warnings",
    run=_warn,
    resource=lambda parameters: f"warnings {parameters['as_of']}",
)
JOB_KINDS = (WARNINGS,)
