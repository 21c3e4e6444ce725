"""The API's reads: regions, the map, scorecards, projects, alerts and employers, each through jumys.reports.

Every read model takes the principal and filters in its SQL; these routes only resolve the as-of
date, audit reads of person-level data and shape the answer.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Path, Query, Request, Response

from jumys.access.principal import Principal
from jumys.api.deps import ANYONE, READ_ERRORS, Asker, SignedIn, answer
from jumys.api.schemas import (
    BIN,
    KATO2,
    TEXT,
    Alerts,
    AsOfDates,
    EmployerBrief,
    EmployerDetail,
    Me,
    NationalMap,
    ProjectDetail,
    ProjectPage,
    RegionInfo,
    RegionTrend,
    Scorecard,
    Scorecards,
    Sector,
    Status,
)
from jumys.doors import asof
from jumys.reference.regions import regions
from jumys.reports import (
    as_of_dates,
    get_employer,
    list_alerts,
    list_projects,
    national_map,
    project_detail,
    region_overview,
    region_scorecards,
    region_trend,
    search_employers,
)

router = APIRouter()


def resolve_as_of(conn: sa.Connection, value: dt.date | None) -> dt.date | None:
    """The as-of date asked for, or the newest; a date never verified points to GET /as-of-dates."""
    return asof.resolve_as_of(conn, value, listed_at="GET /api/v1/as-of-dates")


AsOf = Annotated[
    dt.date | None,
    Query(description="A verified as-of date (GET /as-of-dates); default: the newest."),
]
Region = Annotated[str, Path(pattern=KATO2, description="The region's 2-digit KATO code.")]


def me_of(p: Principal, expires_at: dt.datetime | None = None) -> dict[str, Any]:
    """The asker as the API shows it."""
    return {
        "username": p.username,
        "role": p.role,
        "region": p.region,
        "bins": sorted(p.bins),
        "via": p.via,
        "expires_at": expires_at,
    }


@router.get("/session", openapi_extra=ANYONE, response_model=Me, responses=READ_ERRORS, tags=["access"])
async def who_am_i(p: Asker) -> dict[str, Any]:
    """Who is asking: the role, what it is limited to and when the session or token ends (the public when not
    signed in)."""
    return me_of(p, p.expires_at)


@router.get(
    "/regions", openapi_extra=ANYONE, response_model=list[RegionInfo], responses=READ_ERRORS, tags=["regions"]
)
async def get_regions(p: Asker) -> list[dict[str, Any]]:
    """The 20 regions with their codes and names."""
    return [
        {
            "kato2": r.kato2,
            "kato": r.kato,
            "iso": r.iso,
            "name_ru": r.name_ru,
            "name_kk": r.name_kk,
            "name_en": r.name_en,
            "kind": r.kind,
        }
        for r in regions()
    ]


@router.get(
    "/as-of-dates", openapi_extra=ANYONE, response_model=AsOfDates, responses=READ_ERRORS, tags=["regions"]
)
async def get_as_of_dates(request: Request, p: Asker) -> Response:
    """The dates at which projects were verified, newest first."""

    def compute(conn: sa.Connection) -> dict[str, Any]:
        dates = as_of_dates(conn)
        return {"latest": dates[0] if dates else None, "dates": dates}

    return await answer(request, p, AsOfDates, compute)


@router.get("/map", openapi_extra=ANYONE, response_model=NationalMap, responses=READ_ERRORS, tags=["regions"])
async def get_map(request: Request, p: Asker, as_of: AsOf = None) -> Response:
    """Every region at the as-of date: projects, promised and verified jobs, fulfilment, statuses."""

    def compute(conn: sa.Connection) -> dict[str, Any]:
        day = resolve_as_of(conn, as_of)
        return {"as_of": day, "regions": national_map(conn, p, day)}

    return await answer(request, p, NationalMap, compute)


@router.get(
    "/scorecards", openapi_extra=ANYONE, response_model=Scorecards, responses=READ_ERRORS, tags=["regions"]
)
async def get_scorecards(request: Request, p: Asker, as_of: AsOf = None) -> Response:
    """The region scorecards at the as-of date that the asker may see, best rank first."""

    def compute(conn: sa.Connection) -> dict[str, Any]:
        day = resolve_as_of(conn, as_of)
        return {"as_of": day, "items": region_scorecards(conn, p, day)}

    return await answer(request, p, Scorecards, compute)


@router.get(
    "/regions/{kato2}",
    openapi_extra=ANYONE,
    response_model=Scorecard,
    responses=READ_ERRORS,
    tags=["regions"],
)
async def get_region(request: Request, p: Asker, kato2: Region, as_of: AsOf = None) -> Response:
    """A region's scorecard at the as-of date: rank, change since the previous date, numbers."""
    return await answer(
        request, p, Scorecard, lambda conn: region_overview(conn, p, kato2, resolve_as_of(conn, as_of))
    )


