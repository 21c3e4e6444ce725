"""The regional labour report: each region's year against the year before, every figure from a numbered SQL file.

The queries are `jumys/reports/sql/labour_report/NN_name.sql` (docs/safety.md, "Regional labour
report"): step 01 makes the two years and the enterprises' regions, each later step is one SELECT
giving its figures per year and region, the country as region 'KZ'. This module runs them, puts the
rows together per region and checks who may read which region. The files themselves (PDF, XLSX) are
written by jumys.reports.export.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.errors import Forbidden, InvalidInput, NotFound
from jumys.reference.regions import Region, regions
from jumys.registry.tables import TABLES
from jumys.reports import messages as M
from jumys.reports.scope import region_or_raise
from jumys.storage.steps import Step, created_table, find_steps

SQL = Path(__file__).parent / "sql" / "labour_report"
NATIONAL = "KZ"
ALL = "all"
KAZAKHSTAN_TRAINED = 0.06  # share trained at the employer's expense, Kazakhstan (spec, section 4)
OECD_TRAINED = 0.48  # the same, OECD average
FIRST_YEAR, LAST_YEAR = 2000, 2100

# how a figure is shown and how its change is taken: counts, tenge and rates by relative change in %;
# shares (0..1), percents (0..100) and ratios by the difference in percentage points
Kind = Literal["count", "kzt", "rate", "share", "percent", "ratio"]
Section = Literal["safety", "arrears", "inspections", "skills", "market", "foreign", "projects"]


@dataclass(frozen=True)
class FigureSpec:
    """A figure of the report: its key (a column of its step's SELECT), its step, how it is shown."""

    key: str
    step: str
    kind: Kind
    section: Section


FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec("active_contracts", "02_injuries", "count", "safety"),
    FigureSpec("injured", "02_injuries", "count", "safety"),
    FigureSpec("injured_per_1000", "02_injuries", "rate", "safety"),
    FigureSpec("fatal", "02_injuries", "count", "safety"),
    FigureSpec("vision_zero", "03_vision_zero", "count", "safety"),
    FigureSpec("vision_zero_joined", "03_vision_zero", "count", "safety"),
    FigureSpec("arrears_repaid_enterprises", "04_arrears", "count", "arrears"),
    FigureSpec("arrears_repaid_kzt", "04_arrears", "kzt", "arrears"),
    FigureSpec("arrears_open_enterprises", "04_arrears", "count", "arrears"),
    FigureSpec("arrears_open_kzt", "04_arrears", "kzt", "arrears"),
    FigureSpec("arrears_open_workers", "04_arrears", "count", "arrears"),
    FigureSpec("workers_year_end", "05_contracts", "count", "market"),
    FigureSpec("inspections", "06_inspections", "count", "inspections"),
    FigureSpec("violations", "06_inspections", "count", "inspections"),
    FigureSpec("fines_kzt", "06_inspections", "kzt", "inspections"),
    FigureSpec("employees", "07_training", "count", "skills"),
    FigureSpec("trained_by_employer", "07_training", "count", "skills"),
    FigureSpec("trained_share", "07_training", "share", "skills"),
    FigureSpec("employed", "08_region_stats", "count", "market"),
    FigureSpec("unemployment_rate", "08_region_stats", "percent", "market"),
    FigureSpec("avg_wage_kzt", "08_region_stats", "kzt", "market"),
    FigureSpec("wage_vs_country", "08_region_stats", "ratio", "market"),
    FigureSpec("foreign_workers", "09_foreign_workers", "count", "foreign"),
    FigureSpec("permits_issued", "09_foreign_workers", "count", "foreign"),
    FigureSpec("quota_units", "09_foreign_workers", "count", "foreign"),
    FigureSpec("quota_use", "09_foreign_workers", "share", "foreign"),
    FigureSpec("projects", "10_projects", "count", "projects"),
    FigureSpec("jobs_promised", "10_projects", "count", "projects"),
    FigureSpec("jobs_verified", "10_projects", "count", "projects"),
)
SECTIONS: tuple[Section, ...] = (
    "safety",
    "arrears",
    "inspections",
    "skills",
    "market",
    "foreign",
    "projects",
)
# figures that are counts of something that happened: none recorded means 0, not unknown
_ZERO_WHEN_MISSING = {
    f.key for f in FIGURES if f.step not in ("08_region_stats", "10_projects") and f.key != "quota_units"
} - {"injured_per_1000", "trained_share", "quota_use"}


