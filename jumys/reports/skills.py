"""Skills and shortages: training paid by employers, and the occupations employers cannot fill.

The queries are `jumys/reports/sql/skills/NN_name.sql` (docs/safety.md, "Skills and shortages").
Who sees what: the ministry and inspectors the country; an akimat its region alone (the SQL is
narrowed to it); the public and investors the country with every share of fewer than
SUPPRESS_BELOW employees, and every count of fewer than SUPPRESS_BELOW job seekers, left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel

from jumys.access.principal import SUPPRESS_BELOW, Principal
from jumys.errors import Forbidden
from jumys.reports import messages as M
from jumys.reports.labour_report import (
    KAZAKHSTAN_TRAINED,
    OECD_TRAINED,
    check_year,
    select_steps,
    year_params,
)
from jumys.storage.steps import find_steps

SQL = Path(__file__).parent / "sql" / "skills"
PRIORITY_ORDER = ("aviation", "railways", "shipping", "agriculture", "health", "education")
SIZES = ("micro", "small", "medium", "large")


class TrainingShare(BaseModel):
    """The share of a group's employees trained at the employer's expense in the year."""

    dimension: str  # country, region, section or size
    group: str
    employees: int | None
    trained: int | None
    share: float | None


class Shortage(BaseModel):
    """An occupation in a region: vacancies still open after 60 days per job seeker, and days to fill."""

    region: str
    nkz: str
    priority: str | None
    vacancies: int
    open_60: int
    seekers: int | None
    per_seeker: float | None
    median_days_to_fill: float | None


class Skills(BaseModel):
    """The skills and shortages of a year, as the asker may see them."""

    year: int
    region: str | None  # an akimat's region; None for the country
    kazakhstan_reference: float
    oecd_reference: float
    training: list[TrainingShare]
    shortages: list[Shortage]


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _training(row: dict[str, Any], suppress: bool) -> TrainingShare:
    employees, trained = int(row["employees"]), int(row["trained"])
    hidden = suppress and employees < SUPPRESS_BELOW
    return TrainingShare(
        dimension=row["dimension"],
        group=row["grp"],
        employees=None if hidden else employees,
        trained=None if hidden else trained,
        share=None if hidden or not employees else trained / employees,
    )


def _shortage(row: dict[str, Any], suppress: bool) -> Shortage:
    seekers = int(row["seekers"])
    hidden = suppress and 0 < seekers < SUPPRESS_BELOW
    per_seeker = row["per_seeker"]
    return Shortage(
        region=row["region"],
        nkz=row["nkz"],
        priority=row["priority"],
        vacancies=int(row["vacancies"]),
        open_60=int(row["open_60"]),
        seekers=None if hidden else seekers,
        per_seeker=None if hidden or per_seeker is None else float(per_seeker),
        median_days_to_fill=None if row["median_days_to_fill"] is None else float(row["median_days_to_fill"]),
    )


def _shortage_order(s: Shortage) -> tuple[Any, ...]:
    named = PRIORITY_ORDER.index(s.priority) if s.priority in PRIORITY_ORDER else len(PRIORITY_ORDER)
    # nobody seeking an occupation with open vacancies is the worst shortage of all
    ratio = float("inf") if s.per_seeker is None and s.open_60 and s.seekers == 0 else (s.per_seeker or 0)
    return (named, -ratio, -s.open_60, s.region, s.nkz)


def _dimension_order(t: TrainingShare) -> tuple[Any, ...]:
    dims = ("country", "region", "section", "size")
    group = SIZES.index(t.group) if t.dimension == "size" and t.group in SIZES else 0
    return (dims.index(t.dimension), group, t.group)


def skills(conn: sa.Connection, p: Principal, year: int) -> Skills:
    """Training shares by region, OKED section and size, and shortages (named occupations first) in year."""
    check_year(year)
    region = p.region if p.role == "akimat" else None
    if p.role == "akimat" and not region:
        raise Forbidden(M.REPORT_FORBIDDEN, region="all")
    params = year_params(year) | {"region": int(region) if region else 0}
    rows = select_steps(conn, find_steps(SQL), params)
    suppress = not p.sees_all_regions and p.role != "akimat"
    training = [_training(r, suppress) for r in rows.get("02_training", [])]
    if region is not None:
        training = [t for t in training if t.dimension != "country"]
    shortages = [_shortage(r, suppress) for r in rows.get("03_shortages", [])]
    return Skills(
        year=year,
        region=region,
        kazakhstan_reference=KAZAKHSTAN_TRAINED,
        oecd_reference=OECD_TRAINED,
        training=sorted(training, key=_dimension_order),
        shortages=sorted(shortages, key=_shortage_order),
    )