@router.get(
    "/regions/{kato2}/trend",
    openapi_extra=ANYONE,
    response_model=RegionTrend,
    responses=READ_ERRORS,
    tags=["regions"],
)
async def get_region_trend(request: Request, p: Asker, kato2: Region) -> Response:
    """A region's promised and verified jobs at every verified date, oldest first (an object, as every answer)."""
    return await answer(
        request, p, RegionTrend, lambda conn: {"kato2": kato2, "points": region_trend(conn, p, kato2)}
    )


@router.get("/projects", response_model=ProjectPage, responses=READ_ERRORS, tags=["projects"])
async def get_projects(
    request: Request,
    p: SignedIn,
    as_of: AsOf = None,
    region: Annotated[str | None, Query(pattern=KATO2, description="2-digit KATO region.")] = None,
    status: Annotated[Status | None, Query(description="Verification status at the as-of date.")] = None,
    sector: Annotated[Sector | None, Query(description="OKED section letter.")] = None,
    q: Annotated[
        str | None, Query(max_length=100, pattern=TEXT, description="Part of the name or project id.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    """The projects the asker may see, with their verification at the as-of date."""

    def compute(conn: sa.Connection) -> dict[str, Any]:
        day = resolve_as_of(conn, as_of)
        items, total = list_projects(
            conn, p, day, region=region, status=status, sector=sector, q=q, limit=limit, offset=offset
        )
        return {"as_of": day, "total": total, "limit": limit, "offset": offset, "items": items}

    return await answer(request, p, ProjectPage, compute)


@router.get("/projects/{project_id}", response_model=ProjectDetail, responses=READ_ERRORS, tags=["projects"])
async def get_project(
    request: Request,
    p: SignedIn,
    project_id: Annotated[str, Path(max_length=200, pattern=TEXT)],
    as_of: AsOf = None,
) -> Response:
    """A project with the evidence of its verification: counts by month, never a person (audited)."""
    return await answer(
        request,
        p,
        ProjectDetail,
        lambda conn: project_detail(conn, p, project_id, resolve_as_of(conn, as_of)),
        audit=("read_project", f"project {project_id}", {"as_of": as_of or "newest"}),
    )


@router.get("/alerts", response_model=Alerts, responses=READ_ERRORS, tags=["projects"])
async def get_alerts(
    request: Request,
    p: SignedIn,
    as_of: AsOf = None,
    region: Annotated[str | None, Query(pattern=KATO2, description="2-digit KATO region.")] = None,
) -> Response:
    """The alerts at the as-of date of the projects the asker may see, high severity first."""

    def compute(conn: sa.Connection) -> dict[str, Any]:
        day = resolve_as_of(conn, as_of)
        return {"as_of": day, "items": list_alerts(conn, p, day, region)}

    return await answer(request, p, Alerts, compute)


@router.get("/employers", response_model=list[EmployerBrief], responses=READ_ERRORS, tags=["employers"])
async def find_employers(
    request: Request,
    p: SignedIn,
    q: Annotated[
        str,
        Query(min_length=1, max_length=100, pattern=TEXT, description="Start of a BIN, or part of a name."),
    ],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Response:
    """Employers the asker may see, by BIN or name."""
    return await answer(request, p, list[EmployerBrief], lambda conn: search_employers(conn, p, q, limit))


@router.get("/employers/{bin}", response_model=EmployerDetail, responses=READ_ERRORS, tags=["employers"])
async def get_one_employer(
    request: Request, p: SignedIn, bin: Annotated[str, Path(pattern=BIN, description="12-digit BIN.")]
) -> Response:
    """An employer: place, activity, group, contracts in force, its projects (audited)."""
    return await answer(
        request,
        p,
        EmployerDetail,
        lambda conn: get_employer(conn, p, bin),
        audit=("read_employer", f"employer {bin}", None),
    )
