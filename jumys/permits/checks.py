"""The five checks of a permit application (docs/permits.md), each a query returning its numbers when it fails.

Each function returns None when the check passes, else the FailedCheck with the numbers behind it. They
read the registry (quotas, permits, vacancies, contracts, persons) and the permits issued by earlier
decisions (fact_issued_permits), so an issued permit counts in every later decision.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from jumys.permits import rules
from jumys.permits.schemas import Application, FailedCheck
from jumys.permits.tables import issued_permits
from jumys.registry.tables import TABLES, employers, persons

quotas = TABLES["quotas"]
permits = TABLES["permits"]
vacancies = TABLES["vacancies"]
contracts = TABLES["contracts"]


def region_of(kato: sa.ColumnElement[Any]) -> sa.ColumnElement[str]:
    """The 2-digit region of a KATO column (literal positions: a GROUP BY may repeat the expression)."""
    return sa.func.substr(kato, sa.literal_column("1"), sa.literal_column("2"))


def lock_rows(conn: sa.Connection, app: Application) -> None:
    """On PostgreSQL, lock the employer's row, then the quota's rows, until the transaction ends.

    Two decisions that could take the same unit (or change the same employer's shares or heads) wait
    for each other; the order (employer, then quota) is the same for all, so no two wait in a circle.
    DuckDB has no row locks: there the door's write lock decides one application at a time.
    """
    if conn.dialect.name != "postgresql":
        return
    if app.bin is not None:
        conn.execute(sa.select(employers.c.bin).where(employers.c.bin == app.bin).with_for_update()).all()
    conn.execute(
        sa.select(quotas.c.units).where(*_quota_cell(app.year, app.region, app.category)).with_for_update()
    ).all()


def _quota_cell(year: int, region: str, category: str) -> list[sa.ColumnElement[bool]]:
    return [quotas.c.year == year, region_of(quotas.c.kato) == region, quotas.c.category == category]


def quota_units(conn: sa.Connection, year: int, region: str, category: str) -> int:
    """The units of a year's quota in a region and category (0 when none is set)."""
    q = sa.select(sa.func.coalesce(sa.func.sum(quotas.c.units), 0)).where(
        *_quota_cell(year, region, category)
    )
    return int(conn.execute(q).scalar_one())


def quota_issued(conn: sa.Connection, year: int, region: str, category: str) -> int:
    """Permits holding a unit of the year's quota: issued in the year, in the region and category, not revoked."""
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    registry = sa.select(sa.func.count()).where(
        permits.c.category == category,
        region_of(permits.c.kato) == region,
        permits.c.issued_on >= start,
        permits.c.issued_on < end,
        permits.c.revoked_on.is_(None),
    )
    decided = sa.select(sa.func.count()).where(
        issued_permits.c.category == category,
        region_of(issued_permits.c.kato) == region,
        issued_permits.c.issued_on >= start,
        issued_permits.c.issued_on < end,
    )
    return int(conn.execute(registry).scalar_one()) + int(conn.execute(decided).scalar_one())


def check_quota(conn: sa.Connection, app: Application) -> FailedCheck | None:
    """Rule 1: a unit left in the permit's year, region and category."""
    units = quota_units(conn, app.year, app.region, app.category)
    issued = quota_issued(conn, app.year, app.region, app.category)
    if issued < units:
        return None
    numbers = {
        "year": app.year,
        "region": app.region,
        "category": app.category,
        "units": units,
        "issued": issued,
    }
    return FailedCheck(check="quota", numbers=numbers | {"left": max(units - issued, 0)})


def check_labour_market(conn: sa.Connection, app: Application) -> FailedCheck | None:
    """Rule 2: a vacancy of the same occupation and region, posted 15 days before, no citizen hired on it."""
    posted_by = app.submitted_on - dt.timedelta(days=rules.LABOUR_MARKET_TEST_DAYS)
    filled = sa.func.coalesce(sa.func.sum(sa.case((vacancies.c.filled, 1), else_=0)), 0)
    row = conn.execute(
        sa.select(sa.func.count(), filled).where(
            vacancies.c.bin == app.bin,
            vacancies.c.nkz == app.nkz,
            region_of(vacancies.c.kato) == app.region,
            vacancies.c.posted_on <= posted_by,
        )
    ).one()
    found, n_filled = int(row[0]), int(row[1])
    if found > n_filled:
        return None
    numbers = {
        "nkz": app.nkz,
        "region": app.region,
        "posted_by": posted_by.isoformat(),
        "days": rules.LABOUR_MARKET_TEST_DAYS,
        "unfilled": found - n_filled,
        "filled": n_filled,
    }
    return FailedCheck(check="labour_market_test", numbers=numbers)


def _staff(conn: sa.Connection, app: Application) -> dict[tuple[str | None, bool], int]:
    """The employer's staff on the application date by (staff category, citizen): its active contracts, and the
    permits issued by decisions, not yet ended, whose holder has no active contract there (as foreigners)."""
    day = app.submitted_on
    active = sa.and_(
        contracts.c.bin == app.bin,
        contracts.c.start_date <= day,
        sa.or_(contracts.c.end_date.is_(None), contracts.c.end_date >= day),
    )
    # a citizen: status citizen or kandas, or no status at all, i.e. not a foreigner; DuckDB answers it from the
    # few foreigners' ids rather than by joining every person (0.11 s, not 0.21 s, at scale 1)
    group = sa.func.substr(contracts.c.nkz, sa.literal_column("1"), sa.literal_column("1"))
    if (
        conn.dialect.name == "postgresql"
    ):  # each person by its key: 2 ms, where the foreigners' ids took 0.1 s
        citizen = sa.func.coalesce(persons.c.status, "citizen") != "foreigner"
        source: sa.FromClause = contracts.outerjoin(persons, persons.c.person_id == contracts.c.person_id)
    else:
        foreigners = sa.select(persons.c.person_id).where(persons.c.status == "foreigner")
        citizen = contracts.c.person_id.not_in(foreigners.scalar_subquery())
        source = contracts
    query = sa.select(contracts.c.person_id, group, citizen).select_from(source).where(active)
    staff = conn.execute(query).all()
    counts: dict[tuple[str | None, bool], int] = {}
    for _, digit, is_citizen in staff:
        key = (rules.STAFF_GROUP.get(digit), bool(is_citizen))
        counts[key] = counts.get(key, 0) + 1
    employed = {person for person, _, _ in staff}  # read once: the contracts are not scanned again
    decided = conn.execute(
        sa.select(issued_permits.c.person_id, issued_permits.c.category, issued_permits.c.nkz).where(
            issued_permits.c.bin == app.bin,
            issued_permits.c.valid_until >= day,  # in force, or to begin: issued before, it counts now
        )
    ).all()
    for person, category, nkz in decided:
        if person not in employed:
            key = (rules.applicant_group(category, nkz), False)
            counts[key] = counts.get(key, 0) + 1
    return counts


def check_local_share(conn: sa.Connection, app: Application) -> FailedCheck | None:
    """Rule 3: employers of more than 20 staff keep citizens at 70 % of managers, 90 % of specialists and
    skilled workers, counted with the applicant as a foreigner in its staff category."""
    group = rules.applicant_group(app.category, app.nkz)
    if group is None:
        return None
    counts = _staff(conn, app)
    counts[(group, False)] = counts.get((group, False), 0) + 1
    staff = sum(counts.values())
    if staff <= rules.LOCAL_SHARE_STAFF:
        return None
    citizens = counts.get((group, True), 0)
    group_staff = citizens + counts.get((group, False), 0)
    share = citizens / group_staff
    minimum = rules.LOCAL_SHARE_MINIMUM[group]
    if share >= minimum:
        return None
    numbers = {
        "group": group,
        "group_staff": group_staff,
        "citizens": citizens,
        "share": round(share, 4),
        "minimum": minimum,
        "staff": staff,
    }
    return FailedCheck(check="local_share", numbers=numbers)


def check_one_head(conn: sa.Connection, app: Application) -> FailedCheck | None:
    """Rule 4: at most one active head permit per employer and NKZ occupation over the new permit's term."""
    if app.category != "head":
        return None
    found: list[str] = []
    for t, revoked in ((permits, permits.c.revoked_on), (issued_permits, None)):
        where = [
            t.c.bin == app.bin,
            t.c.category == "head",
            t.c.nkz == app.nkz,
            t.c.issued_on <= app.valid_until,
            t.c.valid_until >= app.valid_from,
        ]
        if revoked is not None:
            where.append(sa.or_(revoked.is_(None), revoked > app.valid_from))
        found += conn.execute(sa.select(t.c.permit_id).where(*where).order_by(t.c.permit_id)).scalars()
    if len(found) < rules.HEADS_PER_POSITION:
        return None
    numbers = {"nkz": app.nkz, "held": len(found), "permits": sorted(found)[:10]}
    return FailedCheck(check="one_head_per_position", numbers=numbers)


def check_seasonal(app: Application) -> FailedCheck | None:
    """Rule 5: a seasonal permit only for an occupation on the seasonal list."""
    if app.category != "seasonal" or app.nkz in rules.SEASONAL_OCCUPATIONS:
        return None
    return FailedCheck(
        check="seasonal_list", numbers={"nkz": app.nkz, "listed": list(rules.SEASONAL_OCCUPATIONS)}
    )


def run_checks(conn: sa.Connection, app: Application) -> list[FailedCheck]:
    """Every check in the rules' order; a household application has no employer, so only 1 and 5 apply."""
    failed = [check_quota(conn, app)]
    if app.bin is not None:
        failed += [check_labour_market(conn, app), check_local_share(conn, app), check_one_head(conn, app)]
    failed.append(check_seasonal(app))
    return [f for f in failed if f is not None]
