"""The verbs of job-creation verification: verify_projects and reading its facts."""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import asdict
from typing import Any

import sqlalchemy as sa

from jumys.projects.alerts import build_alerts
from jumys.projects.methodology import SQL_DIR, VERIFY_STEPS, Methodology, parameters
from jumys.projects.schemas import ProjectResult
from jumys.projects.scorecard import build_scorecards
from jumys.projects.tables import project_jobs, project_verification, verification_runs
from jumys.storage.steps import find_steps, run_steps


def verify_projects(
    conn: sa.Connection,
    as_of: dt.date,
    methodology: Methodology | None = None,
    progress: Any = None,
) -> int:
    """Verify every project at as_of and store the facts (replacing that date's); returns the project count."""
    m = methodology or Methodology()
    tick = progress or (lambda _s, _d, _t: None)
    started = time.perf_counter()
    for t in (project_verification, project_jobs, verification_runs):
        conn.execute(t.delete().where(t.c.as_of == as_of))
    steps = find_steps(SQL_DIR, *VERIFY_STEPS)
    run_steps(conn, steps, parameters(as_of, m), tick)
    n = conn.execute(
        sa.select(sa.func.count())
        .select_from(project_verification)
        .where(project_verification.c.as_of == as_of)
    ).scalar_one()
    conn.execute(
        verification_runs.insert().values(
            as_of=as_of,
            computed_at=dt.datetime.now(dt.UTC),
            parameters=m.model_dump_json(),
            projects=n,
            seconds=time.perf_counter() - started,
        )
    )
    tick("done", len(steps), len(steps))
    return int(n)


def run_verification(
    conn: sa.Connection, as_of: dt.date, methodology: Methodology | None = None, progress: Any = None
) -> dict[str, int]:
    """Verify every project at as_of, then build that date's scorecards and alerts; counts of each."""
    m = methodology or Methodology()
    n = verify_projects(conn, as_of, m, progress)
    return {
        "projects": n,
        "regions": build_scorecards(conn, as_of, m),
        "alerts": build_alerts(conn, as_of, m),
    }


def results(conn: sa.Connection, as_of: dt.date) -> list[dict[str, Any]]:
    """The verification of every project at as_of, sorted by project_id."""
    rows = conn.execute(
        sa.select(project_verification)
        .where(project_verification.c.as_of == as_of)
        .order_by(project_verification.c.project_id.collate("C"))
    ).mappings()
    return [dict(r) for r in rows]


def results_json(conn: sa.Connection, as_of: dt.date) -> str:
    """The machine-readable output of the methodology: one JSON array, an object per project (ProjectResult)."""
    out = [asdict(ProjectResult.of(r)) for r in results(conn, as_of)]
    return json.dumps(out, ensure_ascii=False, indent=1, default=str)
