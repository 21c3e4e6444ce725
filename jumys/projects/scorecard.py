"""Region scorecards for akims, stored per as-of date and read with the change since the previous date."""

from __future__ import annotations

import datetime as dt
from typing import Any

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


def scorecards(conn: sa.Connection, as_of: dt.date, region: str | None = None) -> list[dict[str, Any]]:
    """Scorecards at as_of by rank, each with the previous stored as-of date's rank and fulfilment."""
    previous = conn.execute(
        sa.select(sa.func.max(region_scorecard.c.as_of)).where(region_scorecard.c.as_of < as_of)
    ).scalar_one()
    q = sa.select(region_scorecard).where(region_scorecard.c.as_of == as_of).order_by(region_scorecard.c.rank)
    if region:
        q = q.where(region_scorecard.c.region == region)
    rows = [dict(r) for r in conn.execute(q).mappings()]
    before: dict[str, dict[str, Any]] = {}
    if previous is not None:
        before = {
            r["region"]: dict(r)
            for r in conn.execute(
                sa.select(region_scorecard).where(region_scorecard.c.as_of == previous)
            ).mappings()
        }
    for r in rows:
        p = before.get(r["region"])
        r["previous_as_of"] = previous
        r["rank_change"] = (p["rank"] - r["rank"]) if p else None  # positive: moved up
        r["fulfilment_change"] = (
            r["fulfilment"] - p["fulfilment"]
            if p and r["fulfilment"] is not None and p["fulfilment"] is not None
            else None
        )
    return rows


def stored_dates(conn: sa.Connection) -> list[dt.date]:
    """As-of dates with stored scorecards, oldest first."""
    return list(
        conn.execute(
            sa.select(region_scorecard.c.as_of).distinct().order_by(region_scorecard.c.as_of)
        ).scalars()
    )
