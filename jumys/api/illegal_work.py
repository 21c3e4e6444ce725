"""The API of illegal work and fictitious contracts: the employers flagged at a date (docs/api.md).

Reads: the ministry and inspectors see every region, an akimat its own; investors and the public are
refused (the findings are leads for inspections and name persons by pseudonym).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request, Response

from jumys.api.deps import READ_ERRORS, SignedIn, answer
from jumys.api.schemas import KATO2, Out
from jumys.reports.illegal_work import (
    IllegalWorkRow,
    illegal_work_as_of,
    list_illegal_work,
    require_illegal_work,
)

router = APIRouter(tags=["illegal work"])


class IllegalWorkPage(Out):
    """One page of the employers flagged at an as-of date (highest score first) and how many in all."""

    as_of: dt.date | None
    total: int
    limit: int
    offset: int
    items: list[IllegalWorkRow]


@router.get("/illegal-work", response_model=IllegalWorkPage, responses=READ_ERRORS)
async def get_illegal_work(
    request: Request,
    p: SignedIn,
    as_of: Annotated[
        dt.date | None, Query(description="A date the signals were computed at; default: the newest.")
    ] = None,
    region: Annotated[str | None, Query(pattern=KATO2, description="2-digit KATO region.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    """The employers with illegal-work signals at the as-of date that the asker may see, with the evidence."""

    def compute(conn: sa.Connection) -> dict[str, Any]:
        require_illegal_work(p)
        day = illegal_work_as_of(conn, as_of)
        items, total = list_illegal_work(conn, p, day, region, limit, offset)
        return {"as_of": day, "total": total, "limit": limit, "offset": offset, "items": items}

    return await answer(
        request, p, IllegalWorkPage, compute, audit=("read_illegal_work", "illegal work", None)
    )
