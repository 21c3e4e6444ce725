"""Employer read models: search by BIN or name, and one employer with its contracts and projects."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.errors import NotFound
from jumys.reference.oked import oked_name
from jumys.reference.regions import get_region
from jumys.registry.tables import TABLES, employers, project_operators
from jumys.reports import messages as M
from jumys.reports.projects import sector_of
from jumys.reports.schemas import EmployerBrief, EmployerDetail, EmployerProject
from jumys.reports.scope import (
    employer_clause,
    like_pattern,
    plain_text,
    project_clause,
    projects,
    require_detail,
)

MAX_LIMIT = 100


def _brief(r: Any) -> dict[str, Any]:
    return {
        "bin": r["bin"],
        "name": r["name"],
        "kato": r["kato"],
        "region": r["kato"][:2],
        "oked": r["oked"],
        "sector": sector_of(r["oked"]),
    }


def search_employers(conn: sa.Connection, p: Principal, q: str, limit: int = 20) -> list[EmployerBrief]:
    """Employers p may see whose BIN starts with q (digits) or whose name contains q, by name."""
    require_detail(p)
    q = plain_text(q, M.SEARCH_TEXT()).strip()
    if not q:
        return []
    e = employers.c
    match = (
        e.bin.like(like_pattern(q, prefix=True), escape="\\")
        if q.isdigit()
        else e.name.ilike(like_pattern(q), escape="\\")
    )
    rows = (
        conn.execute(
            sa.select(e.bin, e.name, e.kato, e.oked)
            .where(match, employer_clause(p))
            .order_by(e.name, e.bin)
            .limit(max(1, min(limit, MAX_LIMIT)))
        )
        .mappings()
        .all()
    )
    return [EmployerBrief(**_brief(r)) for r in rows]


def get_employer(conn: sa.Connection, p: Principal, bin: str, on: dt.date | None = None) -> EmployerDetail:
    """An employer p may see: place, activity, group, contracts in force on a date, the projects p may see."""
    require_detail(p)
    e = employers.c
    row = conn.execute(sa.select(employers).where(e.bin == bin, employer_clause(p))).mappings().first()
    if row is None:
        raise NotFound(M.NO_EMPLOYER, bin=bin)
    on = on or dt.date.today()
    c = TABLES["contracts"].c
    in_force = conn.execute(
        sa.select(sa.func.count())
        .select_from(TABLES["contracts"])
        .where(c.bin == bin, c.start_date <= on, sa.or_(c.end_date.is_(None), c.end_date >= on))
    ).scalar_one()
    subsidiaries = conn.execute(sa.select(sa.func.count()).where(e.parent_bin == bin)).scalar_one()
    operated = sa.exists().where(
        project_operators.c.project_id == projects.c.project_id, project_operators.c.bin == bin
    )
    related = (
        conn.execute(
            sa.select(
                projects.c.project_id,
                projects.c.name,
                projects.c.kato,
                projects.c.investor_bin,
                operated.label("op"),
            )
            .where(sa.or_(projects.c.investor_bin == bin, operated), project_clause(p))
            .order_by(projects.c.project_id)
        )
        .mappings()
        .all()
    )
    region = get_region(row["kato"][:2])
    return EmployerDetail(
        **_brief(row),
        region_name_en=region.name_en if region else None,
        region_name_ru=region.name_ru if region else None,
        region_name_kk=region.name_kk if region else None,
        oked_name=oked_name(row["oked"]),
        parent_bin=row["parent_bin"],
        registered_on=row["registered_on"],
        lat=row["lat"],
        lon=row["lon"],
        subsidiaries=int(subsidiaries),
        contracts_in_force=int(in_force),
        contracts_on=on,
        projects=[
            EmployerProject(
                project_id=r["project_id"],
                name=r["name"],
                region=r["kato"][:2],
                as_investor=r["investor_bin"] == bin,
                as_operator=bool(r["op"]),
            )
            for r in related
        ],
    )
