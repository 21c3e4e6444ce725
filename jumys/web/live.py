"""Pages that follow their facts: /live answers whether the facts a page was drawn with were written again.

A project's page, a region's scorecard and the alerts include _live.html: every few seconds htmx asks /live with
the token of the facts the page shows (reports.projects.facts_version); while it is the same the answer is 204
and nothing happens, when the facts were verified again (after events, jumys/doors/live.py) the answer carries
the event live-changed and htmx swaps #content with the page drawn anew: no reload, the place kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from jumys.doors.asof import resolve_as_of
from jumys.doors.core import door_of
from jumys.reports import facts_version
from jumys.web.page import PageRoute, Visitor

router = APIRouter(route_class=PageRoute, include_in_schema=False)
POLL_SECONDS = 2
CHANGED = "live-changed"


@router.get("/live")
def live(
    request: Request,
    _principal: Visitor,
    seen: Annotated[str, Query(max_length=100)] = "",
    as_of: dt.date | None = None,
    project: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """204 while the facts at as_of (of one project) are those of the token seen; else 200 and live-changed."""
    with door_of(request).engine.connect() as conn:
        now = facts_version(conn, resolve_as_of(conn, as_of), project)
    if now == seen:
        return Response(status_code=204)
    return Response(status_code=200, headers={"HX-Trigger": CHANGED, "Cache-Control": "no-store"})


def live_context(conn: sa.Connection, as_of: dt.date | None, project: str | None = None) -> dict[str, Any]:
    """What _live.html needs: the token of the facts shown and the query /live is asked with."""
    version = facts_version(conn, as_of, project)
    query = {"seen": version, "as_of": as_of.isoformat() if as_of else None, "project": project}
    return {
        "live_version": version,
        "live_query": urlencode({k: v for k, v in query.items() if v}),
        "live_seconds": POLL_SECONDS,
    }
