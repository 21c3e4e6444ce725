"""The skills and shortages page: training paid by employers, and the occupation groups employers cannot fill.

The shortages are a long list (about 1,000 rows of group and region at scale 1): the page shows them a page
at a time, the named occupations first; a region's alone, or the named occupations or the other groups alone,
when chosen. The API gives them all.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from jumys.doors.core import door_of
from jumys.reference.nkz import nkz_group_name
from jumys.reference.regions import get_region, regions
from jumys.reports.labour_report import FIRST_YEAR, LAST_YEAR
from jumys.reports.skills import skills
from jumys.web.page import PageRoute, Visitor
from jumys.web.render import lang_of, region_name, render
from jumys.web.routes import MAX_PAGE
from jumys.web.views import Pages, last_full_year, region_sort_key

router = APIRouter(route_class=PageRoute, include_in_schema=False)
PAGE_SIZE = 30  # shortage rows a page


@router.get("/skills")
def skills_page(
    request: Request,
    principal: Visitor,
    year: Annotated[int | None, Query(ge=FIRST_YEAR, le=LAST_YEAR)] = None,
    region: Annotated[str | None, Query(max_length=2)] = None,
    kind: Annotated[Literal["named", "other"] | None, Query()] = None,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> Response:
    """Share trained at the employer's expense by region, OKED section and size; shortages, named ones first."""
    chosen = year or last_full_year()
    with door_of(request).engine.connect() as conn:
        data = skills(conn, principal, chosen)
    lang = lang_of(request)
    region = region if region and get_region(region) is not None and data.region is None else None
    listed = [
        s
        for s in data.shortages
        if (region is None or s.region == region)
        and (kind is None or (s.priority is not None) == (kind == "named"))
    ]
    shown = listed[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    options = sorted(
        ((r.kato2, region_name(lang, r.kato2)) for r in regions()), key=lambda o: region_sort_key(o[1], lang)
    )
    return render(
        request,
        "skills.html",
        principal,
        active="skills",
        year=chosen,
        years=list(range(last_full_year(), last_full_year() - 6, -1)),
        data=data,
        region=region or "",
        one_region=bool(region or data.region),  # the region column says nothing then
        region_options=options if data.region is None else [],
        shortages=shown,
        total=len(listed),
        kind=kind or "",
        pages=Pages(
            "/skills", {"year": str(chosen), "region": region, "kind": kind}, page, PAGE_SIZE, len(listed)
        ),
        group_names={s.nkz: nkz_group_name(s.nkz, lang) or "" for s in shown},
    )
