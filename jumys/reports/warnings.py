"""Labour-conflict warnings as read models: the warnings at a date, an employer's warnings over time.

Who sees them: the ministry and inspectors the whole country, an akimat its own region; investors
and the public none (they are leads for the state's oversight, not findings about an employer).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.errors import NotFound
from jumys.registry.tables import employers
from jumys.reports import messages as RM
from jumys.reports.schemas import Row
from jumys.reports.scope import employer_clause, region_clause, require_region, require_watcher
from jumys.safety import messages as M
from jumys.safety.tables import warning_runs, warnings
from jumys.safety.warnings import run_dates

Level = Literal["watch", "high"]
SignalCode = Literal[
    "arrears", "wage_cut", "mass_layoff", "missing_contributions", "fatal_incident", "unplanned_inspections"
]
MAX_LIMIT = 500


class Signal(Row):
    """One signal of a warning: its code, the month it was seen in (YYYY-MM) and the numbers behind it."""

    signal: SignalCode
    month: str
    evidence: dict[str, Any]


class WarningRow(Row):
    """An employer's warning at an as-of date."""

    as_of: dt.date
    bin: str
    name: str
    region: str
    level: Level
    signals: list[Signal]


class WarningRun(Row):
    """A run of the warnings: its date, when it ran, the employers warned and how long it took."""

    as_of: dt.date
    computed_at: dt.datetime
    employers: int
    seconds: float


def require_warnings(p: Principal) -> None:
    """Warnings are for the ministry, inspectors and akimats; Forbidden for anyone else."""
    require_watcher(p, M.WARNINGS_FORBIDDEN)


def warning_as_of(conn: sa.Connection, value: dt.date | None, listed_at: str) -> dt.date | None:
    """The as-of date asked for, which must have been run, or the newest run (None when none was)."""
    dates = run_dates(conn)
    if value is None:
        return dates[0] if dates else None
    if value not in dates:
        raise NotFound(M.WARNINGS_NOT_RUN, date=value.isoformat(), where=listed_at)
    return value


def _rows(result: Any) -> list[WarningRow]:
    return [WarningRow(**(dict(r) | {"signals": json.loads(r["signals"])})) for r in result.mappings()]


def _select() -> sa.Select[Any]:
    w = warnings.c
    return sa.select(w.as_of, w.bin, employers.c.name, w.region, w.level, w.signals).join(
        employers, employers.c.bin == w.bin
    )


def list_warnings(
    conn: sa.Connection,
    p: Principal,
    as_of: dt.date | None,
    region: str | None = None,
    level: Level | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[WarningRow], int]:
    """The warnings at as_of that p may see, high first then by BIN, filtered; and how many in all."""
    require_warnings(p)
    if region is not None:
        require_region(p, region)
    if as_of is None:
        return [], 0
    w = warnings.c
    where = [w.as_of == as_of, region_clause(p, w.region)]
    if region is not None:
        where.append(w.region == region)
    if level is not None:
        where.append(w.level == level)
    total = conn.execute(sa.select(sa.func.count()).select_from(warnings).where(*where)).scalar_one()
    query = (
        _select()
        .where(*where)
        .order_by(sa.case((w.level == "high", 0), else_=1), w.bin)
        .limit(max(1, min(limit, MAX_LIMIT)))
        .offset(max(0, offset))
    )
    return _rows(conn.execute(query)), int(total)


def employer_warnings(conn: sa.Connection, p: Principal, bin: str) -> list[WarningRow]:
    """An employer's warnings at every date run, newest first; NotFound for an employer p may not see."""
    require_warnings(p)
    e = employers.c
    if conn.execute(sa.select(e.bin).where(e.bin == bin, employer_clause(p))).first() is None:
        raise NotFound(RM.NO_EMPLOYER, bin=bin)
    w = warnings.c
    return _rows(conn.execute(_select().where(w.bin == bin).order_by(w.as_of.desc())))


def warning_runs_of(conn: sa.Connection) -> list[WarningRun]:
    """Every stored run of the warnings, newest first."""
    r = warning_runs.c
    rows = conn.execute(sa.select(warning_runs).order_by(r.as_of.desc())).mappings()
    return [WarningRun(**r) for r in rows]
