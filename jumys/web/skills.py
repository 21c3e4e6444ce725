"""The skills and shortages page: training paid by employers, and the occupations employers cannot fill."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from jumys.doors.core import door_of
from jumys.reference.nkz import nkz_major_groups
from jumys.reports.labour_report import FIRST_YEAR, LAST_YEAR
from jumys.reports.skills import skills
from jumys.web.page import PageRoute, Visitor
from jumys.web.render import lang_of, render

router = APIRouter(route_class=PageRoute, include_in_schema=False)
SHOWN = 60  # shortage rows on the page; the API gives them all


def last_full_year() -> int:
    """The newest year that is over: what a report is asked for by default."""
    return dt.date.today().year - 1


@router.get("/skills")
def skills_page(
    request: Request,
    principal: Visitor,
    year: Annotated[int | None, Query(ge=FIRST_YEAR, le=LAST_YEAR)] = None,
) -> Response:
    """Share trained at the employer's expense by region, OKED section and size; shortages, named ones first."""
    chosen = year or last_full_year()
    with door_of(request).engine.connect() as conn:
        data = skills(conn, principal, chosen)
    lang = lang_of(request)
    groups = {g.code: str(getattr(g, f"name_{lang}")) for g in nkz_major_groups()}
    return render(
        request,
        "skills.html",
        principal,
        active="skills",
        year=chosen,
        years=list(range(last_full_year(), last_full_year() - 6, -1)),
        data=data,
        shortages=data.shortages[:SHOWN],
        more=max(0, len(data.shortages) - SHOWN),
        nkz_groups=groups,
    )
