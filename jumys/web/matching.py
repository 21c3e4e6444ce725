"""The page of the matching across regions for officers: a stored run, the flows between regions, each match
explained (occupation, wage against the seeker's region, distance).

The ministry and inspectors see every match, an akimat those leaving or reaching its region (jumys.reports.matching
decides it in SQL); anyone else is refused. Seekers are shown by the first characters of their pseudonym only.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from jumys.reference.nkz import nkz_group_name
from jumys.reference.regions import regions
from jumys.reports.matching import match_dates, matching, require_matching
from jumys.web.page import PageRoute, Visitor
from jumys.web.render import lang_of, region_name, render
from jumys.web.routes import MAX_PAGE, PAGE_SIZE, reading
from jumys.web.views import Pages, region_sort_key
from jumys.web.warnings import query_day

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/resettlement/matches")
def matches_page(
    request: Request,
    principal: Visitor,
    as_of: str | None = None,
    region: str | None = None,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> Response:
    """The run at a date (default: the newest), its flows, its matches paged."""
    require_matching(principal)
    lang = lang_of(request)
    region = region or None
    with reading(request) as conn:
        dates = match_dates(conn)
        found = matching(
            conn, principal, query_day(as_of), region, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
        )
    options = [
        (r.kato2, region_name(lang, r.kato2))
        for r in regions()
        if principal.sees_all_regions or principal.region == r.kato2
    ]
    day = found.run.as_of if found else None
    query = {"as_of": day.isoformat() if day else None, "region": region}
    return render(
        request,
        "resettlement_matches.html",
        principal,
        active="resettlement_matches",
        as_of=day,
        dates=sorted(dates),
        region=region or "",
        region_options=sorted(options, key=lambda o: region_sort_key(o[1], lang)),
        found=found,
        total=found.total if found else 0,
        occupation=lambda code: nkz_group_name(code, lang) or "",
        pages=Pages("/resettlement/matches", query, page, PAGE_SIZE, found.total if found else 0),
    )
