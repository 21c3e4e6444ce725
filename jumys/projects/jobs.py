"""What the job-creation domain runs in the background: a verification at a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from jumys.projects.methodology import Methodology
from jumys.projects.service import run_verification
from jumys.storage.jobs import JobKind


def _verify(conn: sa.Connection, parameters: Mapping[str, Any]) -> dict[str, int]:
    return run_verification(conn, dt.date.fromisoformat(parameters["as_of"]), Methodology())


VERIFICATION = JobKind(
    name="verification",
    run=_verify,
    resource=lambda parameters: f"verification {parameters['as_of']}",
)
JOB_KINDS = (VERIFICATION,)
