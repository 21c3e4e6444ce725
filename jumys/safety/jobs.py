"""What the safe-work domain runs in the background: enterprise risk scored at a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from jumys.config import get_settings
from jumys.safety.service import score_risk
from jumys.storage.jobs import JobKind


def _score(conn: sa.Connection, parameters: Mapping[str, Any]) -> dict[str, int]:
    rows = parameters.get("training_rows") or get_settings().risk_training_rows
    return score_risk(conn, dt.date.fromisoformat(parameters["as_of"]), rows)


RISK = JobKind(name="risk", run=_score, resource=lambda parameters: f"risk {parameters['as_of']}")
JOB_KINDS = (RISK,)
