"""The dashboard of resettlement and kandas cases: retention, employment and wages at 12 and 24 months by
program, year moved, origin and destination; the per-case list for the ministry and akimats.

Everyone sees the aggregates (the ministry and inspectors in full, an akimat its region's cases, anyone else
with numbers of fewer than 5 cases left out: jumys.reports.resettlement decides it in SQL); the cases are
shown to the ministry and akimats only, persons by the first characters of their pseudonym.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from jumys.reference.regions import regions
from jumys.reports import as_of_dates
from jumys.reports.resettlement import list_cases, resettlement_as_of, summary
from jumys.reports.scope import region_view
from jumys.web.page import PageRoute, Visitor
from jumys.web.render import lang_of, region_name, render
from jumys.web.routes import MAX_PAGE, PAGE_SIZE, reading
from jumys.web.views import Pages, region_sort_key
from jumys.web.warnings import query_day

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/resettlement")
def resettlement_page(
    request: Request,
    principal: Visitor,
    as_of: str | None = None,
    region: str | None = None,
    program: Literal["resettler", "kandas", ""] = "",
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> Response:
    """The aggregates at a date; the cases paged for those who may see them."""
    lang = lang_of(request)
    region = region or None
    sees_cases = principal.role == "ministry" or (principal.role == "akimat" and bool(principal.region))
    with reading(request) as conn:
        day = resettlement_as_of(conn, query_day(as_of))
        dates = sorted({*as_of_dates(conn), *([day] if day else [])})
        report = None if day is None else summary(conn, principal, day, region, program or None)
        cases = (
            list_cases(
                conn,
                principal,
                day,
                region,
                program or None,
                limit=PAGE_SIZE,
                offset=(page - 1) * PAGE_SIZE,
            )
            if day is not None and sees_cases
            else None
        )
    options = [
        (r.kato2, region_name(lang, r.kato2)) for r in regions() if region_view(principal, r.kato2) != "none"
    ]
    query = {"as_of": day.isoformat() if day else None, "region": region, "program": program}
    dimensions = ("program", "year", "origin", "destination")
    groups = {d: [g for g in report.groups if g.dimension == d] for d in dimensions} if report else {}
    return render(
        request,
        "resettlement.html",
        principal,
        active="resettlement",
        as_of=day,
        dates=dates,
        region=region or "",
        region_options=sorted(options, key=lambda o: region_sort_key(o[1], lang)),
        program=program,
        report=report,
        whole=report.groups[0] if report and report.groups else None,
        groups=groups,
        cases=cases,
        filters=principal.sees_all_regions or principal.role == "akimat",
        pages=Pages("/resettlement", query, page, PAGE_SIZE, cases.total if cases else 0),
    )
