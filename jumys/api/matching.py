"""The API of the matching across regions (docs/matching.md, docs/api.md).

Reads: the ministry and inspectors see every match, an akimat those leaving or reaching its region; employers,
investors and the public are refused (a match names a job seeker by pseudonym and an employer's vacancy).
"""

from __future__ import annotations

from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request, Response

from jumys.api.deps import READ_ERRORS, SignedIn, answer
from jumys.api.schemas import KATO2, Out
from jumys.reports.matching import MAX_LIMIT, Matching, matching, require_matching
from jumys.reports.scope import query_date

router = APIRouter(tags=["resettlement"])
DATE = r"^\d{4}-\d{2}-\d{2}$"  # a number is no date (pydantic would read it as seconds since 1970)


class MatchingPage(Out):
    """The run at the date asked (default: the newest; None: no run is stored), its matches paged."""

    limit: int
    offset: int
    matching: Matching | None


@router.get("/resettlement/matches", response_model=MatchingPage, responses=READ_ERRORS)
async def get_matches(
    request: Request,
    p: SignedIn,
    as_of: Annotated[
        str | None,
        Query(
            pattern=DATE,
            json_schema_extra={"format": "date"},
            description="The date of a stored run, YYYY-MM-DD; default: the newest.",
        ),
    ] = None,
    region: Annotated[
        str | None,
        Query(pattern=KATO2, description="Only matches leaving or reaching this 2-digit KATO region."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Matches per page.")] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    """Job seekers of labour-surplus regions matched to vacancies of labour-deficit regions, each explained."""

    def compute(conn: sa.Connection) -> dict[str, Any]:
        require_matching(p)
        found = matching(conn, p, query_date(as_of), region, limit, offset)
        return {"limit": limit, "offset": offset, "matching": found}

    return await answer(
        request, p, MatchingPage, compute, audit=("read_matching", "resettlement matches", None)
    )
