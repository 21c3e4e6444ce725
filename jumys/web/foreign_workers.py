"""The page of foreign workers' conditions for inspectors: wages against citizens, arrears and incidents,
permits about to expire while the worker is still employed.

The ministry and inspectors see every region, an akimat its own (jumys.reports.foreign_workers decides it in
SQL); anyone else is refused. Persons are shown by the first characters of their pseudonym only.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from jumys.reference.regions import regions
from jumys.reports import as_of_dates
from jumys.reports.foreign_workers import (
    DAYS,
    MAX_DAYS,
    UNDER_PCT,
    foreign_workers,
    foreign_workers_as_of,
    require_foreign_workers,
)
from jumys.web.page import PageRoute, Visitor
from jumys.web.render import lang_of, region_name, render
from jumys.web.routes import MAX_PAGE, PAGE_SIZE, reading
from jumys.web.views import Pages, region_sort_key
from jumys.web.warnings import query_day

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/foreign-workers")
def foreign_workers_page(
    request: Request,
    principal: Visitor,
    as_of: str | None = None,
    region: str | None = None,
    days: Annotated[int, Query(ge=1, le=MAX_DAYS)] = DAYS,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> Response:
    """The three parts at a date; the expiring permits paged."""
    require_foreign_workers(principal)
    lang = lang_of(request)
    region = region or None
    with reading(request) as conn:
        day = foreign_workers_as_of(conn, query_day(as_of))
        dates = sorted({*as_of_dates(conn), *([day] if day else [])})
        report = (
            None
            if day is None
            else foreign_workers(
                conn, principal, day, region, days, UNDER_PCT, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
            )
        )
    options = [
        (r.kato2, region_name(lang, r.kato2))
        for r in regions()
        if principal.sees_all_regions or principal.region == r.kato2
    ]
    query = {"as_of": day.isoformat() if day else None, "region": region, "days": str(days)}
    return render(
        request,
        "foreign_workers.html",
        principal,
        active="foreign_workers",
        as_of=day,
        dates=dates,
        region=region or "",
        region_options=sorted(options, key=lambda o: region_sort_key(o[1], lang)),
        days=days,
        report=report,
        total=report.expiring_total if report else 0,
        pages=Pages("/foreign-workers", query, page, PAGE_SIZE, report.expiring_total if report else 0),
    )
