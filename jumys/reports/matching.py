"""The matching across regions as a read model: a stored run, its flows between regions, its matches explained.

Who sees it: the ministry and inspectors every match; an akimat the matches that leave or reach its region,
and the run's totals; employers, investors and the public nothing (a match names a job seeker by
pseudonym and an employer's vacancy). No IIN is ever read (docs/matching.md).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.errors import InvalidInput, NotFound
from jumys.mobility.tables import resettlement_match_runs as runs
from jumys.mobility.tables import resettlement_matches as matches
from jumys.registry.tables import TABLES, employers
from jumys.reports import messages as M
from jumys.reports.schemas import Row
from jumys.reports.scope import require_region, require_watcher

vacancies = TABLES["vacancies"]
MAX_LIMIT = 500


class MatchRun(Row):
    """A matching run: the date, the regions' classes it used, the counts and why the rest were left."""

    as_of: dt.date
    computed_at: dt.datetime
    classes_year: int
    seekers: int
    vacancies: int
    matched: int
    seconds: float
    surplus: list[str]
    deficit: list[str]
    demographic_deficit: list[str]
    seekers_left: dict[str, int]
    vacancies_left: dict[str, int]


class MatchFlow(Row):
    """The matches from one region to another: how many, and the wages and distance behind them."""

    from_region: str
    to_region: str
    matches: int
    kandas: int
    median_salary_kzt: int
    median_wage_ratio: float
    distance_km: int


class Match(Row):
    """One match, explained: the occupation, the wage against the seeker's region, the distance."""

    person_id: uuid.UUID
    kandas: bool
    registered_on: dt.date
    waited_days: int
    from_region: str
    to_region: str
    nkz: str
    vacancy_id: str
    bin: str
    employer: str
    salary_kzt: int
    reference_wage_kzt: int
    wage_ratio: float
    distance_km: int
    value: float


class Matching(Row):
    """A run as the asker may see it: its flows, and its matches paged."""

    run: MatchRun
    region: str | None
    flows: list[MatchFlow]
    matches: list[Match]
    total: int


def require_matching(p: Principal) -> None:
    """The matches are for the ministry, inspectors and akimats; Forbidden for anyone else."""
    require_watcher(p, M.MATCHING_FORBIDDEN)


def match_dates(conn: sa.Connection) -> list[dt.date]:
    """The dates with a stored matching run, newest first."""
    return [r for (r,) in conn.execute(sa.select(runs.c.as_of).order_by(runs.c.as_of.desc()))]


def _run(conn: sa.Connection, day: dt.date | None) -> MatchRun | None:
    query = sa.select(runs).order_by(runs.c.as_of.desc()).limit(1)
    row = conn.execute(query if day is None else query.where(runs.c.as_of == day)).mappings().first()
    if row is None:
        return None
    details = json.loads(row["details"])
    return MatchRun(**dict(row), **{k: details[k] for k in MatchRun.model_fields if k in details})


def _scope(p: Principal, region: str | None) -> sa.ColumnElement[bool]:
    """The matches p may see (an akimat: leaving or reaching its region), narrowed to region when asked."""
    seen: sa.ColumnElement[bool] = sa.true()
    if not p.sees_all_regions:
        seen = sa.or_(matches.c.from_region == p.region, matches.c.to_region == p.region)
    if region is not None:
        seen = sa.and_(seen, sa.or_(matches.c.from_region == region, matches.c.to_region == region))
    return seen


def _flows(conn: sa.Connection, day: dt.date, where: sa.ColumnElement[bool]) -> list[MatchFlow]:
    ratio = sa.cast(matches.c.salary_kzt, sa.Float) / sa.cast(matches.c.reference_wage_kzt, sa.Float)
    q = (
        sa.select(
            matches.c.from_region,
            matches.c.to_region,
            sa.func.count().label("matches"),
            sa.func.sum(sa.case((matches.c.kandas, 1), else_=0)).label("kandas"),
            sa.func.percentile_cont(0.5).within_group(matches.c.salary_kzt).label("median_salary_kzt"),
            sa.func.percentile_cont(0.5).within_group(ratio).label("median_wage_ratio"),
            sa.func.avg(matches.c.distance_km).label("distance_km"),
        )
        .where(matches.c.as_of == day, where)
        .group_by(matches.c.from_region, matches.c.to_region)
        .order_by(sa.desc("matches"), matches.c.from_region, matches.c.to_region)
    )
    return [
        MatchFlow(
            from_region=r.from_region,
            to_region=r.to_region,
            matches=int(r.matches),
            kandas=int(r.kandas),
            median_salary_kzt=round(r.median_salary_kzt),
            median_wage_ratio=round(float(r.median_wage_ratio), 3),
            distance_km=round(r.distance_km),
        )
        for r in conn.execute(q)
    ]


def _matches(
    conn: sa.Connection, day: dt.date, where: sa.ColumnElement[bool], limit: int | None, offset: int
) -> tuple[list[Match], int]:
    total = conn.execute(sa.select(sa.func.count()).where(matches.c.as_of == day, where)).scalar_one()
    q = (
        sa.select(matches, vacancies.c.bin, employers.c.name.label("employer"))
        .join(vacancies, vacancies.c.vacancy_id == matches.c.vacancy_id)
        .join(employers, employers.c.bin == vacancies.c.bin)
        .where(matches.c.as_of == day, where)
        .order_by(matches.c.registered_on, matches.c.person_id)
        .limit(limit)
        .offset(offset)
    )
    rows = [
        Match(
            **dict(r),
            waited_days=(day - r["registered_on"]).days,
            wage_ratio=round(r["salary_kzt"] / r["reference_wage_kzt"], 3)
            if r["reference_wage_kzt"]
            else 1.0,
        )
        for r in conn.execute(q).mappings()
    ]
    return rows, int(total)


def matching(
    conn: sa.Connection,
    p: Principal,
    day: dt.date | None = None,
    region: str | None = None,
    limit: int | None = 100,
    offset: int = 0,
) -> Matching | None:
    """The run of day (default: the newest) as p may see it; None when no run is stored; NotFound for a date
    without one. limit None: every match (the CLI's --json)."""
    require_matching(p)
    if region is not None:
        require_region(p, region)
    if (limit is not None and not 1 <= limit <= MAX_LIMIT) or offset < 0:
        raise InvalidInput(M.MATCHING_PAGE, limit=limit, offset=offset, most=MAX_LIMIT)
    run = _run(conn, day)
    if run is None:
        if day is not None:
            raise NotFound(M.MATCHING_NO_RUN, as_of=day.isoformat())
        return None
    where = _scope(p, region)
    found, total = _matches(conn, run.as_of, where, limit, offset)
    return Matching(run=run, region=region, flows=_flows(conn, run.as_of, where), matches=found, total=total)


def as_plain(m: Matching) -> dict[str, Any]:
    """The JSON form of a run (what `jumys resettle match --json` prints)."""
    return m.model_dump(mode="json")
