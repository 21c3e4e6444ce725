"""Read models of foreign labour: the quota ledger of a year and the decided applications.

Who sees what: the ministry and inspectors every region; an akimat the lines and foreign workers of its
region; the public, investors and employers the ledger lines (quota units are no persons) and foreign
workers as counts, a count under SUPPRESS_BELOW persons left out. An employer sees the decisions on the
applications of its own BINs; the ministry and inspectors all; an akimat those of its region.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa

from jumys.access.principal import SUPPRESS_BELOW, Principal
from jumys.errors import Forbidden, NotFound
from jumys.permits import messages as M
from jumys.permits.checks import permits, quotas, region_of
from jumys.permits.points import stored_points
from jumys.permits.rules import CATEGORIES, QuotaShares
from jumys.permits.schemas import FailedCheck, QuotaLedger, QuotaLine, WorkerCount
from jumys.permits.tables import issued_permits, permit_decisions
from jumys.reference.oked import oked_section
from jumys.reference.regions import region_codes
from jumys.registry.tables import TABLES, employers

region_stats = TABLES["region_stats"]
DIMENSIONS = ("country", "section", "region", "category")


def _seen(p: Principal | None, region: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    """Rows of the regions p may see: all, or an akimat's own (None: the whole country, for a national sum)."""
    if p is not None and p.role == "akimat" and p.region:
        return region == p.region
    return sa.true()


def ledger_lines(
    conn: sa.Connection, p: Principal | None, year: int, until: dt.date | None = None
) -> list[QuotaLine]:
    """Units, issued (permits issued in the year and not revoked, registry and decisions) and left by region
    and category; until: only the permits issued on or before that day. p None: every region."""
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    if until is not None:
        end = min(end, until + dt.timedelta(days=1))
    units = (
        sa.select(
            region_of(quotas.c.kato).label("region"),
            quotas.c.category,
            sa.func.sum(quotas.c.units).label("n"),
        )
        .where(quotas.c.year == year, _seen(p, region_of(quotas.c.kato)))
        .group_by(region_of(quotas.c.kato), quotas.c.category)
    )
    issued: dict[tuple[str, str], int] = {}
    for t, extra in ((permits, [permits.c.revoked_on.is_(None)]), (issued_permits, [])):
        rows = conn.execute(
            sa.select(region_of(t.c.kato), t.c.category, sa.func.count())
            .where(t.c.issued_on >= start, t.c.issued_on < end, _seen(p, region_of(t.c.kato)), *extra)
            .group_by(region_of(t.c.kato), t.c.category)
        ).all()
        for region, category, n in rows:
            issued[(region, category)] = issued.get((region, category), 0) + int(n)
    lines = []
    for r in conn.execute(units.order_by("region", quotas.c.category)).mappings():
        used = issued.pop((r["region"], r["category"]), 0)
        lines.append(
            QuotaLine(
                year=year,
                region=r["region"],
                category=r["category"],
                units=int(r["n"]),
                issued=used,
                left=max(int(r["n"]) - used, 0),
            )
        )
    for (region, category), used in sorted(issued.items()):  # permits where no quota was set
        lines.append(QuotaLine(year=year, region=region, category=category, units=0, issued=used, left=0))
    order = {c: i for i, c in enumerate(CATEGORIES)}
    return sorted(lines, key=lambda q: (q.region, order.get(q.category, len(order))))


def newest_quota_year(conn: sa.Connection, up_to: int) -> int | None:
    """The newest year at or before `up_to` for which quotas are loaded (None: none are)."""
    year = conn.execute(sa.select(sa.func.max(quotas.c.year)).where(quotas.c.year <= up_to)).scalar()
    return None if year is None else int(year)


def labour_force(conn: sa.Connection, year: int) -> int | None:
    """The labour force of the newest year at or before `year` in region_stats (the sum of the regions)."""
    period = sa.func.substr(region_stats.c.period, 1, 4)
    where = [
        region_stats.c.indicator == "labour_force",
        sa.func.length(region_stats.c.period) == 4,
        region_of(region_stats.c.kato).in_(sorted(region_codes())),
    ]
    newest = conn.execute(sa.select(sa.func.max(period)).where(*where, period <= str(year))).scalar()
    if newest is None:
        return None
    total = conn.execute(
        sa.select(sa.func.sum(region_stats.c.value)).where(*where, period == newest)
    ).scalar()
    return None if total is None else round(float(total))


