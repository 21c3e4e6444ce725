"""Internal mobility as read models: the regions' labour index, their migration balance, the compatriots' plan.

Who sees what (docs/mobility.md): the ministry and inspectors every region in full; an akimat its own
region and nothing of another (not even the country's totals); everyone else, the public included,
every region with the numbers built from fewer than SUPPRESS_BELOW persons left out (job seekers and
vacancies, arrivals and departures, compatriots).

The labour index scores each region against all the others, so it is computed over every region
(jumys.mobility.regions) and the rows of regions the asker may not see are dropped here, before
they leave the read model; the same for the balance, whose steps the index shares.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Literal

import sqlalchemy as sa
from pydantic import Field

from jumys.access.principal import SUPPRESS_BELOW, Principal
from jumys.errors import InvalidInput
from jumys.mobility import messages as M
from jumys.mobility.compatriots import expected_arrivals
from jumys.mobility.regions import (
    MobilityRules,
    RegionIndex,
    figures,
    labour_index,
    latest_year,
    list_in_force,
    migration_balance,
)
from jumys.reports.labour_gap import next_year_gap
from jumys.reports.schemas import Row
from jumys.reports.scope import region_view

LabourClass = Literal["surplus", "deficit", "balanced"]
MIN_YEAR, MAX_YEAR = 1991, 2100
BALANCE_YEARS = 7  # the balance's default span: the index's year and the six before


class Missing(Row):
    """Something a region's index or demographic test lacks: what, and for which year."""

    what: Literal["unemployment_rate", "population", "net_migration", "job_seekers", "vacancies"]
    year: int | None


class IndexComponent(Row):
    """One component of the index: its value (in its unit), its score among the regions, its year, its parts."""

    name: Literal["unemployment", "seekers_per_vacancy", "working_age_growth", "net_migration"]
    value: float | None
    score: float | None
    year: int | None
    detail: dict[str, float | int | None]


class RegionIndexRow(Row):
    """A region's labour index in a year with every component, its class and the demographic-deficit test."""

    kato2: str
    year: int
    index: float | None
    index_class: LabourClass | None
    listed_class: LabourClass | None
    labour_class: LabourClass | None
    source: Literal["government", "index"] | None
    demographic_deficit: bool
    working_age: int | None
    working_age_start: int | None
    working_age_change_pct: float | None
    negative_years: int
    components: list[IndexComponent]
    missing: list[Missing]
    suppressed: bool  # some numbers left out: too few persons to publish
    labour_gap_per_1000: float | None = Field(
        None,
        description="The labour gap (supply - demand) projected for the next year per 1,000 of the labour force "
        "(docs/forecasting.md); shown beside the index, not part of its score.",
    )


class IndexRules(Row):
    """The parameters the index was computed with."""

    wa_min: int
    wa_max_men: int
    wa_max_women: int
    surplus_at: float
    deficit_at: float
    min_components: int
    deficit_years: int
    negative_years: int


class RegionIndexPage(Row):
    """Every region the asker may see, in a year (None: no population is stored, nothing to compute)."""

    year: int | None
    rules: IndexRules
    list_source: str  # the government's list: "shipped", or the name of the file loaded ...
    list_loaded_at: dt.datetime | None  # ... when (None: shipped)
    list_from_year: int | None  # the year its rows in force apply from (None: no list in force that year)
    regions: list[RegionIndexRow]


class BalanceRow(Row):
    """A region's migration balance in a year; counts are null where too few persons to publish."""

    kato2: str
    year: int
    arrivals: int | None
    departures: int | None
    net: int | None
    per_1000: float | None
    source: Literal["migration", "region_stats"] | None


class BalanceTotal(Row):
    """The summed balance of the regions of one class (the class they have in the last year asked)."""

    year: int
    labour_class: LabourClass
    regions: int
    net: int | None


class BalancePage(Row):
    """The migration balance of each region the asker may see, by year, and the sums by class."""

    first_year: int | None
    last_year: int | None
    rows: list[BalanceRow]
    totals: list[BalanceTotal]  # empty for an akimat: the country is not its to see


