"""Region scorecards for akims, computed and stored per as-of date (read by jumys.reports.regions)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from jumys.projects.methodology import SCORECARD_STEPS, SQL_DIR, Methodology, parameters
from jumys.projects.tables import region_scorecard
from jumys.storage.steps import find_steps, run_steps


def build_scorecards(conn: sa.Connection, as_of: dt.date, m: Methodology) -> int:
    """Compute and store every region's scorecard at as_of from that date's verification."""
    conn.execute(region_scorecard.delete().where(region_scorecard.c.as_of == as_of))
    run_steps(conn, find_steps(SQL_DIR, *SCORECARD_STEPS), parameters(as_of, m))
    n = conn.execute(
        sa.select(sa.func.count()).select_from(region_scorecard).where(region_scorecard.c.as_of == as_of)
    ).scalar_one()
    return int(n)
