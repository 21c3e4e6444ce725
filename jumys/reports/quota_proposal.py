"""Next year's quota, proposed: the shortages of a year by region and category, under the national cap.

docs/permits.md, "Next year's quota, proposed", states the formula in words; this module is its SQL. The
quota of year Y+1 is proposed from the data of year Y up to an as-of date (31 December of Y by default):

    shortage = vacancies unfilled after the labour-market test - job seekers matched, per occupation
    demand   = shortage + the units of Y in use (their workers need units again when their permits end)
    proposed = demand, or, when the national demand is over the cap, demand x cap / national demand
               rounded by largest remainder so that the lines sum to the cap exactly

The figures are the whole country's (the cap is national, and one line's rounding depends on every other);
the asker is then shown the lines it may see, as in the ledger: an akimat its region's, everyone else every
line. No line counts persons one could pick out: vacancies, job seekers and permits by region and category.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.errors import InvalidInput, NotFound
from jumys.kit.messages import Share, Text
from jumys.permits import messages as M
from jumys.permits.checks import region_of, vacancies
from jumys.permits.rules import CATEGORIES, LABOUR_MARKET_TEST_DAYS, QuotaShares, quota_category
from jumys.permits.schemas import HouseholdProposal, ProposalLine, QuotaLine, QuotaProposal
from jumys.permits.service import sentence
from jumys.reference.regions import region_codes
from jumys.registry.tables import TABLES
from jumys.reports.labour_gap import next_year_gap
from jumys.reports.permits import labour_force, ledger_lines
from jumys.reports.scope import region_view, require_region

job_seekers = TABLES["job_seekers"]
EMPLOYER_CATEGORIES = tuple(c for c in CATEGORIES if c != "household")
FIRST_YEAR, LAST_YEAR = 2001, 2100


def largest_remainder(demands: Sequence[int], cap: int) -> list[int]:
    """The demands when they sum to at most cap; else each scaled by cap / their sum and rounded down, the units
    left given one each to the largest remainders (ties: the larger demand, then the earlier line), so the
    parts sum to cap exactly. Integer arithmetic: no rounding error decides a unit."""
    total = sum(demands)
    if total <= cap:
        return list(demands)
    parts = [d * cap // total for d in demands]
    left = cap - sum(parts)
    order = sorted(range(len(demands)), key=lambda i: (-(demands[i] * cap % total), -demands[i], i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def occupation_shortages(
    conn: sa.Connection, data_year: int, day: dt.date
) -> list[tuple[str, str, int, int]]:
    """Per region and NKZ occupation: vacancies unfilled after the labour-market test, and job seekers matched.

    unfilled: vacancies posted from 1 January of data_year to day - 15 days (the labour-market test's
    period) whose `filled` is false, or whose closing came after day (not yet filled on day);
    matched: the fewer of those vacancies and the distinct persons on the register on day (registered_on <= day,
    left_on empty or later) seeking that occupation (job_seekers.nkz) in the region.
    """
    v, s = vacancies.c, job_seekers.c
    posted_by = day - dt.timedelta(days=LABOUR_MARKET_TEST_DAYS)
    unfilled = (
        sa.select(region_of(v.kato).label("region"), v.nkz, sa.func.count().label("n"))
        .where(
            v.posted_on >= dt.date(data_year, 1, 1),
            v.posted_on <= posted_by,
            sa.or_(sa.not_(v.filled), v.closed_on > day),
        )
        .group_by(region_of(v.kato), v.nkz)
        .subquery()
    )
    seekers = (
        sa.select(
            region_of(s.kato).label("region"), s.nkz, sa.func.count(sa.distinct(s.person_id)).label("n")
        )
        .where(s.nkz.is_not(None), s.registered_on <= day, sa.or_(s.left_on.is_(None), s.left_on > day))
        .group_by(region_of(s.kato), s.nkz)
        .subquery()
    )
    query = (
        sa.select(
            unfilled.c.region,
            unfilled.c.nkz,
            unfilled.c.n,
            sa.func.least(unfilled.c.n, sa.func.coalesce(seekers.c.n, 0)),
        )
        .select_from(
            unfilled.outerjoin(
                seekers, sa.and_(seekers.c.region == unfilled.c.region, seekers.c.nkz == unfilled.c.nkz)
            )
        )
        .order_by(unfilled.c.region, unfilled.c.nkz)
    )
    return [(str(r), str(nkz), int(u), int(m)) for r, nkz, u, m in conn.execute(query).all()]


def newest_data_year(conn: sa.Connection) -> int | None:
    """The newest year in which a vacancy was posted (None: none is stored)."""
    newest = conn.execute(sa.select(sa.func.max(vacancies.c.posted_on))).scalar()
    return None if newest is None else int(newest.year)


def _check(conn: sa.Connection, p: Principal, year: int, day: dt.date, region: str | None) -> str | None:
    """The region asked for (its 2-digit code), after refusing an as-of date or a region out of bounds."""
    if day.year != year - 1:
        raise InvalidInput(M.PROPOSAL_AS_OF, as_of=day, data_year=str(year - 1), year=str(year))
    code = None
    if region is not None:
        code = region[:2]
        if (
            not (region.isascii() and region.isdigit() and len(region) in (2, 9))
            or code not in region_codes()
        ):
            raise InvalidInput(M.UNKNOWN_REGION, value=region)
        require_region(p, code)
    v = vacancies.c
    posted = (
        sa.select(v.vacancy_id).where(v.posted_on >= dt.date(year - 1, 1, 1), v.posted_on <= day).limit(1)
    )
    if conn.execute(posted).first() is None:
        raise NotFound(M.NO_PROPOSAL_DATA, data_year=str(year - 1), as_of=day, year=str(year))
    return code


@dataclass
class _Terms:
    """The terms of a line's demand (docs/permits.md): what the SQL counted, and what follows from it."""

    unfilled: int = 0
    matched: int = 0
    units: int = 0
    used: int = 0

    @property
    def used_up(self) -> bool:
        return self.used > 0 and self.used >= self.units

    @property
    def counted(self) -> int:
        return self.used  # the workers let in on them need their units again when their permits run out

    @property
    def demand(self) -> int:
        return self.unfilled - self.matched + self.counted

    def line(
        self, key: tuple[str, str], proposed: int, scale: float | None, data_year: int, day: dt.date
    ) -> ProposalLine:
        """The line of region and category key with its proposal, each term named, and its sentence."""
        last = M.PROPOSAL_USED_UP if self.used_up else M.PROPOSAL_NOT_USED_UP
        scaled: Text = (
            M.PROPOSAL_SCALED(scale=Share(scale), proposed=proposed)
            if scale is not None and scale < 1
            else M.PROPOSAL_UNSCALED(proposed=proposed)
        )
        text = M.PROPOSAL_LINE(
            vacancies=self.unfilled,
            data_year=str(data_year),
            as_of=day,
            matched=self.matched,
            shortage=self.unfilled - self.matched,
            used=last(units=self.units, data_year=str(data_year), used=self.used),
            counted=self.counted,
            demand=self.demand,
            scaled=scaled,
        )
        return ProposalLine(
            region=key[0],
            category=key[1],
            vacancies_unfilled=self.unfilled,
            seekers_matched=self.matched,
            shortage=self.unfilled - self.matched,
            last_units=self.units,
            last_used=self.used,
            used_up=self.used_up,
            used_counted=self.counted,
            demand=self.demand,
            scale=scale,
            proposed=proposed,
            sentence=sentence(text),
        )


