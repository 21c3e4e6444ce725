"""Read models of enterprise risk: the scores at a date, one employer's, and counts by region and class.

Who sees what: the ministry and inspectors every employer; an akimat those of its region; an investor
its own BINs; the public only the counts by region and class, a count under SUPPRESS_BELOW
enterprises left out (as the scorecards leave out small numbers). An akimat sees the counts of
other regions as the public does.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa

from jumys.access.principal import SUPPRESS_BELOW, Principal
from jumys.errors import Forbidden, NotFound
from jumys.reports import messages as RM
from jumys.reports.scope import region_clause, require_detail
from jumys.safety import messages as M
from jumys.safety.schemas import RiskFactor, RiskScore
from jumys.safety.tables import risk_runs, risk_scores

CLASSES = ("high", "medium", "low")
MAX_LIMIT = 1000
s = risk_scores.c


def risk_dates(conn: sa.Connection) -> list[dt.date]:
    """The dates at which risk was scored, newest first."""
    return list(conn.execute(sa.select(risk_runs.c.as_of).order_by(risk_runs.c.as_of.desc())).scalars())


def resolve_risk_date(conn: sa.Connection, as_of: dt.date | None) -> dt.date:
    """The date asked for, which must have been scored, or the newest; NotFound otherwise."""
    if as_of is None:
        newest = conn.execute(sa.select(sa.func.max(risk_runs.c.as_of))).scalar()
        if newest is None:
            raise NotFound(M.RISK_NEVER_SCORED)
        return newest  # type: ignore[no-any-return]
    done = conn.execute(sa.select(risk_runs.c.as_of).where(risk_runs.c.as_of == as_of)).scalar()
    if done is None:
        raise NotFound(M.RISK_NOT_SCORED, as_of=as_of)
    return as_of


def risk_clause(p: Principal) -> sa.ColumnElement[bool]:
    """Scores p may see employer by employer: all, an akimat's region, an investor's BINs."""
    if p.sees_all_regions:
        return sa.true()
    if p.role == "akimat" and p.region:
        return s.region == p.region
    if p.role == "investor" and p.bins:
        return s.bin.in_(sorted(p.bins))
    return sa.false()


def _score(r: Any) -> RiskScore:
    return RiskScore(
        as_of=r["as_of"],
        bin=r["bin"],
        region=r["region"],
        section=r["section"],
        score=r["score"],
        risk_class=r["class"],
        rank=r["rank"],
        headcount=r["headcount"],
        vision_zero=bool(r["vision_zero"]),
        open_arrears_kzt=r["open_arrears_kzt"],
        factors=[RiskFactor(**f) for f in json.loads(r["factors"])],
    )


def list_risk(
    conn: sa.Connection,
    p: Principal,
    as_of: dt.date,
    region: str | None = None,
    risk_class: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[RiskScore], int]:
    """The scores at as_of that p may see, highest risk first, and how many there are in all."""
    require_detail(p)
    if region is not None and p.role == "akimat" and region != p.region:
        raise Forbidden(RM.REGION_FORBIDDEN, own=p.region, other=region)
    where = [s.as_of == as_of, risk_clause(p)]
    if region is not None:
        where.append(s.region == region)
    if risk_class is not None:
        where.append(s["class"] == risk_class)
    total = conn.execute(sa.select(sa.func.count()).select_from(risk_scores).where(*where)).scalar_one()
    rows = conn.execute(
        sa.select(risk_scores)
        .where(*where)
        .order_by(s.rank)
        .limit(max(1, min(limit, MAX_LIMIT)))
        .offset(max(0, offset))
    ).mappings()
    return [_score(r) for r in rows], int(total)


def risk_of(conn: sa.Connection, p: Principal, bin: str, as_of: dt.date) -> RiskScore:
    """One employer's score at as_of with its factors; NotFound when none, or not one p may see."""
    require_detail(p)
    r = (
        conn.execute(sa.select(risk_scores).where(s.as_of == as_of, s.bin == bin, risk_clause(p)))
        .mappings()
        .first()
    )
    if r is None:
        raise NotFound(M.NO_RISK_SCORE, bin=bin, as_of=as_of)
    return _score(r)


def risk_counts(conn: sa.Connection, p: Principal, as_of: dt.date) -> list[dict[str, Any]]:
    """Enterprises by region and class at as_of; for whoever may not see a region's employers, counts under
    SUPPRESS_BELOW are null (suppressed: true)."""
    n = sa.func.count()
    shown = sa.or_(region_clause(p, s.region), n >= SUPPRESS_BELOW)
    rows = conn.execute(
        sa.select(
            s.region,
            s["class"].label("risk_class"),
            sa.case((shown, n), else_=sa.null()).label("employers"),
            sa.case((shown, sa.false()), else_=sa.true()).label("suppressed"),
        )
        .where(s.as_of == as_of)
        .group_by(s.region, s["class"])
        .order_by(s.region, s["class"])
    ).mappings()
    return [dict(r) | {"suppressed": bool(r["suppressed"])} for r in rows]
