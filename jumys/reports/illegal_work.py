"""Illegal work and fictitious contracts as a read model: the employers flagged at a date, with the evidence.

Who sees them: the ministry and inspectors the whole country, an akimat its own region; investors and
the public none (they are leads for the state's inspections, not findings about an employer, and
they name persons by pseudonym), as the labour-conflict warnings (jumys/reports/warnings.py).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.errors import NotFound
from jumys.illegal_work import messages as M
from jumys.illegal_work.signals import run_dates
from jumys.illegal_work.tables import findings
from jumys.registry.tables import employers
from jumys.reports.schemas import Row
from jumys.reports.scope import region_clause, require_region, require_watcher

MAX_LIMIT = 500


class IllegalSignal(Row):
    """One signal at an employer: its code, the persons it concerns (count, and the first by pseudonym),
    and the numbers behind it (months, amounts)."""

    signal: str
    persons: int
    person_ids: list[str]
    evidence: dict[str, Any]


class IllegalWorkRow(Row):
    """An employer's illegal-work findings at an as-of date: score = signals shown."""

    as_of: dt.date
    bin: str
    name: str
    region: str
    score: int
    persons: int
    amount_kzt: int
    signals: list[IllegalSignal]


def require_illegal_work(p: Principal) -> None:
    """The findings are for the ministry, inspectors and akimats; Forbidden for anyone else."""
    require_watcher(p, M.ILLEGAL_WORK_FORBIDDEN)


def illegal_work_as_of(conn: sa.Connection, value: dt.date | None) -> dt.date | None:
    """The as-of date asked for, which must have been run, or the newest run (None when none was)."""
    dates = run_dates(conn)
    if value is None:
        return dates[0] if dates else None
    if value not in dates:
        raise NotFound(M.ILLEGAL_WORK_NOT_RUN, date=value.isoformat())
    return value


def list_illegal_work(
    conn: sa.Connection,
    p: Principal,
    as_of: dt.date | None,
    region: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[IllegalWorkRow], int]:
    """The findings at as_of that p may see, highest score first (then most persons, BIN); and how many."""
    require_illegal_work(p)
    if region is not None:
        require_region(p, region)
    if as_of is None:
        return [], 0
    f = findings.c
    where = [f.as_of == as_of, region_clause(p, f.region)]
    if region is not None:
        where.append(f.region == region)
    total = conn.execute(sa.select(sa.func.count()).select_from(findings).where(*where)).scalar_one()
    query = (
        sa.select(f.as_of, f.bin, employers.c.name, f.region, f.score, f.persons, f.amount_kzt, f.signals)
        .join(employers, employers.c.bin == f.bin)
        .where(*where)
        .order_by(f.score.desc(), f.persons.desc(), f.bin)
        .limit(max(1, min(limit, MAX_LIMIT)))
        .offset(max(0, offset))
    )
    rows = [
        IllegalWorkRow(**(dict(r) | {"signals": json.loads(r["signals"])}))
        for r in conn.execute(query).mappings()
    ]
    return rows, int(total)
