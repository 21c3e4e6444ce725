"""Foreign workers' conditions at a date D, a read model for inspectors (docs/foreign_workers.md).

Three parts, each in SQL over the registries (and the permits issued by Jumys's decisions):

- wages: per region and NKZ occupation (the rest of a major group when an occupation's cell is small)
  the median monthly salary of foreign workers' active contracts against citizens', cells of fewer than
  SUPPRESS_BELOW persons on either side left out; and the employers whose foreign workers earn under a
  share of the citizens' median of their cell;
- arrears and incidents: employers with foreign workers that have open wage arrears, and the incidents
  that touch foreign workers (naming one, or naming no one at an employer with foreign workers);
- permits expiring within N days whose holder is still employed on a contract running past the permit.

Who sees it: the ministry and inspectors every region, an akimat its own (the workplace's region for
wages and permits, the employer's for arrears); employers, investors and the public nothing (the rows
name employers and, by pseudonym, persons: they are leads for inspections). No IIN is ever read.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.errors import InvalidInput
from jumys.permits.tables import issued_permits
from jumys.registry.tables import TABLES, employers, persons
from jumys.reports import messages as M
from jumys.reports.foreign_wages import UNDER_PCT as UNDER_PCT
from jumys.reports.foreign_wages import UnderpaidEmployer as UnderpaidEmployer
from jumys.reports.foreign_wages import WageCell as WageCell
from jumys.reports.foreign_wages import active_contracts, region_of, seen_clause
from jumys.reports.foreign_wages import underpaid_employers as underpaid_employers
from jumys.reports.foreign_wages import wage_cells as wage_cells
from jumys.reports.regions import latest_as_of
from jumys.reports.schemas import Row
from jumys.reports.scope import require_region, require_watcher

contracts = TABLES["contracts"]
permits = TABLES["permits"]
arrears = TABLES["arrears"]
incidents = TABLES["incidents"]

DAYS = 30  # permits expiring within this many days
INCIDENT_DAYS = 365  # incidents of this many days before D
MAX_DAYS = 366
MAX_LIMIT = 500


class ArrearsEmployer(Row):
    """An employer with foreign workers and open wage arrears, or incidents touching foreign workers."""

    bin: str
    name: str
    region: str
    foreign_workers: int
    arrears: int
    arrears_kzt: int
    arrears_workers: int
    oldest_arrear: dt.date | None
    incidents_foreign: int  # naming a foreign worker
    incidents_unnamed: int  # naming no one, at an employer with foreign workers
    victims: int
    fatal: int
    severe: int


class ExpiringPermit(Row):
    """A permit that ends within the days asked while its holder's contract runs on past it."""

    permit_id: str
    source: Literal["registry", "decision"]
    person_id: uuid.UUID
    citizenship: str
    category: str
    region: str
    valid_until: dt.date
    days_left: int
    bin: str
    name: str
    nkz: str
    contract_end: dt.date | None
    other_employer: bool  # the contract is at another employer than the permit's


class ForeignWorkers(Row):
    """The three parts at an as-of date, as the asker may see them."""

    as_of: dt.date
    region: str | None
    days: int
    under_pct: int
    wages: list[WageCell]
    suppressed_cells: int
    underpaid: list[UnderpaidEmployer]
    arrears: list[ArrearsEmployer]
    expiring: list[ExpiringPermit]
    expiring_total: int


def require_foreign_workers(p: Principal) -> None:
    """The conditions are for the ministry, inspectors and akimats; Forbidden for anyone else."""
    require_watcher(p, M.FOREIGN_WORKERS_FORBIDDEN)


def check_parameters(days: int, under_pct: int) -> None:
    """InvalidInput unless 1 ≤ days ≤ MAX_DAYS and 1 ≤ under_pct ≤ 100."""
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(M.FOREIGN_DAYS, value=days, most=MAX_DAYS)
    if not 1 <= under_pct <= 100:
        raise InvalidInput(M.FOREIGN_UNDER_PCT, value=under_pct)


