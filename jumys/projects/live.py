"""Verification again after events: only the projects whose group holds a BIN the events name.

Events (POST /api/v1/events) leave the BINs they name in verify_queue, in their own transaction. verify_queued
takes every BIN waiting, finds the projects whose group (01_group.sql) holds one, adds every project sharing
an operator with those (a contract goes to the first project it qualifies for, 03_assignment.sql, so the
projects that may compete for it are verified together), runs the same steps 01 to 09 over them alone at the
newest verified as-of date, then that date's scorecards and those projects' alerts, and empties the queue of
what it verified: all in one transaction. docs/events.md says why these projects and this date.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Collection, Iterator
from typing import Any

import sqlalchemy as sa

from jumys.projects.alerts import build_alerts
from jumys.projects.methodology import SQL_DIR, Methodology, parameters
from jumys.projects.scorecard import build_scorecards
from jumys.projects.service import VERIFY_LOCK_KEY, scoped_steps, verify_projects
from jumys.projects.tables import verification_runs
from jumys.registry.tables import project_operators, verify_queue
from jumys.storage.steps import find_steps

GROUP_STEP = (1, 1)  # 01_group.sql: the group of every project


def projects_of_bins(conn: sa.Connection, bins: Collection[str], as_of: dt.date, m: Methodology) -> set[str]:
    """The projects whose group holds one of bins, with every project that shares an operator with one of them
    (and so on, until no project is added)."""
    if not bins:
        return set()
    wanted = set(bins)

    def read(c: sa.Connection) -> set[str]:
        rows = c.exec_driver_sql("SELECT project_id, bin FROM v_group").all()
        return {str(pid) for pid, b in rows if b in wanted}

    found = scoped_steps(conn, find_steps(SQL_DIR, *GROUP_STEP), parameters(as_of, m), read)
    return with_competitors(conn, found)


def with_competitors(conn: sa.Connection, found: set[str]) -> set[str]:
    """found with every project reached from it through shared operators."""
    ops = project_operators
    pairs = conn.execute(sa.select(ops.c.project_id, ops.c.bin)).all()
    by_bin: dict[str, set[str]] = {}
    by_project: dict[str, set[str]] = {}
    for pid, b in pairs:
        by_bin.setdefault(b, set()).add(pid)
        by_project.setdefault(pid, set()).add(b)
    out, todo = set(found), list(found)
    while todo:
        for b in by_project.get(todo.pop(), ()):
            for other in by_bin[b] - out:
                out.add(other)
                todo.append(other)
    return out


def reverify(
    conn: sa.Connection, as_of: dt.date, bins: Collection[str], m: Methodology | None = None
) -> dict[str, int]:
    """Verify again at as_of the projects the BINs may change, then the scorecards and those projects' alerts."""
    m = m or Methodology()
    scope = projects_of_bins(conn, bins, as_of, m)
    if not scope:
        return {"projects": 0, "regions": 0, "alerts": 0}
    n = verify_projects(conn, as_of, m, scope=scope)
    return {
        "projects": n,
        "regions": build_scorecards(conn, as_of, m),
        "alerts": build_alerts(conn, as_of, m, projects=scope),
    }


def served_as_of(conn: sa.Connection) -> dt.date | None:
    """The date verified again: the newest verified as-of date, the one every page and answer shows first."""
    value: dt.date | None = conn.execute(sa.select(sa.func.max(verification_runs.c.as_of))).scalar_one()
    return value


@contextlib.contextmanager
def one_snapshot(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A transaction for verify_queued. On PostgreSQL it runs beside the events' writes (the caller holds no
    write lock there): it first waits for any other verification to end (the advisory lock verify_projects
    takes, held here for the session, so that the wait comes before the snapshot), then reads one snapshot
    (REPEATABLE READ), so that every step, the queue it empties and the batch number it reports see the same
    events. The embedded store runs it under the write lock, in a plain transaction."""
    if engine.dialect.name != "postgresql":
        with engine.begin() as conn:
            yield conn
        return
    with engine.connect() as conn:
        conn.exec_driver_sql(f"SELECT pg_advisory_lock({VERIFY_LOCK_KEY})")
        conn.commit()
        try:
            conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn
        finally:
            conn.execution_options(isolation_level="READ COMMITTED")
            conn.exec_driver_sql(f"SELECT pg_advisory_unlock({VERIFY_LOCK_KEY})")
            conn.commit()


def verify_queued(conn: sa.Connection, m: Methodology | None = None) -> dict[str, Any] | None:
    """Verify again what the queued events may change, and empty the queue of them; None when none waits."""
    q = verify_queue.c
    rows = conn.execute(sa.select(q.batch_no, q.bin)).all()
    if not rows:
        return None
    last = max(int(r.batch_no) for r in rows)
    as_of = served_as_of(conn)
    counts = {"projects": 0, "regions": 0, "alerts": 0}
    if as_of is not None:  # nothing verified yet: nothing to verify again
        counts = reverify(conn, as_of, {str(r.bin) for r in rows}, m)
    conn.execute(verify_queue.delete().where(q.batch_no <= last))
    return {"as_of": as_of, "batch_no": last, "bins": len({r.bin for r in rows}), **counts}
