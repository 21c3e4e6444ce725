"""Following every resettlement and kandas case at a date D, a read model (docs/resettlement.md).

Each case of the `resettlement` registry that moved before D is followed at its milestones, 12 and 24
calendar months after moved_on: still in the destination then (left_on), employed there (a contract in the
destination region active on the milestone day), at what wage (that contract's salary, and the payroll's
wage of its employer in the milestone's month where there is one). A milestone that has not passed by D is
not yet known (NULL), even for a case that has left: shares count the cases due only. The same per-case
SQL feeds the aggregates by program, year moved, origin and destination region, and the persons resettled
since 2022 (family members counted).

Who sees what: the per-case list is for the ministry and akimats, an akimat the cases of its region (as
destination or origin), and never an IIN: a person appears as the first characters of their pseudonym.
The aggregates are for everyone: the ministry and inspectors the whole country, an akimat its region's
cases in full, anyone else (investors, employers, the public) every case with each number built from
fewer than SUPPRESS_BELOW cases left out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import sqlalchemy as sa

from jumys.access.principal import SUPPRESS_BELOW, Principal
from jumys.errors import Forbidden, InvalidInput
from jumys.registry.tables import TABLES
from jumys.reports import messages as M
from jumys.reports.foreign_wages import region_of
from jumys.reports.regions import latest_as_of
from jumys.reports.resettlement_groups import DIMENSIONS as DIMENSIONS
from jumys.reports.resettlement_groups import MILESTONES as MILESTONES
from jumys.reports.resettlement_groups import CaseGroup as CaseGroup
from jumys.reports.resettlement_groups import Dimension as Dimension
from jumys.reports.resettlement_groups import Outcome as Outcome
from jumys.reports.resettlement_groups import complements, group_of, order_of
from jumys.reports.schemas import Row
from jumys.reports.scope import require_region

resettlement = TABLES["resettlement"]
contracts = TABLES["contracts"]
payroll = TABLES["payroll"]

SINCE = dt.date(2022, 1, 1)  # "resettled since 2022": the programmes' counting start
MAX_LIMIT = 500
PSEUDONYM_SHOWN = 8  # characters of a person's pseudonym shown
Program = Literal["resettler", "kandas"]
PROGRAMS: tuple[Program, ...] = ("resettler", "kandas")


class ResettlementCase(Row):
    """One case at the as-of date: None in a milestone's fields while it has not passed (left_on says whether
    the case has left meanwhile)."""

    case_id: str
    person: str  # the first characters of the head's pseudonym, never the IIN
    program: Program
    from_region: str
    to_region: str
    family_size: int
    moved_on: dt.date
    left_on: dt.date | None  # known before the as-of date only
    retained_12: bool | None
    employed_12: bool | None
    salary_12_kzt: int | None
    wage_12_kzt: int | None
    retained_24: bool | None
    employed_24: bool | None
    salary_24_kzt: int | None
    wage_24_kzt: int | None
    employed_now: bool  # a contract in the destination region active at the as-of date
    salary_now_kzt: int | None


class CasePage(Row):
    """The cases asked for, paged, and how many there are."""

    as_of: dt.date
    total: int
    items: list[ResettlementCase]


class ResettlementSummary(Row):
    """The aggregates at the as-of date as the asker may see them."""

    as_of: dt.date
    region: str | None
    since: dt.date
    resettled_since: int | None  # persons (family members counted) moved since `since`, before as_of
    resettled_by_program: dict[str, int | None]
    groups: list[CaseGroup]


def require_cases(p: Principal) -> None:
    """The per-case list is for the ministry and akimats; Forbidden for anyone else."""
    if not (p.role == "ministry" or (p.role == "akimat" and p.region)):
        raise Forbidden(M.RESETTLEMENT_CASES_FORBIDDEN)


def resettlement_as_of(conn: sa.Connection, value: dt.date | None) -> dt.date | None:
    """The date asked for; else the newest verified as-of date; else the day after the newest case moved or
    left (None: the registry holds no case)."""
    if value is not None:
        return value
    newest = latest_as_of(conn)
    if newest is not None:
        return newest
    r = resettlement.c
    last = conn.execute(sa.select(sa.func.max(sa.func.coalesce(r.left_on, r.moved_on)))).scalar()
    return None if last is None else last + dt.timedelta(days=1)


def _check(p: Principal, region: str | None, program: str | None, year: int | None) -> None:
    if region is not None:
        require_region(p, region)
    if program is not None and program not in PROGRAMS:
        raise InvalidInput(M.RESETTLEMENT_PROGRAM, value=program, values=", ".join(PROGRAMS))
    if year is not None and not 2000 <= year <= 2100:
        raise InvalidInput(M.REPORT_YEAR, value=year)


def _scope(p: Principal, origin: sa.ColumnElement[str], destination: sa.ColumnElement[str]) -> Any:
    """Cases p sees in full: every case for the ministry and inspectors, an akimat's region's as destination
    or origin; anyone else sees every case, but only in aggregates with small numbers left out."""
    if p.role == "akimat" and p.region:
        return sa.or_(origin == p.region, destination == p.region)
    if p.sees_all_regions or p.role in ("investor", "employer", "public"):
        return sa.true()
    return sa.false()


def _milestone(moved_on: sa.ColumnElement[dt.date], months: int) -> sa.ColumnElement[dt.date]:
    """moved_on plus months calendar months (the 29th-31st of a shorter month: its last day)."""
    return sa.cast(moved_on + sa.literal_column(f"INTERVAL '{months} months'", sa.Interval), sa.Date)


def _followed(
    p: Principal, day: dt.date, region: str | None, program: str | None, year: int | None
) -> sa.CTE:
    """The cases p may see that moved before day, with their regions, left_on known at day and milestone days."""
    r = resettlement.c
    origin, destination = region_of(r.from_kato), region_of(r.to_kato)
    where = [r.moved_on < day, _scope(p, origin, destination)]
    if region is not None:
        where.append(sa.or_(origin == region, destination == region))
    if program is not None:
        where.append(r.program == program)
    if year is not None:
        where.append(r.moved_on >= dt.date(year, 1, 1))
        where.append(r.moved_on < dt.date(year + 1, 1, 1))
    return (
        sa.select(
            r.case_id,
            r.person_id,
            r.program,
            origin.label("from_region"),
            destination.label("to_region"),
            r.family_size,
            r.moved_on,
            sa.case((r.left_on < day, r.left_on)).label("left_on"),
            *(_milestone(r.moved_on, m).label(f"m{m}") for m in MILESTONES),
        )
        .where(*where)
        .cte("followed")
    )


def _job(
    followed: sa.CTE, on: sa.ColumnElement[dt.date] | dt.date, name: str, *, strict: bool, paid: bool = True
) -> sa.Subquery:
    """Per case, its best-paid contract in the destination region active on `on` (started on or before it,
    or before it when strict; not ended before it), with the payroll's wage at that employer in on's month
    (when paid; else NULL)."""
    f, c, pr = followed.c, contracts.c, payroll.c
    started = c.start_date < on if strict else c.start_date <= on
    month = sa.cast(sa.func.date_trunc("month", on), sa.Date)
    held: Any = followed.join(
        contracts,
        sa.and_(
            c.person_id == f.person_id,
            region_of(c.kato) == f.to_region,
            started,
            sa.or_(c.end_date.is_(None), c.end_date >= on),
        ),
    )
    # the payroll of the cases' persons only: a semi-join first, not the whole payroll hashed
    theirs = sa.select(pr.person_id, pr.bin, pr.period, pr.wage_kzt).where(
        pr.person_id.in_(sa.select(followed.c.person_id))
    )
    paid_rows = theirs.subquery(f"{name}_paid")
    w = paid_rows.c
    if paid:
        held = held.outerjoin(
            paid_rows, sa.and_(w.person_id == f.person_id, w.bin == c.bin, w.period == month)
        )
    ranked = (
        sa.select(
            f.case_id,
            c.salary_kzt,
            (w.wage_kzt if paid else sa.null()).label("wage_kzt"),
            sa.func.row_number()
            .over(partition_by=f.case_id, order_by=(c.salary_kzt.desc(), c.contract_id))
            .label("n"),
        )
        .select_from(held)
        .subquery(f"{name}_ranked")
    )
    return (
        sa.select(ranked.c.case_id, ranked.c.salary_kzt, ranked.c.wage_kzt)
        .where(ranked.c.n == 1)
        .subquery(name)
    )


def _cases(
    p: Principal,
    day: dt.date,
    region: str | None,
    program: str | None,
    year: int | None,
    page: tuple[int | None, int] | None = None,
) -> sa.CTE:
    """One row per case with its outcomes at 12 and 24 months and at day (the definition of every figure); of
    the page (limit, offset) of the cases, newest move first, when one is asked (the others are not joined)."""
    followed = _followed(p, day, region, program, year)
    if page is not None:
        limit, offset = page
        paged = (
            sa.select(followed)
            .order_by(followed.c.moved_on.desc(), followed.c.case_id)
            .offset(max(0, offset))
        )
        followed = (paged if limit is None else paged.limit(max(1, limit))).cte("paged")
    f = followed.c
    jobs = {m: _job(followed, f[f"m{m}"], f"job{m}", strict=False) for m in MILESTONES}
    now = _job(followed, day, "job_now", strict=True, paid=False)
    columns: list[Any] = [f.case_id, f.person_id, f.program, f.from_region, f.to_region, f.family_size]
    columns += [f.moved_on, f.left_on]
    joined: Any = followed
    for m, job in jobs.items():
        mark = f[f"m{m}"]
        due = mark < day  # the milestone has passed
        gone = sa.func.coalesce(f.left_on < mark, sa.false())  # left before it (and before day: known then)
        employed = sa.and_(due, job.c.case_id.is_not(None))
        columns += [
            due.label(f"due_{m}"),
            sa.case((due, sa.not_(gone))).label(f"retained_{m}"),
            sa.case((due, sa.and_(sa.not_(gone), job.c.case_id.is_not(None)))).label(f"employed_{m}"),
            sa.case((sa.and_(employed, sa.not_(gone)), job.c.salary_kzt)).label(f"salary_{m}_kzt"),
            sa.case((sa.and_(employed, sa.not_(gone)), job.c.wage_kzt)).label(f"wage_{m}_kzt"),
        ]
        joined = joined.outerjoin(job, job.c.case_id == f.case_id)
    columns += [now.c.case_id.is_not(None).label("employed_now"), now.c.salary_kzt.label("salary_now_kzt")]
    joined = joined.outerjoin(now, now.c.case_id == f.case_id)
    return sa.select(*columns).select_from(joined).cte("cases")  # the groups read it five times: once


def list_cases(
    conn: sa.Connection,
    p: Principal,
    day: dt.date,
    region: str | None = None,
    program: str | None = None,
    year: int | None = None,
    limit: int | None = 100,
    offset: int = 0,
) -> CasePage:
    """The cases p may see (the ministry every one, an akimat its region's as destination or origin) that moved
    before day, of a region (destination or origin), program and year moved when asked; newest move first
    (limit None: every one)."""
    require_cases(p)
    _check(p, region, program, year)
    followed = _followed(p, day, region, program, year)
    total = conn.execute(sa.select(sa.func.count()).select_from(followed)).scalar_one()
    cases = _cases(p, day, region, program, year, (limit, offset))
    query = sa.select(cases).order_by(cases.c.moved_on.desc(), cases.c.case_id)
    items = [
        ResettlementCase(**(dict(m) | {"person": str(m["person_id"])[:PSEUDONYM_SHOWN]}))
        for m in conn.execute(query).mappings()
    ]
    return CasePage(as_of=day, total=int(total), items=items)


def _median(value: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    """The median of value's non-null values (the same text on DuckDB and PostgreSQL)."""
    return sa.func.percentile_cont(sa.literal_column("0.5")).within_group(sa.cast(value, sa.Double))


def _aggregates(cases: sa.CTE, key: sa.ColumnElement[Any], dimension: Dimension) -> sa.Select[Any]:
    """The figures of the cases grouped by key, before any suppression."""
    k = cases.c
    count = sa.func.count
    columns: list[Any] = [
        sa.literal(dimension).label("dimension"),
        sa.cast(key, sa.Text).label("key"),
        count().label("cases"),
        sa.func.sum(k.family_size).label("persons"),
        count().filter(k.left_on.is_(None)).label("still_there"),
        count().filter(k.employed_now).label("employed_now"),
    ]
    for m in MILESTONES:
        columns += [
            count().filter(k[f"due_{m}"]).label(f"due_{m}"),
            count().filter(k[f"retained_{m}"]).label(f"retained_{m}"),
            count().filter(k[f"employed_{m}"]).label(f"employed_{m}"),
            _median(k[f"salary_{m}_kzt"]).label(f"salary_{m}"),
            _median(k[f"wage_{m}_kzt"]).label(f"wage_{m}"),
        ]
    return sa.select(*columns).group_by(key)


def _groups(cases: sa.CTE) -> sa.CompoundSelect[Any]:
    """The aggregates by every dimension, one UNION ALL over the per-case rows."""
    k = cases.c
    keys: dict[Dimension, sa.ColumnElement[Any]] = {
        "all": sa.literal("all"),
        "program": k.program,
        "year": sa.extract("year", k.moved_on),
        "origin": k.from_region,
        "destination": k.to_region,
    }
    parts = [_aggregates(cases, key, dim) for dim, key in keys.items()]
    parts[0] = parts[0].group_by(None)  # the whole: one group
    return sa.union_all(*parts)


def resettled_persons(
    conn: sa.Connection, p: Principal, day: dt.date, since: dt.date = SINCE, region: str | None = None
) -> dict[str, int | None]:
    """Persons (family members counted) of the cases p may see that moved on or after since and before day, by
    program and in 'all'; None where fewer than 5 cases are behind a number the asker may not see in full."""
    r = resettlement.c
    origin, destination = region_of(r.from_kato), region_of(r.to_kato)
    where = [r.moved_on >= since, r.moved_on < day, _scope(p, origin, destination)]
    if region is not None:
        where.append(sa.or_(origin == region, destination == region))
    full = p.sees_all_regions or p.role == "akimat"
    rows = conn.execute(
        sa.select(r.program, sa.func.count().label("cases"), sa.func.sum(r.family_size).label("persons"))
        .where(*where)
        .group_by(r.program)
    ).all()
    found: dict[str, tuple[int, int]] = {prog: (int(n), int(persons)) for prog, n, persons in rows}
    counts: dict[str, tuple[int, int]] = {prog: found.get(prog, (0, 0)) for prog in PROGRAMS}
    counts["all"] = (sum(n for n, _ in counts.values()), sum(s for _, s in counts.values()))
    small = [k for k in PROGRAMS if 0 < counts[k][0] < SUPPRESS_BELOW]
    if len(small) == 1:  # the other program and the whole would give it back: the other is left out too
        small += [k for k in PROGRAMS if k not in small]
    return {
        k: (s if full or (n >= SUPPRESS_BELOW and k not in small) else None) for k, (n, s) in counts.items()
    }


def summary(
    conn: sa.Connection,
    p: Principal,
    day: dt.date,
    region: str | None = None,
    program: str | None = None,
) -> ResettlementSummary:
    """Retention, employment and wages at 12 and 24 months by program, year moved, origin and destination region
    as p may see them; the persons resettled since 2022. Only those who see the cases in full may narrow them to
    a region or a program (Forbidden for the others)."""
    _check(p, region, program, None)
    full = p.sees_all_regions or p.role == "akimat"
    if not full and (region is not None or program is not None):  # two answers' difference would give it away
        raise Forbidden(M.RESETTLEMENT_FILTER_FORBIDDEN)
    cases = _cases(p, day, region, program, None)
    rows = [dict(r) for r in conn.execute(_groups(cases)).mappings()]
    forced = set() if full else complements(rows)
    groups = [group_of(row, full, forced) for row in rows]
    by_program = resettled_persons(conn, p, day, SINCE, region)
    return ResettlementSummary(
        as_of=day,
        region=region,
        since=SINCE,
        resettled_since=by_program.pop("all"),
        resettled_by_program=by_program,
        groups=sorted(groups, key=order_of),
    )
