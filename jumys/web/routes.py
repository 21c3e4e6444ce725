"""The dashboard's reading pages: the national map, regions, projects and alerts.

Every page is a thin face onto the read models of jumys.reports: they take the principal and filter
in SQL, so a page never sees a row its user may not. Who is asking and the as-of date come from the
door core (jumys.doors), as they do for the API; errors become pages (jumys.web.page).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any
from urllib.parse import urlencode

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from jumys.access.principal import Principal
from jumys.doors.asof import resolve_as_of
from jumys.doors.core import door_of
from jumys.errors import InvalidInput
from jumys.reference.regions import region_shapes
from jumys.reports import (
    as_of_dates,
    list_alerts,
    list_projects,
    national_map,
    national_totals,
    project_detail,
    region_overview,
    region_trend,
)
from jumys.web import messages as M
from jumys.web import views
from jumys.web.i18n import translator
from jumys.web.live import live_context
from jumys.web.page import PageRoute, Visitor
from jumys.web.render import lang_of, region_name, render

PAGE_SIZE = 25
MAX_PAGE = (
    1_000_000 // PAGE_SIZE + 1
)  # the API's largest offset: a larger page is a 422 page, not an overflow
Page = Annotated[int, Query(le=MAX_PAGE)]
router = APIRouter(route_class=PageRoute, include_in_schema=False)


@contextmanager
def reading(request: Request) -> Iterator[sa.Connection]:
    """A connection to the store, for one page's reads."""
    with door_of(request).engine.connect() as conn:
        yield conn


def parse_day(value: str | None) -> dt.date | None:
    """A date YYYY-MM-DD of a page's query (None when not given); InvalidInput for anything else."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(M.AS_OF_NOT_A_DATE, value=value) from None


def _as_of(conn: sa.Connection, value: str | None) -> tuple[dt.date | None, list[dt.date]]:
    """The as-of date asked for (newest when none) and every stored date, oldest first."""
    return resolve_as_of(conn, parse_day(value)), sorted(as_of_dates(conn))


# --- the map ------------------------------------------------------------------------------------


@router.get("/")
def national(request: Request, principal: Visitor, as_of: str | None = None) -> Response:
    """The national map: the 20 regions coloured by verified ÷ promised jobs, and their table."""
    t = translator(lang_of(request))
    with reading(request) as conn:
        day, dates = _as_of(conn, as_of)
        found = national_map(conn, principal, day) if day else []
    dumped = [r.model_dump() for r in found]
    rows = views.map_rows(dumped, t)
    return render(
        request,
        "map.html",
        principal,
        active="map",
        as_of=day,
        dates=dates,
        rows=rows,
        totals=national_totals(dumped),
        legend=views.legend(t),
        map_data=views.map_data(rows, t, day, lang_of(request)),
    )


@router.get("/map/shapes.json")
def shapes(request: Request) -> Response:
    """The regions' borders as GeoJSON (kato2 in each feature), cached by the browser for a day."""
    data = region_shapes()
    for f in data["features"]:
        f["properties"] = {"kato2": f["properties"]["kato2"]}
    return JSONResponse(data, headers={"Cache-Control": "public, max-age=86400"})


# --- a region -----------------------------------------------------------------------------------


def _project_filters(status: str | None, sector: str | None, q: str | None) -> dict[str, str | None]:
    sector = (sector or "").upper() or None
    return {"status": status or None, "sector": sector, "q": (q or "").strip() or None}


def _project_list(
    conn: sa.Connection,
    principal: Principal,
    kato2: str,
    day: dt.date | None,
    filters: dict[str, str | None],
    page: int,
) -> dict[str, Any]:
    """The context of the project list: rows, total, pages; a message instead for the public."""
    if principal.role == "public":
        return {"projects": [], "total": 0, "pages": None, "projects_hidden": True}
    page = max(1, page)
    rows, total = list_projects(
        conn, principal, day, region=kato2, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, **filters
    )
    base = {"as_of": day.isoformat() if day else None, **filters}
    query = {k: v for k, v in base.items() if v}
    return {
        "projects": rows,
        "total": total,
        "projects_hidden": False,
        "pages": views.Pages(f"/regions/{kato2}/projects", query, page, PAGE_SIZE, total),
    }