class PlanRow(Row):
    """Compatriots expected in a region in a year, against the region's deficit."""

    kato2: str
    year: int | None  # None: those who stated no year
    stated: int | None
    spread: float | None
    expected: float | None
    higher: float | None
    vocational: float | None
    general: float | None
    labour_class: LabourClass | None
    demographic_deficit: bool
    open_vacancies: int | None
    job_seekers: int | None
    shortfall: int | None  # open vacancies not met by the region's own job seekers
    working_age_loss: int | None  # working-age persons fewer than five years before
    cover: float | None  # expected / shortfall
    suppressed: bool


class PlanTotals(Row):
    """The registry in totals."""

    persons: int
    named_region: int
    named_year: int
    unassigned: int


class CompatriotsPlan(Row):
    """The repatriation plan: expected arrivals by region and year against each region's deficit."""

    as_of: dt.date
    index_year: int | None
    totals: PlanTotals | None  # None for an akimat
    rows: list[PlanRow]


def check_year(year: int) -> int:
    """year, when it is one the registries can speak of; InvalidInput otherwise."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidInput(M.YEAR_RANGE, year=year)
    return year


def _small(value: int | None, full: bool) -> int | None:
    if full or value is None:
        return value
    return value if value == 0 or value >= SUPPRESS_BELOW else None  # nobody identifies no one


def _int(x: float | int | None) -> int | None:
    return None if x is None else int(x)


def _index_row(r: RegionIndex, full: bool) -> RegionIndexRow:
    suppressed = False
    components = []
    for c in r.components:
        detail = dict(c.detail)
        value = c.value
        if c.name == "seekers_per_vacancy" and not full and detail:
            small = [k for k in ("seekers", "vacancies") if _small(_int(detail.get(k)), False) is None]
            if small:
                suppressed = True
                detail = {k: None for k in detail}
                value = None
        components.append(IndexComponent(name=c.name, value=value, score=c.score, year=c.year, detail=detail))
    missing = []
    for item in r.missing:
        what, _, year = item.partition(":")
        missing.append(Missing(what=what, year=int(year) if year else None))
    plain = {
        f.name: getattr(r, f.name) for f in dataclasses.fields(r) if f.name not in ("components", "missing")
    }
    return RegionIndexRow(**plain, components=components, missing=missing, suppressed=suppressed)


def _rules(rules: MobilityRules) -> IndexRules:
    return IndexRules(**rules.model_dump())


def region_index(
    conn: sa.Connection, p: Principal, year: int | None = None, rules: MobilityRules | None = None
) -> RegionIndexPage:
    """The labour index of every region p may see in year (default: the newest year of the population file)."""
    rules = rules or MobilityRules()
    year = check_year(year) if year is not None else latest_year(conn)
    if year is None:
        shipped = {"list_source": "shipped", "list_loaded_at": None, "list_from_year": None}
        return RegionIndexPage(year=None, rules=_rules(rules), regions=[], **shipped)
    rows = []
    gaps = next_year_gap(conn, year)
    for r in labour_index(conn, year, rules):
        view = region_view(p, r.kato2)
        if view != "none":
            rows.append(
                _index_row(r, view == "full").model_copy(update={"labour_gap_per_1000": gaps.get(r.kato2)})
            )
    used = list_in_force(conn, year)
    return RegionIndexPage(
        year=year,
        rules=_rules(rules),
        list_source=used.source,
        list_loaded_at=used.loaded_at,
        list_from_year=used.from_year,
        regions=rows,
    )


def balance(
    conn: sa.Connection, p: Principal, first_year: int | None = None, last_year: int | None = None
) -> BalancePage:
    """The migration balance of every region p may see, first_year..last_year (default: the newest seven years)."""
    last = check_year(last_year) if last_year is not None else latest_year(conn)
    if last is None:
        return BalancePage(first_year=None, last_year=None, rows=[], totals=[])
    first = check_year(first_year) if first_year is not None else last - BALANCE_YEARS + 1
    if first > last:
        first, last = last, first
    rules = MobilityRules()
    figures_found = figures(conn, last, rules, first)  # the steps run once for the balance and the classes
    found = migration_balance(conn, first, last, figures_found)
    rows = []
    for b in found:
        view = region_view(p, b.kato2)
        if view == "none":
            continue
        full = view == "full" or b.source != "migration"  # the official figure is published as it is
        arrivals, departures = _small(b.arrivals, full), _small(b.departures, full)
        hidden = (arrivals is None) != (b.arrivals is None) or (departures is None) != (b.departures is None)
        rows.append(
            BalanceRow(
                kato2=b.kato2,
                year=b.year,
                arrivals=arrivals,
                departures=departures,
                net=None if hidden else b.net,
                per_1000=None if hidden else b.per_1000,
                source=b.source,
            )
        )
    totals: list[BalanceTotal] = []
    if p.role != "akimat":
        classes = {r.kato2: r.labour_class for r in labour_index(conn, last, rules, figures_found)}
        totals = _totals(found, classes)
    return BalancePage(first_year=first, last_year=last, rows=rows, totals=totals)


def _totals(found: list[Any], classes: dict[str, LabourClass | None]) -> list[BalanceTotal]:
    """The net balance summed over the regions of each class, by year (null when a region's is unknown)."""
    sums: dict[tuple[int, LabourClass], list[int | None]] = {}
    for b in found:
        cls = classes.get(b.kato2)
        if cls is not None:
            sums.setdefault((b.year, cls), []).append(b.net)
    return [
        BalanceTotal(
            year=y,
            labour_class=c,
            regions=len(nets),
            net=None if any(n is None for n in nets) else sum(n for n in nets if n is not None),
        )
        for (y, c), nets in sorted(sums.items())
    ]


def compatriots_plan(
    conn: sa.Connection, p: Principal, as_of: dt.date | None = None, year: int | None = None
) -> CompatriotsPlan:
    """Expected arrivals of compatriots by region and year, against the deficit of each region p may see.

    as_of: the registrations counted (default: today); year: the year of the index the deficits are
    taken from (default: the newest year of the population file).
    """
    day = as_of or dt.date.today()
    index_year = check_year(year) if year is not None else latest_year(conn, day)
    index = {r.kato2: r for r in labour_index(conn, index_year)} if index_year is not None else {}
    arrivals, registered = expected_arrivals(conn, day)
    rows = []
    for a in arrivals:
        view = region_view(p, a.kato2)
        if view == "none":
            continue
        rows.append(_plan_row(a, index.get(a.kato2), view == "full"))
    totals = None if p.role == "akimat" else PlanTotals(**dataclasses.asdict(registered))
    return CompatriotsPlan(as_of=day, index_year=index_year, totals=totals, rows=rows)


def _plan_row(a: Any, r: RegionIndex | None, full: bool) -> PlanRow:
    market = next((c.detail for c in r.components if c.name == "seekers_per_vacancy"), {}) if r else {}
    vacancies, seekers = market.get("vacancies"), market.get("seekers")
    shortfall = None if vacancies is None or seekers is None else max(int(vacancies) - int(seekers), 0)
    loss = None
    if r is not None and r.working_age is not None and r.working_age_start is not None:
        loss = max(r.working_age_start - r.working_age, 0)
    hidden = not full and a.expected < SUPPRESS_BELOW
    market_hidden = not full and (
        vacancies is None or seekers is None or min(vacancies, seekers) < SUPPRESS_BELOW
    )

    def shown(x: float) -> float | None:
        return None if hidden else round(x, 1)

    return PlanRow(
        kato2=a.kato2,
        year=a.year,
        stated=None if hidden else a.stated,
        spread=shown(a.spread),
        expected=shown(a.expected),
        higher=shown(a.by_education["higher"]),
        vocational=shown(a.by_education["vocational"]),
        general=shown(a.by_education["general"]),
        labour_class=r.labour_class if r else None,
        demographic_deficit=r.demographic_deficit if r else False,
        open_vacancies=None if market_hidden or vacancies is None else int(vacancies),
        job_seekers=None if market_hidden or seekers is None else int(seekers),
        shortfall=None if market_hidden else shortfall,
        working_age_loss=loss,
        cover=None if hidden or not shortfall else round(a.expected / shortfall, 3),
        suppressed=hidden or market_hidden,
    )
