"""Skills and shortages: training paid by employers, and the occupation groups employers cannot fill.

The queries are `jumys/reports/sql/skills/NN_name.sql` (docs/safety.md, "Skills and shortages").
Who sees what: the ministry and inspectors the country; an akimat its region alone (the SQL is
narrowed to it); the public and investors the country with every share of fewer than
SUPPRESS_BELOW employees, and every count of fewer than SUPPRESS_BELOW job seekers, left out.
The SQL's rows are kept per year and scope until a batch is applied (jumys.reports.memo): they
read every contract active in the year, seconds of work at scale 1.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from pydantic import BaseModel, Field

from jumys.access.principal import SUPPRESS_BELOW, Principal
from jumys.errors import Forbidden, NotFound
from jumys.registry.tables import TABLES
from jumys.reports import messages as M
from jumys.reports.labour_report import (
    KAZAKHSTAN_TRAINED,
    OECD_TRAINED,
    check_year,
    select_steps,
    year_params,
)
from jumys.reports.memo import Memo
from jumys.storage.steps import find_steps

SQL = Path(__file__).parent / "sql" / "skills"
PRIORITY_ORDER = ("aviation", "railways", "shipping", "agriculture", "health", "education")
SIZES = ("micro", "small", "medium", "large")
_ROWS = Memo()


class TrainingShare(BaseModel):
    """The share of a group's employees trained at the employer's expense in the year."""

    dimension: str  # country, region, section or size
    group: str
    employees: int | None
    trained: int | None
    share: float | None


class Shortage(BaseModel):
    """An occupation group in a region: vacancies still open after 60 days per job seeker, and days to fill."""

    region: str
    nkz: str = Field(
        description="The group's NKZ code: a named unit group (4 digits) or a sub-major group (2)."
    )
    level: Literal["unit", "sub_major"]
    priority: str | None
    vacancies: int
    open_60: int
    seekers: int | None
    per_seeker: float | None
    per_seeker_missing: Literal["no_seekers", "suppressed"] | None = Field(
        description="Why per_seeker is null: nobody sought the group in the region (no_seekers), or fewer than "
        "5 did and the asker may not see so few (suppressed); null when per_seeker is given."
    )
    median_days_to_fill: float | None


class Skills(BaseModel):
    """The skills and shortages of a year, as the asker may see them."""

    year: int
    region: str | None  # an akimat's region; None for the country
    kazakhstan_reference: float
    oecd_reference: float
    training_recorded: bool = Field(
        description="False: the training registry holds nothing of the year, so no share is given (not 0 %)."
    )
    training: list[TrainingShare]
    shortages: list[Shortage]


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
    missing = "suppressed" if hidden else ("no_seekers" if seekers == 0 else None)
    return Shortage(
        region=row["region"],
        nkz=row["nkz"],
        level="unit" if len(row["nkz"]) == 4 else "sub_major",
        priority=row["priority"],
        vacancies=int(row["vacancies"]),
        open_60=int(row["open_60"]),
        seekers=None if hidden else seekers,
        per_seeker=None if missing or per_seeker is None else float(per_seeker),
        per_seeker_missing=missing,
        median_days_to_fill=None if row["median_days_to_fill"] is None else float(row["median_days_to_fill"]),
    )


def _shortage_order(s: Shortage) -> tuple[Any, ...]:
    named = PRIORITY_ORDER.index(s.priority) if s.priority in PRIORITY_ORDER else len(PRIORITY_ORDER)
    # nobody seeking a group with open vacancies is the worst shortage of all: it comes before any ratio
    nobody = s.per_seeker_missing == "no_seekers" and s.open_60 > 0
    return (named, not nobody, -(s.per_seeker or 0), -s.open_60, s.region, s.nkz)


def _dimension_order(t: TrainingShare) -> tuple[Any, ...]:
    dims = ("country", "region", "section", "size")
    group = SIZES.index(t.group) if t.dimension == "size" and t.group in SIZES else 0
    return (dims.index(t.dimension), group, t.group)


def recorded(conn: sa.Connection, year: int) -> tuple[bool, bool]:
    """Whether the registries hold a training (any payer) in year, and a vacancy posted in it."""
    t, v = TABLES["training"].c, TABLES["vacancies"].c
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    training = sa.select(t.training_id).where(
        t.started_on <= last, sa.func.coalesce(t.finished_on, t.started_on) >= first
    )
    vacancy = sa.select(v.vacancy_id).where(v.posted_on.between(first, last))
    return (
        conn.execute(training.limit(1)).first() is not None,
        conn.execute(vacancy.limit(1)).first() is not None,
    )


def skills_rows(conn: sa.Connection, year: int, region: int = 0) -> dict[str, list[dict[str, Any]]]:
    """The rows of the skills SQL for year (region: a KATO2 code as a number, 0 for the country), kept until
    a batch is applied."""
    params = year_params(year) | {"region": region}
    return _ROWS.get(conn, ("skills", year, region), lambda: select_steps(conn, find_steps(SQL), params))


def skills(conn: sa.Connection, p: Principal, year: int) -> Skills:
    """Training shares by region, OKED section and size, and shortages (named occupations first) in year.

    NotFound (reports.no_skills_year) when the registries hold neither a training nor a vacancy of the year.
    """
    check_year(year)
    region = p.region if p.role == "akimat" else None
    if p.role == "akimat" and not region:
        raise Forbidden(M.REPORT_FORBIDDEN, region="all")
    trained, posted = recorded(conn, year)
    if not trained and not posted:
        raise NotFound(M.NO_SKILLS_YEAR, year=str(year))
    rows = skills_rows(conn, year, int(region) if region else 0)
    suppress = not p.sees_all_regions and p.role != "akimat"
    training = [_training(r, suppress) for r in rows.get("02_training", [])] if trained else []
    if region is not None:
        training = [t for t in training if t.dimension != "country"]
    shortages = [_shortage(r, suppress) for r in rows.get("03_shortages", [])]
    return Skills(
        year=year,
        region=region,
        kazakhstan_reference=KAZAKHSTAN_TRAINED,
        oecd_reference=OECD_TRAINED,
        training_recorded=trained,
        training=sorted(training, key=_dimension_order),
        shortages=sorted(shortages, key=_shortage_order),
    )
