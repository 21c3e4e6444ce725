"""The verbs of job-creation verification: verify_projects and reading its facts."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import asdict
from typing import Any, TypeVar

import sqlalchemy as sa

from jumys.projects.alerts import build_alerts
from jumys.projects.methodology import SQL_DIR, VERIFY_STEPS, Methodology, parameters
from jumys.projects.schemas import ProjectResult
from jumys.projects.scorecard import build_scorecards
from jumys.projects.tables import project_freshness, project_jobs, project_verification, verification_runs
from jumys.registry.tables import TABLES, batches
from jumys.storage.steps import Step, Value, find_steps, run_and_read, run_steps

T = TypeVar("T")

# PostgreSQL's advisory lock of the verification's writes: one verification at a time per store, whichever
# process runs it (events' re-verification runs beside the events' writes, jumys/projects/live.py)
VERIFY_LOCK_KEY = 7240502


def verify_projects(
    conn: sa.Connection,
    as_of: dt.date,
    methodology: Methodology | None = None,
    progress: Any = None,
    scope: Collection[str] | None = None,
) -> int:
    """Verify every project at as_of, or the projects of scope, and store the facts (replacing theirs at that
    date); returns the count of projects verified.

    scope must be closed under shared operators (jumys/projects/live.py): a contract goes to the first project
    it qualifies for, and that project must be among those verified for the result to be the whole run's.
    """
    m = methodology or Methodology()
    tick = progress or (lambda _s, _d, _t: None)
    started = time.perf_counter()
    if (
        conn.dialect.name == "postgresql"
    ):  # until this transaction ends (the same session may hold it already)
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({VERIFY_LOCK_KEY})")
    with _scoped_to(conn, scope):
        for t in (project_verification, project_jobs, project_freshness):
            gone = t.delete().where(t.c.as_of == as_of)
            conn.execute(gone if scope is None else gone.where(t.c.project_id.in_(_scoped())))
        steps = find_steps(SQL_DIR, *VERIFY_STEPS)
        run_steps(conn, steps, parameters(as_of, m), tick)
        through = conn.execute(sa.select(sa.func.coalesce(sa.func.max(batches.c.batch_no), 0))).scalar_one()
        conn.execute(
            project_freshness.insert().from_select(
                ["as_of", "project_id", "data_batch_no", "verified_at"],
                sa.select(
                    sa.literal(as_of, sa.Date),
                    _SCOPE.c.project_id,
                    sa.literal(int(through), sa.Integer),
                    sa.literal(dt.datetime.now(dt.UTC), sa.DateTime(timezone=True)),
                ),
            )
        )
        n = conn.execute(sa.select(sa.func.count()).select_from(_SCOPE)).scalar_one()
    if scope is None:
        conn.execute(verification_runs.delete().where(verification_runs.c.as_of == as_of))
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


# the projects the steps verify (01_group.sql reads it): a temporary table the caller of the steps fills
_SCOPE = sa.Table("verify_scope", sa.MetaData(), sa.Column("project_id", sa.Text), prefixes=["TEMPORARY"])


def _scoped() -> sa.Select[Any]:
    return sa.select(_SCOPE.c.project_id)


@contextlib.contextmanager
def _scoped_to(conn: sa.Connection, scope: Collection[str] | None) -> Iterator[None]:
    """verify_scope filled with every project, or those of scope, while the block runs."""
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {_SCOPE.name}")
    _SCOPE.create(conn)
    try:
        projects = TABLES["projects"]
        if scope is None:
            conn.execute(_SCOPE.insert().from_select(["project_id"], sa.select(projects.c.project_id)))
        elif scope:
            conn.execute(_SCOPE.insert(), [{"project_id": pid} for pid in sorted(scope)])
        yield
    finally:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {_SCOPE.name}")


def scoped_steps(
    conn: sa.Connection,
    steps: Sequence[Step],
    params: Mapping[str, Value],
    read: Callable[[sa.Connection], T],
) -> T:
    """What read(conn) makes of the temporary tables of steps run over every project."""
    with _scoped_to(conn, None):
        return run_and_read(conn, steps, params, read)


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
