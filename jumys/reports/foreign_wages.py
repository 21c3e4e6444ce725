"""Foreign workers' wages against citizens', the first part of their conditions (docs/foreign_workers.md).

Per region and NKZ occupation (the rest of a major group when an occupation's cell is small), the median
monthly salary of foreign workers' active contracts against citizens', cells of fewer than SUPPRESS_BELOW
persons on either side left out; and the employers whose foreign workers earn under a share of their
cell's citizens' median. Both are computed for the whole country (a cell is one region's) and kept until
a batch is applied; each asker is given the regions it may see. jumys.reports.foreign_workers puts them
together with the other parts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Literal

import sqlalchemy as sa

from jumys.access.principal import SUPPRESS_BELOW, Principal
from jumys.registry.tables import TABLES, employers, persons
from jumys.reports.memo import Memo
from jumys.reports.schemas import Row
from jumys.reports.scope import region_clause, region_view

contracts = TABLES["contracts"]

UNDER_PCT = 80  # an employer is listed when its foreign workers' median is under this % of citizens'
COUNTRY = Principal(username="jumys", role="ministry", via="cli")  # the whole country, as computed and kept
_KEPT = Memo(max_entries=16)  # the wage cells and the employers paying under, per date, until a batch


class WageCell(Row):
    """Foreign workers' and citizens' median monthly salary in a region and occupation (or the rest of a
    major group: `level` 'group', `nkz` its one digit), persons counted, the gap in % of citizens'."""

    region: str
    level: Literal["occupation", "group"]
    nkz: str
    foreign_persons: int
    citizen_persons: int
    foreign_median_kzt: int
    citizen_median_kzt: int
    gap_pct: float


class UnderpaidEmployer(Row):
    """An employer whose foreign workers in a cell earn under the threshold share of the cell's citizens."""

    bin: str
    name: str
    region: str
    level: Literal["occupation", "group"]
    nkz: str
    foreign_persons: int
    foreign_median_kzt: int
    lowest_kzt: int
    citizen_persons: int
    citizen_median_kzt: int
    ratio_pct: float
    shortfall_kzt: int  # what the foreign salaries lack of the citizens' median, in a month


def region_of(kato: sa.ColumnElement[Any]) -> sa.ColumnElement[str]:
    return sa.func.substr(kato, sa.literal_column("1"), sa.literal_column("2"))


def seen_clause(p: Principal, region: sa.ColumnElement[Any], asked: str | None) -> sa.ColumnElement[bool]:
    """Rows of the regions p may see, and of the region asked for."""
    clause = region_clause(p, region)
    return clause if asked is None else sa.and_(clause, region == asked)