@dataclass(frozen=True)
class Figure:
    """One figure of a page: this year's value, last year's and the change."""

    spec: FigureSpec
    value: float | None
    previous: float | None

    @property
    def change(self) -> float | None:
        """Relative change in % for counts, tenge and rates; the difference in percentage points otherwise."""
        if self.value is None or self.previous is None:
            return None
        if self.spec.kind in ("share", "ratio"):
            return 100 * (self.value - self.previous)
        if self.spec.kind == "percent":
            return self.value - self.previous
        if self.previous == 0:
            return None
        return 100 * (self.value / self.previous - 1)

    @property
    def in_points(self) -> bool:
        """True when the change is in percentage points."""
        return self.spec.kind in ("share", "ratio", "percent")


@dataclass(frozen=True)
class Page:
    """A page of the report: a region (or the country, region None) and its figures in FIGURES order."""

    region: Region | None
    figures: tuple[Figure, ...]
    projects_as_of: dt.date | None = None

    @property
    def code(self) -> str:
        """The region's 2-digit KATO code, or 'KZ' for the country."""
        return self.region.kato2 if self.region else NATIONAL

    def figure(self, key: str) -> Figure:
        """The figure of key."""
        return next(f for f in self.figures if f.spec.key == key)


@dataclass(frozen=True)
class LabourReport:
    """The report of a year: the national page (when asked for all regions) and the regions' pages."""

    year: int
    scope: str  # 'all' or a 2-digit KATO code
    pages: tuple[Page, ...]
    by_region: dict[str, dict[str, float | None]] = field(default_factory=dict)  # for the national charts

    @property
    def previous(self) -> int:
        """The year compared with."""
        return self.year - 1


def report_steps() -> list[Step]:
    """The report's numbered SQL files, in order."""
    return find_steps(SQL)


def check_year(year: int) -> int:
    """year, when a report could be asked for it; InvalidInput otherwise."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(M.REPORT_YEAR, value=year)
    return year


def check_scope(p: Principal, region: str) -> str:
    """region ('all' or a KATO2 code) when p may read its report: the ministry and inspectors any, an akimat
    its own; Forbidden otherwise, NotFound for a code that is no region."""
    if region != ALL:
        if not (len(region) == 2 and region.isascii() and region.isdigit()):
            raise InvalidInput(M.REPORT_REGION, value=region)
        region_or_raise(region)
    if p.sees_all_regions or (p.role == "akimat" and region != ALL and p.region == region):
        return region
    raise Forbidden(M.REPORT_FORBIDDEN, region=region)


def _number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


def select_steps(
    conn: sa.Connection, steps: list[Step], params: dict[str, dt.date | int]
) -> dict[str, list[dict[str, Any]]]:
    """Run numbered SQL steps; the rows of each step's SELECT by step name (its temporary tables dropped after)."""
    made: list[str] = []
    out: dict[str, list[dict[str, Any]]] = {}
    try:
        for step in steps:
            for sql in step.statements(params):
                table = created_table(sql)
                if table is not None:
                    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
                    made.append(table)
                result = conn.exec_driver_sql(sql)
                if table is not None and conn.dialect.name == "postgresql":
                    conn.exec_driver_sql(f"ANALYZE {table}")  # temporary tables have no statistics until then
                if table is None and result.returns_rows:
                    out[step.name] = [{k: _number(v) for k, v in row.items()} for row in result.mappings()]
    finally:
        for table in made:
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
    return out


def year_params(year: int) -> dict[str, dt.date | int]:
    """The parameters of a year's steps: the year, its first and last day and those of the year before."""
    return {
        "year": year,
        "year_start": dt.date(year, 1, 1),
        "year_end": dt.date(year, 12, 31),
        "prev_start": dt.date(year - 1, 1, 1),
        "prev_end": dt.date(year - 1, 12, 31),
    }


