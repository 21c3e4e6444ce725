"""The API's safe-work reports: the regional labour report as a file, and skills and shortages as JSON."""

from __future__ import annotations

import asyncio
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from jumys.api.deps import ANYONE, READ_ERRORS, Asker, Responses, SignedIn, answer
from jumys.doors.core import door_of
from jumys.reports.export import FORMATS, export_report, file_name
from jumys.reports.labour_report import FIRST_YEAR, LAST_YEAR, build_report
from jumys.reports.skills import Skills, skills

router = APIRouter()

Year = Annotated[
    int, Query(ge=FIRST_YEAR, le=LAST_YEAR, description="The year (compared with the year before).")
]
ReportRegion = Annotated[
    str,
    Path(
        pattern=r"^([0-9]{2}|all)$",
        description="A region's 2-digit KATO code, or all (every region and the country).",
    ),
]
FILE: Responses = {
    200: {
        "description": "The report as a file (Content-Disposition: attachment).",
        "content": {media: {"schema": {"type": "string", "format": "binary"}} for media in FORMATS.values()},
    }
}


@router.get(
    "/regions/{region}/report",
    responses=READ_ERRORS | FILE,
    response_class=Response,
    tags=["reports"],
)
async def get_labour_report(
    request: Request,
    p: SignedIn,
    region: ReportRegion,
    year: Year,
    lang: Annotated[Literal["ru", "kk", "en"], Query(description="The report's language.")] = "ru",
    format: Annotated[Literal["pdf", "xlsx"], Query(description="pdf or xlsx.")] = "pdf",
) -> Response:
    """The regional labour report of a year as PDF or XLSX: a region's page, or (all) the country's and every region's.

    The ministry and inspectors may download any; an akimat its own region's. A year or region without
    data is a 404 (reports.no_report_year, reports.no_report_region).
    """
    engine = door_of(request).engine

    def make() -> bytes:
        with engine.connect() as conn:
            return export_report(build_report(conn, p, year, region), lang, format)

    data = await run_in_threadpool(make)
    await asyncio.wrap_future(
        door_of(request).auditor.write(p, "report", f"{region} {year}", {"lang": lang, "format": format})
    )
    name = file_name(region, year, lang, format)
    return Response(
        content=data,
        media_type=FORMATS[format],
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "private, no-store",
        },
    )


@router.get("/skills", openapi_extra=ANYONE, response_model=Skills, responses=READ_ERRORS, tags=["reports"])
async def get_skills(request: Request, p: Asker, year: Year) -> Response:
    """Training at the employer's expense by region, OKED section and size, and shortages by occupation and region.

    Transport and rural specialists come first. An akimat sees its region alone; the public and investors
    the country with small groups left out.
    """
    return await answer(request, p, Skills, lambda conn: skills(conn, p, year))
