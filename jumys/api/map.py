"""The API of the digital map of enterprises: clusters, counts by region and class, the enterprise card.

The read models (jumys/reports/map.py, jumys/reports/enterprise.py) take the asker and filter in
SQL; these routes resolve the risk scoring's as-of date, audit the card and shape the answer.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Path, Query, Request, Response

from jumys.api.deps import ANYONE, READ_ERRORS, Asker, SignedIn, answer
from jumys.api.schemas import BIN, KATO2, Sector
from jumys.doors.core import door_of
from jumys.reports.enterprise import enterprise_card
from jumys.reports.map import (
    BBOX_PATTERN,
    MAX_ZOOM,
    BBox,
    MapFilter,
    map_clusters,
    map_clusters_at_hand,
    resolve_risk_as_of,
    resolve_risk_run,
)
from jumys.reports.map_regions import map_regions
from jumys.reports.map_schemas import EnterpriseCard, MapClusters, MapRegions, RiskClass
from jumys.reports.schemas import Shaped

router = APIRouter(tags=["enterprise map"])
DATES_AT = "GET /api/v1/map/regions"

RiskAsOf = Annotated[
    dt.date | None,
    Query(description="A risk scoring date (`dates` of GET /map/regions); default: the newest."),
]
RegionFilter = Annotated[str | None, Query(pattern=KATO2, description="2-digit KATO region.")]
SectionFilter = Annotated[Sector | None, Query(description="OKED section letter (not for the public).")]
VisionZero = Annotated[
    bool | None,
    Query(description="true: members of Vision Zero only; false: the others (not for the public)."),
]
Arrears = Annotated[
    bool | None,
    Query(description="true: with wage arrears open at the date; false: without (not for the public)."),
]


def _day(conn: sa.Connection, as_of: dt.date | None) -> dt.date | None:
    return resolve_risk_as_of(conn, as_of, listed_at=DATES_AT)


@router.get("/map/clusters", response_model=MapClusters, responses=READ_ERRORS)
async def get_map_clusters(
    request: Request,
    p: SignedIn,
    bbox: Annotated[
        str,
        Query(
            max_length=200,
            pattern=BBOX_PATTERN,
            description="west,south,east,north in degrees (WGS 84), e.g. 46,40,88,56; clamped to the map.",
        ),
    ],
    zoom: Annotated[int, Query(ge=0, le=MAX_ZOOM, description="The map's zoom level: the grid's cell size.")],
    as_of: RiskAsOf = None,
    region: RegionFilter = None,
    section: SectionFilter = None,
    risk_class: Annotated[RiskClass | None, Query(alias="class", description="Risk class.")] = None,
    vision_zero: VisionZero = None,
    arrears: Arrears = None,
) -> Response:
    """Enterprises in the box, clustered on a grid per zoom: a cell of more than 12 is a cluster with counts by
    class, the others are points coloured by risk class; at most 2,000 features (inspectors, the ministry,
    an akimat in its region)."""
    box = BBox.parse(bbox)
    f = MapFilter(region, section, risk_class, vision_zero, arrears)
    grids = door_of(request).grids

    def clusters(conn: sa.Connection) -> MapClusters:
        day, run = resolve_risk_run(conn, as_of, DATES_AT, grids)
        return map_clusters(conn, p, day, box, zoom, f, grids, run)

    def at_hand() -> Shaped | None:
        return map_clusters_at_hand(p, as_of, box, zoom, f, grids)

    return await answer(request, p, MapClusters, clusters, at_hand=at_hand)


@router.get("/map/regions", openapi_extra=ANYONE, response_model=MapRegions, responses=READ_ERRORS)
async def get_map_regions(
    request: Request,
    p: Asker,
    as_of: RiskAsOf = None,
    region: RegionFilter = None,
    section: SectionFilter = None,
    vision_zero: VisionZero = None,
    arrears: Arrears = None,
) -> Response:
    """Scored enterprises by region and risk class, and the risk scoring dates. The public sees every region
    with counts under 5 left out (and one more where a single one would follow from the total), and may
    not filter by section, Vision Zero or arrears."""
    f = MapFilter(region, section, None, vision_zero, arrears)
    return await answer(request, p, MapRegions, lambda conn: map_regions(conn, p, _day(conn, as_of), f))


@router.get("/enterprises/{bin}", response_model=EnterpriseCard, responses=READ_ERRORS)
async def get_enterprise(
    request: Request,
    p: SignedIn,
    bin: Annotated[str, Path(pattern=BIN, description="12-digit BIN.")],
    as_of: RiskAsOf = None,
) -> Response:
    """An enterprise's card: risk score and class with its factors and points, inspections, incidents, arrears,
    staff and wages (audited; an akimat sees its region's, another region's BIN is 404)."""
    return await answer(
        request,
        p,
        EnterpriseCard,
        lambda conn: enterprise_card(conn, p, bin, _day(conn, as_of)),
        audit=("read_enterprise", f"enterprise {bin}", {"as_of": as_of.isoformat() if as_of else "newest"}),
    )