def report_rows(conn: sa.Connection, year: int, region: int = 0) -> dict[tuple[int, str], dict[str, Any]]:
    """Every figure of every region (and 'KZ') for year and the year before: (year, region) -> {column: value}.

    With region (a KATO2 code as a number) the registries' rows of that region alone are read: its
    figures are the same, and 'KZ' is then that region's (the official statistics keep the country).
    """
    out: dict[tuple[int, str], dict[str, Any]] = {}
    for rows in select_steps(conn, report_steps(), year_params(year) | {"region": region}).values():
        for row in rows:
            key = (int(row["year"]), str(row["region"]))
            out.setdefault(key, {}).update({k: v for k, v in row.items() if k not in ("year", "region")})
    return out


def _value(rows: dict[tuple[int, str], dict[str, Any]], year: int, code: str, key: str) -> float | None:
    cells = rows.get((year, code), {})
    value = cells.get(key)
    if value is None and key in _ZERO_WHEN_MISSING:
        return 0
    return None if value is None else float(value)


def _page(rows: dict[tuple[int, str], dict[str, Any]], year: int, region: Region | None) -> Page:
    code = region.kato2 if region else NATIONAL
    figures = tuple(
        Figure(spec, _value(rows, year, code, spec.key), _value(rows, year - 1, code, spec.key))
        for spec in FIGURES
    )
    as_of = rows.get((year, code), {}).get("projects_as_of")
    return Page(region, figures, as_of if isinstance(as_of, dt.date) else None)


def _has_contracts(rows: dict[tuple[int, str], dict[str, Any]], year: int, code: str) -> bool:
    return bool(rows.get((year, code), {}).get("active_contracts"))


def any_contract_in(conn: sa.Connection, year: int) -> bool:
    """True when some contract was active at some day of year, anywhere."""
    c = TABLES["contracts"].c
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    active = sa.and_(c.start_date <= last, sa.or_(c.end_date.is_(None), c.end_date >= first))
    return conn.execute(sa.select(c.contract_id).where(active).limit(1)).first() is not None


def registries_reach(conn: sa.Connection, year: int) -> bool:
    """True when the registries hold news of year or later: a contract started, or a payroll month.

    Open-ended contracts are active in every year to come; without this a year in the future has a report."""
    contracts, payroll = TABLES["contracts"].c, TABLES["payroll"].c
    first = dt.date(year, 1, 1)
    started = sa.select(contracts.contract_id).where(contracts.start_date >= first).limit(1)
    paid = sa.select(payroll.bin).where(payroll.period >= first).limit(1)
    return conn.execute(started).first() is not None or conn.execute(paid).first() is not None


def build_report(conn: sa.Connection, p: Principal, year: int, region: str = ALL) -> LabourReport:
    """The labour report of year for region ('all': the national page and every region's page) as p may read it.

    NotFound (reports.no_report_year) when no contract was active in the year anywhere or the registries end
    before it, and (reports.no_report_region) when none was at the region's enterprises.
    """
    check_year(year)
    check_scope(p, region)
    if not registries_reach(conn, year):
        raise NotFound(M.NO_REPORT_YEAR, year=str(year))
    if region == ALL:
        rows = report_rows(conn, year)
        if not _has_contracts(rows, year, NATIONAL):
            raise NotFound(M.NO_REPORT_YEAR, year=str(year))
        by_region = {
            r.kato2: {spec.key: _value(rows, year, r.kato2, spec.key) for spec in FIGURES} for r in regions()
        }
        pages = [_page(rows, year, None)]
        pages += [_page(rows, year, r) for r in regions() if _has_contracts(rows, year, r.kato2)]
        return LabourReport(year, ALL, tuple(pages), by_region)
    rows = report_rows(conn, year, int(region))
    if not _has_contracts(rows, year, region):
        if not any_contract_in(conn, year):
            raise NotFound(M.NO_REPORT_YEAR, year=str(year))
        raise NotFound(M.NO_REPORT_REGION, region=region, year=str(year))
    chosen = next(r for r in regions() if r.kato2 == region)
    return LabourReport(year, region, (_page(rows, year, chosen),))