def foreign_workers(conn: sa.Connection, p: Principal, day: dt.date) -> list[WorkerCount]:
    """Holders of a permit active at day by country, OKED section, region and category."""
    registry = sa.select(
        permits.c.citizenship, permits.c.bin, region_of(permits.c.kato).label("region"), permits.c.category
    ).where(
        permits.c.issued_on <= day,
        permits.c.valid_until >= day,
        sa.or_(permits.c.revoked_on.is_(None), permits.c.revoked_on > day),
    )
    decided = sa.select(
        issued_permits.c.citizenship,
        issued_permits.c.bin,
        region_of(issued_permits.c.kato),
        issued_permits.c.category,
    ).where(issued_permits.c.issued_on <= day, issued_permits.c.valid_until >= day)
    held = sa.union_all(registry, decided).subquery()
    rows = conn.execute(
        sa.select(held.c.citizenship, employers.c.oked, held.c.region, held.c.category, sa.func.count())
        .select_from(held.outerjoin(employers, employers.c.bin == held.c.bin))
        .where(_seen(p, held.c.region))
        .group_by(held.c.citizenship, employers.c.oked, held.c.region, held.c.category)
    ).all()
    counts: dict[tuple[str, str], int] = {}
    for citizenship, oked, region, category, n in rows:
        section = "" if oked is None else oked_section(oked)
        for by, key in zip(DIMENSIONS, (citizenship, section, region, category), strict=True):
            counts[(by, key)] = counts.get((by, key), 0) + int(n)
    full = p.sees_all_regions or p.role == "akimat"
    out = []
    for (by, key), n in sorted(counts.items(), key=lambda kv: (DIMENSIONS.index(kv[0][0]), -kv[1], kv[0][1])):
        hidden = not full and n < SUPPRESS_BELOW
        out.append(WorkerCount(by=by, key=key, workers=None if hidden else n, suppressed=hidden))
    return out


def quota_ledger(
    conn: sa.Connection, p: Principal, year: int, day: dt.date, shares: QuotaShares | None = None
) -> QuotaLedger:
    """The quota ledger of a year (docs/permits.md, "The quota ledger") as p may see it."""
    shares = shares or QuotaShares()
    lines = ledger_lines(conn, p, year)
    employers_lines = [q for q in lines if q.category != "household"]
    household = [q for q in lines if q.category == "household"]
    force = labour_force(conn, year)
    share = shares.national(year)
    return QuotaLedger(
        year=year,
        as_of=day,
        lines=lines,
        units=sum(q.units for q in employers_lines),
        issued=sum(q.issued for q in employers_lines),
        left=sum(q.left for q in employers_lines),
        household_units=sum(q.units for q in household),
        household_issued=sum(q.issued for q in household),
        labour_force=force,
        cap_share=share,
        cap_units=None if force is None else int(force * share),
        household_share=shares.household,
        household_cap_units=None if force is None else int(force * shares.household),
        workers=foreign_workers(conn, p, day),
    )


def decision_clause(p: Principal) -> sa.ColumnElement[bool]:
    """Decisions p may see: all, an akimat's region, an employer's own BINs; the public none."""
    if p.sees_all_regions:
        return sa.true()
    if p.role == "akimat" and p.region:
        return permit_decisions.c.region == p.region
    if p.role == "employer" and p.bins:
        return permit_decisions.c.bin.in_(sorted(p.bins))
    return sa.false()


def list_decisions(
    conn: sa.Connection, p: Principal, limit: int = 100, offset: int = 0, application_id: str | None = None
) -> list[dict[str, Any]]:
    """The decided applications p may see, newest first (no IIN: the worker is a pseudonym), each with its
    points (None for a category never scored); only application_id's when given."""
    if p.role in ("public", "investor"):
        raise Forbidden(M.APPLY_FORBIDDEN)
    d = permit_decisions.c
    rows = conn.execute(
        sa.select(
            d.application_id,
            d.decided_at,
            d.bin,
            d.category,
            d.nkz,
            d.kato,
            d.citizenship,
            d.submitted_on,
            d.valid_from,
            d.valid_until,
            d.decision,
            d.permit_id,
            d.failed_checks,
        )
        .where(
            decision_clause(p), sa.true() if application_id is None else d.application_id == application_id
        )
        .order_by(d.decided_at.desc(), d.application_id)
        .limit(max(1, min(limit, 1000)))
        .offset(max(0, offset))
    ).all()
    scored = stored_points(conn, [r.application_id for r in rows])
    return [
        dict(r._mapping)
        | {
            "failed_checks": [FailedCheck.model_validate(f) for f in json.loads(r.failed_checks)],
            "points": scored.get(r.application_id),
        }
        for r in rows
    ]


def get_decision(conn: sa.Connection, p: Principal, application_id: str) -> dict[str, Any]:
    """One decided application p may see, with its points; NotFound when none (or another's)."""
    found = list_decisions(conn, p, 1, 0, application_id)
    if not found:
        raise NotFound(M.NO_DECISION, application_id=application_id[:64])
    return found[0]