def parse_day(value: str | None) -> dt.date | None:
    """A date written YYYY-MM-DD, or None; InvalidInput for anything else."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(M.FOREIGN_AS_OF, value=value) from None


def foreign_workers_as_of(conn: sa.Connection, value: dt.date | None) -> dt.date | None:
    """The date asked for; else the newest verified as-of date; else the day after the newest contract start
    (None: the store holds no contract)."""
    if value is not None:
        return value
    newest = latest_as_of(conn)
    if newest is not None:
        return newest
    started = conn.execute(sa.select(sa.func.max(contracts.c.start_date))).scalar()
    return None if started is None else _shift(started, 1)


def _shift(day: dt.date, days: int) -> dt.date:
    """day moved by days, held within the calendar (a date near year 1 or 9999 asks for nothing beyond it)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def _permits_held(day: dt.date, name: str = "held") -> sa.Subquery:
    """Permits in force at day, with their holder, employer (none for a household) and end: the registry's
    (issued before day, not revoked on or before it) and Jumys's (issued before day)."""

    def held(t: sa.Table, source: str, *where: sa.ColumnElement[bool]) -> sa.Select[Any]:
        c = t.c
        return sa.select(
            c.permit_id,
            sa.literal(source).label("source"),
            c.person_id,
            c.citizenship,
            c.bin,
            c.category,
            region_of(c.kato).label("region"),
            c.valid_until,
        ).where(c.issued_on < day, c.valid_until >= day, *where)

    revoked = permits.c.revoked_on
    registry = held(permits, "registry", sa.or_(revoked.is_(None), revoked > day))
    decided = held(issued_permits, "decision")
    return sa.union_all(registry, decided).subquery(name)


def arrears_employers(
    conn: sa.Connection,
    p: Principal,
    day: dt.date,
    region: str | None = None,
    incident_days: int = INCIDENT_DAYS,
) -> list[ArrearsEmployer]:
    """Employers with foreign workers at day (an active contract of a foreigner, or a permit in force) with
    wage arrears open at day, or incidents in the incident_days before day that touch foreign workers."""
    a = active_contracts(day)
    held = _permits_held(day)
    workers_at = sa.union(
        sa.select(a.c.bin, a.c.person_id).where(a.c.foreign),
        sa.select(held.c.bin, held.c.person_id).where(held.c.bin.is_not(None)),
    ).subquery("workers_at")
    foreign = (
        sa.select(workers_at.c.bin, sa.func.count(sa.distinct(workers_at.c.person_id)).label("n"))
        .group_by(workers_at.c.bin)
        .subquery("foreign")
    )
    ar = arrears.c
    open_arrears = (
        sa.select(
            ar.bin,
            sa.func.count().label("arrears"),
            sa.func.sum(ar.amount_kzt).label("kzt"),
            sa.func.sum(ar.workers).label("workers"),
            sa.func.min(ar.reported_on).label("oldest"),
        )
        .where(ar.reported_on < day, sa.or_(ar.repaid_on.is_(None), ar.repaid_on >= day))
        .group_by(ar.bin)
        .subquery("open_arrears")
    )
    i = incidents.c
    named_foreign = sa.and_(i.person_id.is_not(None), persons.c.status == "foreigner")
    unnamed = sa.and_(i.person_id.is_(None), foreign.c.bin.is_not(None))
    touching = (
        sa.select(
            i.bin,
            sa.func.count().filter(named_foreign).label("named"),
            sa.func.count().filter(unnamed).label("unnamed"),
            sa.func.sum(i.victims).label("victims"),
            sa.func.count().filter(i.severity == "fatal").label("fatal"),
            sa.func.count().filter(i.severity == "severe").label("severe"),
        )
        .select_from(
            incidents.outerjoin(persons, persons.c.person_id == i.person_id).outerjoin(
                foreign, foreign.c.bin == i.bin
            )
        )
        .where(
            i.occurred_on < day,
            i.occurred_on >= _shift(day, -incident_days),
            sa.or_(named_foreign, unnamed),
        )
        .group_by(i.bin)
        .subquery("touching")
    )
    e = employers.c
    query = (
        sa.select(
            e.bin,
            e.name,
            region_of(e.kato).label("region"),
            sa.func.coalesce(foreign.c.n, 0).label("foreign_workers"),
            sa.func.coalesce(open_arrears.c.arrears, 0).label("arrears"),
            sa.func.coalesce(open_arrears.c.kzt, 0).label("arrears_kzt"),
            sa.func.coalesce(open_arrears.c.workers, 0).label("arrears_workers"),
            open_arrears.c.oldest.label("oldest_arrear"),
            sa.func.coalesce(touching.c.named, 0).label("incidents_foreign"),
            sa.func.coalesce(touching.c.unnamed, 0).label("incidents_unnamed"),
            sa.func.coalesce(touching.c.victims, 0).label("victims"),
            sa.func.coalesce(touching.c.fatal, 0).label("fatal"),
            sa.func.coalesce(touching.c.severe, 0).label("severe"),
        )
        .select_from(
            employers.outerjoin(foreign, foreign.c.bin == e.bin)
            .outerjoin(open_arrears, open_arrears.c.bin == e.bin)
            .outerjoin(touching, touching.c.bin == e.bin)
        )
        .where(
            sa.or_(
                sa.and_(foreign.c.bin.is_not(None), open_arrears.c.bin.is_not(None)),
                touching.c.bin.is_not(None),
            ),
            seen_clause(p, region_of(e.kato), region),
        )
    )
    rows = [ArrearsEmployer(**r) for r in conn.execute(query).mappings()]
    return sorted(rows, key=lambda r: (-r.arrears_kzt, -(r.incidents_foreign + r.incidents_unnamed), r.bin))