def quota_proposal(
    conn: sa.Connection,
    p: Principal,
    year: int,
    as_of: dt.date | None = None,
    region: str | None = None,
    shares: QuotaShares | None = None,
) -> QuotaProposal:
    """The quota of year proposed from the data of year - 1 up to as_of (default its 31 December), as p may see it.

    InvalidInput for a year out of bounds, an as-of date outside year - 1 or an unknown region; Forbidden for
    another akimat's region; NotFound when no vacancy of year - 1 is stored.
    """
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(M.PROPOSAL_YEAR, year=str(year))
    shares = shares or QuotaShares()
    data_year = year - 1
    day = as_of or dt.date(data_year, 12, 31)
    code = _check(conn, p, year, day, region)
    terms = {(r, c): _Terms() for r in sorted(region_codes()) for c in EMPLOYER_CATEGORIES}
    for r, nkz, unfilled, matched in occupation_shortages(conn, data_year, day):
        cell = terms.get((r, quota_category(nkz) or ""))
        if cell is not None:  # group 9 off the seasonal list is in no category
            cell.unfilled += unfilled
            cell.matched += matched
    ledger = {(q.region, q.category): q for q in ledger_lines(conn, None, data_year, until=day)}
    for key, t in terms.items():
        if key in ledger:
            t.units, t.used = ledger[key].units, ledger[key].issued
    force = labour_force(conn, data_year)
    cap = None if force is None else int(force * shares.national(year))
    demands = [t.demand for t in terms.values()]
    total = sum(demands)
    proposed = demands if cap is None else largest_remainder(demands, cap)
    scale = None if cap is None else (cap / total if total > cap else 1.0)
    lines = [
        t.line(key, units, scale, data_year, day)
        for (key, t), units in zip(terms.items(), proposed, strict=True)
        if (code is None or key[0] == code) and region_view(p, key[0]) != "none"
    ]
    return QuotaProposal(
        year=year,
        data_year=data_year,
        as_of=day,
        region=code,
        labour_force=force,
        cap_share=shares.national(year),
        cap_units=cap,
        demand=total,
        scale=scale,
        proposed=sum(proposed),
        lines=lines,
        household=_household(ledger, force, shares, data_year),
        labour_gap_per_1000={
            r: g for r, g in next_year_gap(conn, data_year).items() if r in {x.region for x in lines}
        },
    )


def _household(
    ledger: dict[tuple[str, str], QuotaLine], force: int | None, shares: QuotaShares, data_year: int
) -> HouseholdProposal:
    """The households' quota: their share of the labour force, beside the data year's units and permits."""
    lines = [q for (_r, c), q in ledger.items() if c == "household"]
    units = None if force is None else int(force * shares.household)
    last_units, last_used = sum(q.units for q in lines), sum(q.issued for q in lines)
    text = (
        M.PROPOSAL_NO_LABOUR_FORCE(data_year=str(data_year))
        if force is None or units is None
        else M.PROPOSAL_HOUSEHOLD(
            share=Share(shares.household),
            labour_force=force,
            units=units,
            last_units=last_units,
            data_year=str(data_year),
            last_used=last_used,
        )
    )
    return HouseholdProposal(
        labour_force=force,
        share=shares.household,
        units=units,
        last_units=last_units,
        last_used=last_used,
        sentence=sentence(text),
    )