@router.get("/regions/{kato2}")
def region(
    request: Request,
    principal: Visitor,
    kato2: str,
    as_of: str | None = None,
    status: str | None = None,
    sector: str | None = None,
    q: str | None = None,
    page: Page = 1,
) -> Response:
    """A region: its scorecard, trend and projects (with filters)."""
    t = translator(lang_of(request))
    lang = lang_of(request)
    with reading(request) as conn:
        day, dates = _as_of(conn, as_of)
        overview = region_overview(conn, principal, kato2, day).model_dump()
        trend = [point.model_dump() for point in region_trend(conn, principal, kato2)]
        filters = _project_filters(status, sector, q)
        listing = _project_list(conn, principal, kato2, day, filters, page)
        alerts_count = (
            len(list_alerts(conn, principal, day, region=kato2)) if principal.role != "public" and day else 0
        )
        following = live_context(conn, day)
    return render(
        request,
        "region.html",
        principal,
        active="map",
        kato2=kato2,
        as_of=day,
        dates=dates,
        name=region_name(lang, kato2, overview),
        overview=overview,
        trend_chart=views.region_trend_chart(trend, t),
        filters=filters,
        sectors=views.sectors(t),
        alerts_count=alerts_count,
        report_year=views.last_full_year(),
        **listing,
        **following,
    )


@router.get("/regions/{kato2}/projects")
def region_projects(
    request: Request,
    principal: Visitor,
    kato2: str,
    as_of: str | None = None,
    status: str | None = None,
    sector: str | None = None,
    q: str | None = None,
    page: Page = 1,
) -> Response:
    """The project list of a region alone: what htmx swaps in when a filter or the page changes."""
    with reading(request) as conn:
        day, _dates = _as_of(conn, as_of)
        filters = _project_filters(status, sector, q)
        listing = _project_list(conn, principal, kato2, day, filters, page)
    if request.headers.get("HX-Request") != "true":
        query = urlencode({k: v for k, v in {"as_of": as_of, **filters, "page": str(page)}.items() if v})
        return RedirectResponse(f"/regions/{kato2}?{query}#projects-title", status_code=303)
    return render(request, "_projects.html", principal, as_of=day, **listing)


# --- a project ----------------------------------------------------------------------------------


@router.get("/projects/{project_id}")
def project(request: Request, principal: Visitor, project_id: str, as_of: str | None = None) -> Response:
    """A project: promise against verified jobs over time, the quality indicators and the evidence."""
    t = translator(lang_of(request))
    lang = lang_of(request)
    with reading(request) as conn:
        day, dates = _as_of(conn, as_of)
        detail = project_detail(conn, principal, project_id, day)
        following = live_context(conn, day, project_id)
        alerts = (
            [a for a in list_alerts(conn, principal, day, region=detail.region) if a.project_id == project_id]
            if day
            else []
        )
    shown = detail.model_dump()  # the page's flat mappings are made from the typed row
    return render(
        request,
        "project.html",
        principal,
        active="map",
        as_of=day,
        dates=dates,
        p=views.project_view(shown, t, lang),
        occupations=views.occupations(shown, lang),
        trend_chart=views.project_trend_chart(shown, t),
        evidence_chart=views.evidence_chart(shown, t),
        alerts=views.alert_rows([a.model_dump() for a in alerts], lang),
        **following,
    )


# --- alerts -------------------------------------------------------------------------------------


@router.get("/alerts")
def alerts_page(
    request: Request, principal: Visitor, as_of: str | None = None, region: str | None = None
) -> Response:
    """The alerts at a date, high severity first; filtered by region."""
    lang = lang_of(request)
    with reading(request) as conn:
        day, dates = _as_of(conn, as_of)
        rows = list_alerts(conn, principal, day, region=region or None)
        following = live_context(conn, day)
    return render(
        request,
        "alerts.html",
        principal,
        active="alerts",
        as_of=day,
        dates=dates,
        region=region or "",
        region_options=views.region_options(principal, lang),
        alerts=views.alert_rows([a.model_dump() for a in rows], lang),
        **following,
    )