def _median(value: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    """The median of value's non-null values (the same text on DuckDB and PostgreSQL)."""
    return sa.func.percentile_cont(sa.literal_column("0.5")).within_group(sa.cast(value, sa.Double))


def active_contracts(day: dt.date) -> sa.CTE:
    """Contracts active at day (started before it, not ended before it), each with its workplace's region, its
    occupation, its major group, the salary and whether the person is a foreigner (persons.status)."""
    c = contracts.c
    return (
        sa.select(
            c.person_id,
            c.bin,
            region_of(c.kato).label("region"),
            c.nkz,
            sa.func.substr(c.nkz, sa.literal_column("1"), sa.literal_column("1")).label("grp"),
            c.end_date,
            c.salary_kzt,
            sa.func.coalesce(persons.c.status == "foreigner", sa.false()).label("foreign"),
        )
        .select_from(contracts.outerjoin(persons, persons.c.person_id == c.person_id))
        .where(c.start_date < day, sa.or_(c.end_date.is_(None), c.end_date >= day))
        .cte("active")
    )


def _cells(p: Principal, day: dt.date, region: str | None) -> tuple[sa.CTE, sa.CTE]:
    """(the active contracts with their cell key, the cells with persons and medians on either side).

    A cell is a region and occupation when both sides have SUPPRESS_BELOW persons; the other contracts of a
    region and major group make its cell 'group' (the rest of the group)."""
    a = active_contracts(day)
    seen = seen_clause(p, a.c.region, region)
    foreign_id = sa.case((a.c.foreign, a.c.person_id))
    citizen_id = sa.case((sa.not_(a.c.foreign), a.c.person_id))
    occupation = (
        sa.select(
            a.c.region,
            a.c.nkz,
            (sa.func.count(sa.distinct(foreign_id)) >= SUPPRESS_BELOW).label("big_f"),
            (sa.func.count(sa.distinct(citizen_id)) >= SUPPRESS_BELOW).label("big_c"),
        )
        .where(seen)
        .group_by(a.c.region, a.c.nkz)
        .cte("occupation")
    )
    own = sa.and_(occupation.c.big_f, occupation.c.big_c)
    keyed = (
        sa.select(
            a,
            sa.case((own, sa.literal("occupation")), else_=sa.literal("group")).label("level"),
            sa.case((own, a.c.nkz), else_=a.c.grp).label("cell"),
        )
        .select_from(
            a.join(occupation, sa.and_(occupation.c.region == a.c.region, occupation.c.nkz == a.c.nkz))
        )
        .cte("keyed")
    )
    k = keyed.c
    cells = (
        sa.select(
            k.region,
            k.level,
            k.cell,
            sa.func.count(sa.distinct(sa.case((k.foreign, k.person_id)))).label("foreign_persons"),
            sa.func.count(sa.distinct(sa.case((sa.not_(k.foreign), k.person_id)))).label("citizen_persons"),
            _median(sa.case((k.foreign, k.salary_kzt))).label("foreign_median"),
            _median(sa.case((sa.not_(k.foreign), k.salary_kzt))).label("citizen_median"),
        )
        .group_by(k.region, k.level, k.cell)
        .cte("cells")
    )
    return keyed, cells


def _gap(foreign: float, citizen: float) -> float:
    return round(100 * (foreign - citizen) / citizen, 1) if citizen else 0.0


def _sees(p: Principal, asked: str | None) -> Callable[[str], bool]:
    """Whether p may see a region's rows in full (as region_clause says in SQL), and it is the one asked for."""
    return lambda r: region_view(p, r) == "full" and (asked is None or r == asked)


def wage_cells(
    conn: sa.Connection, p: Principal, day: dt.date, region: str | None = None
) -> tuple[list[WageCell], int]:
    """The cells with foreign workers that p may see, widest gap first; and how many were left out as small.

    The cells are computed for the whole country (a cell is one region's: the same cells, whoever asks) and
    kept until a batch is applied (jumys.reports.memo); each asker is given the regions it may see."""

    def country() -> list[dict[str, Any]]:
        _keyed, cells = _cells(COUNTRY, day, None)
        return [dict(r) for r in conn.execute(sa.select(cells).where(cells.c.foreign_persons > 0)).mappings()]

    sees = _sees(p, region)
    rows = [r for r in _KEPT.get(conn, ("wage_cells", day), country) if sees(r["region"])]
    shown, small = [], 0
    for r in rows:
        if min(r["foreign_persons"], r["citizen_persons"]) < SUPPRESS_BELOW:
            small += 1
            continue
        f, c = float(r["foreign_median"]), float(r["citizen_median"])
        shown.append(
            WageCell(
                region=r["region"],
                level=r["level"],
                nkz=r["cell"],
                foreign_persons=r["foreign_persons"],
                citizen_persons=r["citizen_persons"],
                foreign_median_kzt=round(f),
                citizen_median_kzt=round(c),
                gap_pct=_gap(f, c),
            )
        )
    shown.sort(key=lambda w: (w.gap_pct, w.region, w.level != "occupation", w.nkz))
    return shown, small


def underpaid_employers(
    conn: sa.Connection, p: Principal, day: dt.date, region: str | None = None, under_pct: int = UNDER_PCT
) -> list[UnderpaidEmployer]:
    """Employers whose foreign workers' median salary in a shown cell is under under_pct % of the cell's
    citizens' median (all employers' citizens of the region and occupation), lowest ratio first. Computed
    for the whole country and kept until a batch is applied, as the cells are; each asker sees its regions."""
    sees = _sees(p, region)
    found = _KEPT.get(
        conn, ("underpaid", day, under_pct), lambda: _underpaid_in_country(conn, day, under_pct)
    )
    return [u for u in found if sees(u.region)]


def _underpaid_in_country(conn: sa.Connection, day: dt.date, under_pct: int) -> list[UnderpaidEmployer]:
    keyed, cells = _cells(COUNTRY, day, None)
    k, s = keyed.c, cells.c
    shown = sa.and_(s.foreign_persons >= SUPPRESS_BELOW, s.citizen_persons >= SUPPRESS_BELOW)
    at = (
        sa.select(
            k.bin,
            k.region,
            k.level,
            k.cell,
            sa.func.count(sa.distinct(k.person_id)).label("persons"),
            _median(k.salary_kzt).label("median"),
            sa.func.min(k.salary_kzt).label("lowest"),
            s.citizen_persons,
            s.citizen_median,
            sa.func.sum(
                sa.case((k.salary_kzt < s.citizen_median, s.citizen_median - k.salary_kzt), else_=0)
            ).label("shortfall"),
        )
        .select_from(keyed.join(cells, sa.and_(s.region == k.region, s.level == k.level, s.cell == k.cell)))
        .where(k.foreign, shown)
        .group_by(k.bin, k.region, k.level, k.cell, s.citizen_persons, s.citizen_median)
        .subquery("employer_cells")
    )
    query = (
        sa.select(at, employers.c.name)
        .join(employers, employers.c.bin == at.c.bin)
        .where(at.c.median * 100 < at.c.citizen_median * under_pct)
    )
    out = [
        UnderpaidEmployer(
            bin=r["bin"],
            name=r["name"],
            region=r["region"],
            level=r["level"],
            nkz=r["cell"],
            foreign_persons=r["persons"],
            foreign_median_kzt=round(float(r["median"])),
            lowest_kzt=int(r["lowest"]),
            citizen_persons=r["citizen_persons"],
            citizen_median_kzt=round(float(r["citizen_median"])),
            ratio_pct=round(100 * float(r["median"]) / float(r["citizen_median"]), 1),
            shortfall_kzt=round(float(r["shortfall"])),
        )
        for r in conn.execute(query).mappings()
    ]
    return sorted(out, key=lambda u: (u.ratio_pct, -u.foreign_persons, u.bin, u.nkz))
