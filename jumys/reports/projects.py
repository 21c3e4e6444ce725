"""Project read models: the list with filters, a project's detail with its evidence, alerts (typed rows)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.errors import InvalidInput, NotFound
from jumys.projects.schemas import STATUSES
from jumys.projects.tables import alerts, project_freshness, project_jobs, project_verification
from jumys.reference.nkz import nkz_major_groups
from jumys.reference.oked import oked_codes, oked_name, oked_section, oked_sections
from jumys.registry.tables import employers, project_operators
from jumys.reports import messages as M
from jumys.reports.schemas import (
    Alert,
    EvidenceMonth,
    MajorGroup,
    Party,
    ProjectDetail,
    ProjectRow,
    ProjectTrendPoint,
    Quality,
    Verification,
)
from jumys.reports.scope import (
    like_pattern,
    plain_text,
    project_clause,
    projects,
    region_or_raise,
    require_detail,
)

pv = project_verification.c
MAX_LIMIT = 500


@lru_cache(maxsize=32)
def _divisions(section: str) -> tuple[str, ...]:
    """The 2-digit OKED divisions of a section (a section is a range of divisions)."""
    return tuple(sorted({code[:2] for code in oked_codes() if oked_section(code) == section}))


def sector_of(oked: str) -> str | None:
    """The OKED section letter of a code, or None for a code the classifier does not know."""
    try:
        return oked_section(oked)
    except ValueError:
        return None


def _fulfilment(verified: int | None, promised: int | None) -> float | None:
    return verified / promised if verified is not None and promised else None


def list_projects(
    conn: sa.Connection,
    p: Principal,
    as_of: dt.date | None,
    region: str | None = None,
    status: str | None = None,
    sector: str | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[ProjectRow], int]:
    """The projects p may see with their verification at as_of, filtered, by project_id; and the count."""
    require_detail(p)
    if region is not None:
        region_or_raise(region)
    if status is not None and status not in STATUSES:
        raise InvalidInput(M.STATUS_UNKNOWN, values=", ".join(STATUSES))
    if sector is not None and sector not in dict(oked_sections()):
        raise InvalidInput(M.SECTOR_UNKNOWN)
    limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
    joined = projects.outerjoin(
        project_verification, sa.and_(pv.project_id == projects.c.project_id, pv.as_of == as_of)
    )
    where = [project_clause(p)]
    if region is not None:
        where.append(sa.func.substr(projects.c.kato, 1, 2) == region)
    if status is not None:
        where.append(pv.status == status)
    if sector is not None:
        where.append(sa.func.substr(projects.c.oked, 1, 2).in_(_divisions(sector)))
    if q:
        plain_text(q, M.SEARCH_TEXT())
        where.append(
            sa.or_(
                projects.c.name.ilike(like_pattern(q), escape="\\"),
                projects.c.project_id.ilike(like_pattern(q), escape="\\"),
            )
        )
    total = conn.execute(sa.select(sa.func.count()).select_from(joined).where(*where)).scalar_one()
    rows = (
        conn.execute(
            sa.select(
                projects.c.project_id,
                projects.c.name,
                projects.c.kato,
                projects.c.oked,
                projects.c.investor_bin,
                projects.c.investment_kzt,
                projects.c.start_date,
                projects.c.deadline,
                projects.c.promised_permanent_jobs,
                pv.status,
                pv.expected_jobs,
                pv.verified_permanent_jobs,
                pv.credited,
                pv.provisional,
                pv.unconfirmed,
            )
            .select_from(joined)
            .where(*where)
            .order_by(projects.c.project_id)
            .limit(limit)
            .offset(offset)
        )
        .mappings()
        .all()
    )
    items = [
        ProjectRow(
            **r,
            region=r["kato"][:2],
            sector=sector_of(r["oked"]),
            fulfilment=_fulfilment(r["verified_permanent_jobs"], r["promised_permanent_jobs"]),
        )
        for r in rows
    ]
    return items, int(total)


def _project_or_raise(conn: sa.Connection, p: Principal, project_id: str) -> dict[str, Any]:
    require_detail(p)
    plain_text(project_id, M.PROJECT_ID())
    row = (
        conn.execute(sa.select(projects).where(projects.c.project_id == project_id, project_clause(p)))
        .mappings()
        .first()
    )
    if row is None:
        # the same answer whether the project is missing or not p's: its existence is not p's to know
        raise NotFound(M.NO_PROJECT, id=project_id)
    return dict(row)


def _parties(conn: sa.Connection, project_id: str, investor_bin: str) -> tuple[Party, list[Party]]:
    """The investor and the operators of a project, with their names, in one query."""
    o, e = project_operators.c, employers.c
    operators = (
        sa.select(o.bin, e.name, sa.literal("operator").label("part"))
        .select_from(project_operators.outerjoin(employers, e.bin == o.bin))
        .where(o.project_id == project_id)
    )
    investor = sa.select(e.bin, e.name, sa.literal("investor").label("part")).where(e.bin == investor_bin)
    rows = conn.execute(sa.union_all(operators, investor)).mappings().all()
    names = {r["bin"]: r["name"] for r in rows if r["part"] == "investor"}
    parties = sorted(
        (Party(bin=r["bin"], name=r["name"]) for r in rows if r["part"] == "operator"), key=lambda x: x.bin
    )
    return Party(bin=investor_bin, name=names.get(investor_bin)), parties


def _evidence(
    conn: sa.Connection, project_id: str, as_of: dt.date | None
) -> tuple[list[EvidenceMonth], dict[str, int]]:
    """Contracts by start month and class, and credited persons by NKZ major group: one scan of the evidence."""
    j = project_jobs.c
    rows = (
        sa.select(
            sa.func.substr(sa.cast(j.start_date, sa.String), 1, 7).label("month"),
            j.nkz_major,
            j.job_kind,
            j.status,
            j.person_id,
        )
        .where(j.as_of == as_of, j.project_id == project_id)
        .subquery()
    )
    permanent = rows.c.job_kind == "permanent"

    def contracts(cond: sa.ColumnElement[bool]) -> sa.ColumnElement[Any]:
        return sa.func.count().filter(cond)

    counted = (
        conn.execute(
            sa.select(
                rows.c.month,
                rows.c.nkz_major,
                contracts(sa.and_(permanent, rows.c.status == "credited")).label("credited"),
                contracts(sa.and_(permanent, rows.c.status == "provisional")).label("provisional"),
                contracts(sa.and_(permanent, rows.c.status == "unconfirmed")).label("unconfirmed"),
                contracts(rows.c.job_kind == "temporary").label("temporary"),
                sa.func.count(sa.distinct(rows.c.person_id))
                .filter(sa.and_(permanent, rows.c.status == "credited"))
                .label("persons"),
            ).group_by(sa.func.grouping_sets(sa.tuple_(rows.c.month), sa.tuple_(rows.c.nkz_major)))
        )
        .mappings()
        .all()
    )
    months = sorted(
        (
            EvidenceMonth(
                month=r["month"],
                **{k: int(r[k]) for k in ("credited", "provisional", "unconfirmed", "temporary")},
            )
            for r in counted
            if r["month"] is not None
        ),
        key=lambda m: m.month,
    )
    by_group = {r["nkz_major"]: int(r["persons"]) for r in counted if r["nkz_major"] is not None}
    return months, by_group


def project_detail(
    conn: sa.Connection, p: Principal, project_id: str, as_of: dt.date | None
) -> ProjectDetail:
    """A project p may see: parties, verification, quality, evidence by month (counts, never a person), trend."""
    project = _project_or_raise(conn, p, project_id)
    investor, operators = _parties(conn, project_id, project["investor_bin"])
    history = (
        conn.execute(sa.select(project_verification).where(pv.project_id == project_id).order_by(pv.as_of))
        .mappings()
        .all()
    )
    verification = next((dict(v) for v in history if v["as_of"] == as_of), None)
    trend = [
        ProjectTrendPoint(
            as_of=v["as_of"],
            status=v["status"],
            promised=v["promised_permanent_jobs"],
            expected=v["expected_jobs"],
            verified=v["verified_permanent_jobs"],
        )
        for v in history
    ]
    evidence, by_group = _evidence(conn, project_id, as_of)
    region = region_or_raise(project["kato"][:2])
    fresh = _freshness(conn, as_of, project_id)
    return ProjectDetail(
        project_id=project["project_id"],
        name=project["name"],
        kato=project["kato"],
        region=region.kato2,
        region_name_ru=region.name_ru,
        region_name_kk=region.name_kk,
        region_name_en=region.name_en,
        oked=project["oked"],
        oked_name=oked_name(project["oked"]),
        sector=sector_of(project["oked"]),
        investment_kzt=project["investment_kzt"],
        start_date=project["start_date"],
        deadline=project["deadline"],
        promised_permanent_jobs=project["promised_permanent_jobs"],
        promised_temporary_jobs=project["promised_temporary_jobs"],
        investor=investor,
        operators=operators,
        as_of=as_of,
        verification=_verification(verification),
        quality=_quality(verification, by_group),
        evidence_by_month=evidence,
        trend=trend,
        data_batch_no=fresh[0],
        verified_at=fresh[1],
    )


def _freshness(
    conn: sa.Connection, as_of: dt.date | None, project_id: str | None
) -> tuple[int | None, dt.datetime | None]:
    """The newest batch the verification at as_of includes (of one project, or of any) and when it ran."""
    f = project_freshness.c
    q = sa.select(sa.func.max(f.data_batch_no), sa.func.max(f.verified_at)).where(f.as_of == as_of)
    if project_id is not None:
        q = q.where(f.project_id == project_id)
    no, at = conn.execute(q).one()
    if at is not None and at.tzinfo is None:  # DuckDB hands back UTC without its zone
        at = at.replace(tzinfo=dt.UTC)
    return no, at


def facts_version(conn: sa.Connection, as_of: dt.date | None, project_id: str | None = None) -> str:
    """A token that changes whenever the facts at as_of (of one project) are written again: what a page that
    follows them compares with the one it was drawn with."""
    no, at = _freshness(conn, as_of, project_id)
    return f"{no or 0}.{at.isoformat() if at else ''}"


def _verification(v: dict[str, Any] | None) -> Verification | None:
    if v is None:
        return None
    fulfilment = _fulfilment(v["verified_permanent_jobs"], v["promised_permanent_jobs"])
    stored = {f.name: v[f.name] for f in dataclasses.fields(Verification) if f.name != "fulfilment"}
    return Verification(**stored, fulfilment=fulfilment)


def _quality(v: dict[str, Any] | None, by_group: dict[str, int]) -> Quality | None:
    if v is None:
        return None
    groups = [
        MajorGroup(
            code=g.code,
            name_ru=g.name_ru,
            name_kk=g.name_kk,
            name_en=g.name_en,
            credited=int(by_group.get(g.code, 0)),
        )
        for g in nkz_major_groups()
    ]
    return Quality(
        mean_salary_kzt=v["mean_salary_kzt"],
        region_avg_wage_kzt=v["region_avg_wage_kzt"],
        salary_ratio=v["salary_ratio"],
        harmful_share=v["harmful_share"],
        nkz_major_groups=groups,
    )


def list_alerts(
    conn: sa.Connection, p: Principal, as_of: dt.date | None, region: str | None = None
) -> list[Alert]:
    """The alerts at as_of of the projects p may see, high severity first: the one read of fact_alerts."""
    require_detail(p)
    if region is not None:
        region_or_raise(region)
    if as_of is None:
        return []
    a = alerts.c
    q = (
        sa.select(alerts)
        .join(projects, projects.c.project_id == a.project_id)
        .where(a.as_of == as_of, project_clause(p))
        .order_by(sa.case((a.severity == "high", 0), else_=1), a.project_id, a.kind)
    )
    if region is not None:
        q = q.where(a.region == region)
    return [Alert(**(dict(r) | {"numbers": json.loads(r["numbers"])})) for r in conn.execute(q).mappings()]