def expiring_permits(
    conn: sa.Connection,
    p: Principal,
    day: dt.date,
    region: str | None = None,
    days: int = DAYS,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[ExpiringPermit], int]:
    """Permits in force at day that end within days (valid_until ≤ day + days) while their holder has a contract
    active at day that runs past valid_until, and no later permit issued before day; soonest first."""
    held = _permits_held(day)
    a = active_contracts(day)
    h = held.c
    later = _permits_held(day, "later")
    renewed = sa.exists().where(
        later.c.person_id == h.person_id,
        later.c.valid_until > h.valid_until,
        sa.or_(later.c.bin == h.bin, sa.and_(later.c.bin.is_(None), h.bin.is_(None))),
    )
    # one row per permit: the holder's contract running longest, the permit's employer's first
    ranked = (
        sa.select(
            h.permit_id,
            h.source,
            h.person_id,
            h.citizenship,
            h.category,
            h.region,
            h.valid_until,
            a.c.bin,
            a.c.nkz,
            a.c.end_date.label("contract_end"),
            sa.func.coalesce(a.c.bin != h.bin, sa.true()).label("other_employer"),
            sa.func.row_number()
            .over(
                partition_by=(h.source, h.permit_id),
                order_by=(
                    sa.case((a.c.bin == h.bin, 0), else_=1),
                    sa.case((a.c.end_date.is_(None), 0), else_=1),
                    a.c.end_date.desc(),
                    a.c.bin,
                    a.c.nkz,
                ),
            )
            .label("n"),
        )
        .select_from(held.join(a, a.c.person_id == h.person_id))
        .where(
            h.valid_until <= _shift(day, days),
            sa.or_(a.c.end_date.is_(None), a.c.end_date > h.valid_until),
            sa.not_(renewed),
            seen_clause(p, h.region, region),
        )
        .subquery("ranked")
    )
    r = ranked.c
    where = r.n == 1
    total = conn.execute(sa.select(sa.func.count()).select_from(ranked).where(where)).scalar_one()
    query = (
        sa.select(ranked, employers.c.name)
        .join(employers, employers.c.bin == r.bin)
        .where(where)
        .order_by(r.valid_until, r.permit_id, r.source)
        .limit(max(1, min(limit, MAX_LIMIT)))
        .offset(max(0, offset))
    )
    rows = [
        ExpiringPermit(**(dict(m) | {"days_left": (m["valid_until"] - day).days}))
        for m in conn.execute(query).mappings()
    ]
    return rows, int(total)


def foreign_workers(
    conn: sa.Connection,
    p: Principal,
    day: dt.date,
    region: str | None = None,
    days: int = DAYS,
    under_pct: int = UNDER_PCT,
    limit: int = 100,
    offset: int = 0,
) -> ForeignWorkers:
    """The three parts at day as p may see them (Forbidden for roles other than the ministry, inspectors and
    akimats; the expiring permits paged by limit and offset)."""
    require_foreign_workers(p)
    check_parameters(days, under_pct)
    if region is not None:
        require_region(p, region)
    cells, small = wage_cells(conn, p, day, region)
    expiring, total = expiring_permits(conn, p, day, region, days, limit, offset)
    return ForeignWorkers(
        as_of=day,
        region=region,
        days=days,
        under_pct=under_pct,
        wages=cells,
        suppressed_cells=small,
        underpaid=underpaid_employers(conn, p, day, region, under_pct),
        arrears=arrears_employers(conn, p, day, region),
        expiring=expiring,
        expiring_total=total,
    )
