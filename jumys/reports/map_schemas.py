"""The rows of the digital map of enterprises: clusters and points, counts by region and class, the card."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import ConfigDict, Field

from jumys.reports.schemas import Row

RiskClass = Literal["high", "medium", "low"]
RISK_CLASSES: tuple[RiskClass, ...] = ("high", "medium", "low")


class ClassedRow(Row):
    """A row with a field named `class` (a Python keyword): risk_class in code, "class" in JSON."""

    model_config = ConfigDict(frozen=True, extra="ignore", validate_by_name=True, serialize_by_alias=True)


class MapCluster(Row):
    """A grid cell holding more enterprises than are drawn one by one: their count by class and extent."""

    lat: float = Field(description="The mean latitude of its enterprises (where the cluster is drawn).")
    lon: float = Field(description="The mean longitude of its enterprises.")
    count: int
    high: int
    medium: int
    low: int
    south: float = Field(description="The extent of its enterprises, to zoom to.")
    west: float
    north: float
    east: float


class MapPoint(ClassedRow):
    """One enterprise on the map, coloured by its risk class."""

    bin: str
    name: str
    lat: float
    lon: float
    risk_class: RiskClass = Field(alias="class")
    score: int
    region: str
    section: str


class MapClusters(Row):
    """The enterprises in a box at a zoom: clusters of a grid cell each, and points where a cell holds few."""

    as_of: dt.date | None = Field(description="The risk scoring's date (null before the first run).")
    zoom: int
    cell_deg: float = Field(
        description="The grid cell's width in degrees of longitude (as high in Mercator)."
    )
    total: int = Field(description="Enterprises in the box that pass the filters.")
    clusters: list[MapCluster]
    points: list[MapPoint]


class MapRegionCounts(Row):
    """A region's scored enterprises by class; null where the asker may not see them or they are suppressed."""

    kato2: str
    name_ru: str
    name_kk: str
    name_en: str
    visible: bool = Field(description="False: the asker sees nothing of this region (another akimat's).")
    suppressed: bool = Field(
        description="True: a count under 5 (or one that would give it away) is left out."
    )
    enterprises: int | None
    high: int | None
    medium: int | None
    low: int | None
    unplaced: int | None = Field(description="Enterprises without coordinates (null for the public).")


class MapTotals(Row):
    """The country's counts over the cells shown: no total holds a suppressed cell."""

    enterprises: int
    high: int
    medium: int
    low: int
    regions_hidden: int = Field(description="Regions whose enterprise count is hidden (fewer than 5).")
    unplaced: int | None = Field(
        description="Enterprises without coordinates, not on the map (null for the public)."
    )


class MapRegions(Row):
    """Scored enterprises by region and class at the as-of date, and the risk scoring dates."""

    as_of: dt.date | None
    dates: list[dt.date] = Field(description="Every risk scoring date, newest first.")
    regions: list[MapRegionCounts]
    totals: MapTotals


class Factor(Row):
    """A factor of the risk score: its value and the points it adds."""

    factor: str
    value: float | str | None
    points: float


class CardInspection(Row):
    """An inspection of the enterprise."""

    inspection_id: str
    inspected_on: dt.date
    kind: str
    violations: int
    fine_kzt: int


class CardIncident(Row):
    """An occupational accident at the enterprise (never the person)."""

    incident_id: str
    occurred_on: dt.date
    severity: str
    victims: int


class CardArrear(Row):
    """Wage arrears of the enterprise and their repayment."""

    arrear_id: str
    reported_on: dt.date
    amount_kzt: int
    workers: int
    repaid_on: dt.date | None
    repaid_kzt: int | None
    open: bool = Field(description="Not repaid by the as-of date.")


class CardStaff(Row):
    """The enterprise's staff as the risk scoring measured it."""

    headcount: int | None = Field(description="Contracts active on the as-of date.")
    avg_headcount: float | None = Field(description="Average headcount over the 3 years before.")
    churn: float | None
    harmful_share: float | None


class CardWages(Row):
    """The enterprise's pay as the risk scoring measured it."""

    low_pay_share: float | None
    unconfirmed_share: float | None
    open_arrears_kzt: int | None
    arrears_workers: float | None


class EnterpriseCard(ClassedRow):
    """An enterprise at an as-of date: place, risk with its factors, inspections, incidents, arrears, staff, wages."""

    bin: str
    name: str
    kato: str
    region: str
    oked: str
    section: str
    lat: float | None
    lon: float | None
    as_of: dt.date | None
    score: int | None = Field(description="Risk score 0-100 at the as-of date (null: not scored then).")
    risk_class: RiskClass | None = Field(alias="class")
    rank: int | None
    vision_zero_since: dt.date | None
    factors: list[Factor]
    staff: CardStaff
    wages: CardWages
    inspections: list[CardInspection] = Field(description="The newest 50 before the as-of date.")
    inspections_total: int
    incidents: list[CardIncident] = Field(description="The newest 50 before the as-of date.")
    incidents_total: int
    arrears: list[CardArrear] = Field(description="The newest 50 reported before the as-of date.")
    arrears_total: int
