"""Labour-surplus and labour-deficit regions: the labour index, the government's list, the demographic deficit.

The numbered SQL of sql/regions/ aggregates the registries per region (population and working age,
the migration balance, job seekers and open vacancies at the year's end, the unemployment rate);
this module combines the four components into the index (docs/mobility.md, "The labour index"):

- each component is scored against the other regions of the year (z = (x - mean) / standard
  deviation over the regions that have it), signed so that a positive score means more labour than
  jobs: a high unemployment rate, many job seekers per open vacancy, a growing working-age
  population and people arriving are each on the surplus side;
- the index is the mean of the scores a region has (at least `min_components` of them);
- index >= `surplus_at` is surplus, <= -`deficit_at` is deficit, anything between balanced;
- a region on the government's list in force for the year takes the list's class instead.

A region has a demographic deficit when its working-age population is smaller in the year than five
years before, and its migration balance was negative in at least 3 of the last 5 years.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field

from jumys.mobility.tables import region_list
from jumys.reference.labour_regions import LabourClass, ListedRegion, in_force, shipped_region_list
from jumys.reference.regions import region_codes
from jumys.storage.steps import Value, find_steps, run_and_read

SQL_DIR = Path(__file__).parent / "sql" / "regions"
COMPONENTS = ("unemployment", "seekers_per_vacancy", "working_age_growth", "net_migration")
Source = Literal["government", "index"]


class MobilityRules(BaseModel):
    """The index's parameters, with their defaults (docs/mobility.md)."""

    model_config = ConfigDict(frozen=True)

    wa_min: int = Field(16, ge=0, le=30, description="Working age starts at this age (both sexes) ...")
    wa_max_men: int = Field(62, ge=40, le=80, description="... and ends at this age for men ...")
    wa_max_women: int = Field(60, ge=40, le=80, description="... and at this age for women.")
    surplus_at: float = Field(0.5, gt=0, description="An index at or above this is labour surplus.")
    deficit_at: float = Field(0.5, gt=0, description="An index at or below minus this is labour deficit.")
    min_components: int = Field(2, ge=1, le=4, description="An index needs at least this many components.")
    stats_years: int = Field(
        2, ge=0, le=10, description="An unemployment rate up to this many years older than the year is used."
    )
    deficit_years: int = Field(5, ge=2, le=20, description="Demographic deficit: over this many years ...")
    negative_years: int = Field(3, ge=1, le=20, description="... net migration negative in this many.")


@dataclass(frozen=True, slots=True)
class Component:
    """One component of a region's index: its value, its score among the regions, and what it is made of."""

    name: str  # one of COMPONENTS
    value: float | None  # in its unit: %, log ratio, %, per 1,000 residents
    score: float | None  # z among the regions of the year; None when the value is missing
    year: int | None  # the year of the figure (the unemployment rate may be older than the index's year)
    detail: dict[str, float | int | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RegionIndex:
    """A region's labour index in a year, each component shown, its class and the demographic test."""

    kato2: str
    year: int
    components: tuple[Component, ...]
    index: float | None
    index_class: LabourClass | None  # by the index alone
    listed_class: LabourClass | None  # by the government's list in force, if the region is on it
    labour_class: LabourClass | None  # the list's where listed, else the index's; None: not known
    source: Source | None
    demographic_deficit: bool
    working_age: int | None  # persons of working age in the year ...
    working_age_start: int | None  # ... and deficit_years years before
    working_age_change_pct: float | None  # the change between them
    negative_years: int  # years of the last deficit_years with a negative migration balance
    missing: tuple[str, ...]  # what is missing, as "what" or "what:year" (docs/mobility.md)


@dataclass(frozen=True, slots=True)
class RegionClass:
    """What the matching needs of a region in a year: its class and whether it has a demographic deficit."""

    kato2: str
    labour_class: LabourClass | None  # surplus, deficit, balanced; None when neither index nor list says
    demographic_deficit: bool
    source: Source | None  # "government" when the list decided, "index" when the index did


def parameters(year: int, rules: MobilityRules, first_year: int | None = None) -> dict[str, Value]:
    """The steps' parameters for the index of a year (and a balance from first_year on): integers and dates."""
    first = min(first_year or year, year - rules.deficit_years)
    return {
        "year": year,
        "first_year": first,
        "year_end": dt.date(year, 12, 31),
        "stats_from": min(first, year - rules.stats_years),
        "wa_min": rules.wa_min,
        "wa_max_men": rules.wa_max_men,
        "wa_max_women": rules.wa_max_women,
    }


@dataclass
class Figures:
    """What the steps found, by region (and year)."""

    population: dict[tuple[str, int], tuple[int, int]]  # (region, year) -> (persons, working age)
    flows: dict[tuple[str, int], tuple[int, int]]  # (region, year) -> (arrivals, departures)
    flow_years: set[int]
    stat_net: dict[tuple[str, int], float]
    seekers: dict[str, int]
    vacancies: dict[str, int]
    seeker_rows: int
    vacancy_rows: int
    unemployment: dict[tuple[str, int], float]


def _read(conn: sa.Connection) -> Figures:
    def rows(sql: str) -> list[Any]:
        return list(conn.exec_driver_sql(sql))

    known = rows("SELECT seeker_rows, vacancy_rows FROM mob_market_known")[0]
    return Figures(
        population={(r, int(y)): (int(p), int(w)) for r, y, p, w in rows("SELECT * FROM mob_population")},
        flows={
            (r, int(y)): (int(a), int(d))
            for y, r, a, d in rows("SELECT year, region, arrivals, departures FROM mob_flows")
        },
        flow_years={int(y) for (y,) in rows("SELECT year FROM mob_flow_years")},
        stat_net={
            (r, int(y)): float(n) for r, y, n in rows("SELECT region, year, net FROM mob_stat_balance")
        },
        seekers={r: int(n) for r, n in rows("SELECT region, seekers FROM mob_seekers")},
        vacancies={r: int(n) for r, n in rows("SELECT region, vacancies FROM mob_vacancies")},
        seeker_rows=int(known[0]),
        vacancy_rows=int(known[1]),
        unemployment={
            (r, int(y)): float(v)
            for r, y, v in rows(
                "SELECT region, year, value FROM mob_stats WHERE indicator = 'unemployment_rate'"
            )
        },
    )


def figures(conn: sa.Connection, year: int, rules: MobilityRules, first_year: int | None = None) -> Figures:
    """What the steps find for the index of year, and for the balance from first_year (default: the index's
    own five years) on: run once, read by labour_index and migration_balance."""
    return run_and_read(conn, find_steps(SQL_DIR), parameters(year, rules, first_year), _read)


def _net(f: Figures, region: str, year: int) -> float | None:
    """A region's migration balance in a year: the flows when the migration file has the year, else the official one."""
    if year in f.flow_years:
        arrivals, departures = f.flows.get((region, year), (0, 0))
        return float(arrivals - departures)
    return f.stat_net.get((region, year))


def _raw(f: Figures, region: str, year: int, rules: MobilityRules) -> tuple[list[Component], list[str]]:
    """The four components' values for a region (no scores yet) and what is missing."""
    missing: list[str] = []
    rate_years = [y for (r, y) in f.unemployment if r == region and year - rules.stats_years <= y <= year]
    if rate_years:
        y = max(rate_years)
        unemployment = Component("unemployment", f.unemployment[(region, y)], None, y)
    else:
        unemployment = Component("unemployment", None, None, None)
        missing.append(f"unemployment_rate:{year}")
    seekers, vacancies = f.seekers.get(region, 0), f.vacancies.get(region, 0)
    market_detail: dict[str, float | int | None] = {
        "seekers": seekers,
        "vacancies": vacancies,
        "ratio": round(seekers / vacancies, 2) if vacancies else None,
    }
    if not f.seeker_rows or not f.vacancy_rows:
        missing += [w for w, n in (("job_seekers", f.seeker_rows), ("vacancies", f.vacancy_rows)) if not n]
        market = Component("seekers_per_vacancy", None, None, None, market_detail)
    else:
        market = Component(
            "seekers_per_vacancy", math.log((seekers + 1) / (vacancies + 1)), None, year, market_detail
        )
    now, before = f.population.get((region, year)), f.population.get((region, year - 1))
    if now and before and before[1] > 0:
        growth = Component(
            "working_age_growth",
            (now[1] / before[1] - 1) * 100,
            None,
            year,
            {"working_age": now[1], "working_age_before": before[1]},
        )
    else:
        growth = Component("working_age_growth", None, None, None)
        missing += [f"population:{y}" for y, p in ((year - 1, before), (year, now)) if not p]
    net = _net(f, region, year)
    if net is not None and now and now[0] > 0:
        migration = Component(
            "net_migration", net / now[0] * 1000, None, year, {"net": int(net), "population": now[0]}
        )
    else:
        migration = Component("net_migration", None, None, None)
        if net is None:
            missing.append(f"net_migration:{year}")
        elif f"population:{year}" not in missing:
            missing.append(f"population:{year}")
    return [unemployment, market, growth, migration], missing


def _scores(values: Mapping[str, float | None]) -> dict[str, float | None]:
    """z-scores of the regions' values among those that have one (0 when all are equal); fewer than 3: none."""
    present = {k: v for k, v in values.items() if v is not None}
    if len(present) < 3:
        return dict.fromkeys(values)
    mean = sum(present.values()) / len(present)
    sd = math.sqrt(sum((v - mean) ** 2 for v in present.values()) / len(present))
    return {k: (None if v is None else (0.0 if sd == 0 else (v - mean) / sd)) for k, v in values.items()}


def _demographic(
    f: Figures, region: str, year: int, rules: MobilityRules
) -> tuple[bool, float | None, int, list[str]]:
    """The demographic-deficit test: (result, working-age change %, negative years, what is missing)."""
    missing: list[str] = []
    start, now = f.population.get((region, year - rules.deficit_years)), f.population.get((region, year))
    change = None
    if start and now and start[1] > 0:
        change = (now[1] / start[1] - 1) * 100
    else:
        missing += [f"population:{y}" for y, p in ((year - rules.deficit_years, start), (year, now)) if not p]
    nets = [_net(f, region, y) for y in range(year - rules.deficit_years + 1, year + 1)]
    negative = sum(1 for n in nets if n is not None and n < 0)
    unknown = [
        y for y, n in zip(range(year - rules.deficit_years + 1, year + 1), nets, strict=True) if n is None
    ]
    if negative < rules.negative_years:
        missing += [f"net_migration:{y}" for y in unknown]
    return change is not None and change < 0 and negative >= rules.negative_years, change, negative, missing


def _class_of(index: float | None, rules: MobilityRules) -> LabourClass | None:
    if index is None:
        return None
    if index >= rules.surplus_at:
        return "surplus"
    if index <= -rules.deficit_at:
        return "deficit"
    return "balanced"


def government_list(conn: sa.Connection) -> tuple[ListedRegion, ...]:
    """The government's list: the one loaded into the store (jumys regions override) if any, else the shipped one."""
    rows = conn.execute(
        sa.select(
            region_list.c.from_year, region_list.c.kato2, region_list.c.labour_class, region_list.c.note
        )
    ).all()
    if not rows:
        return shipped_region_list()
    return tuple(
        sorted((ListedRegion(int(y), k, c, n) for y, k, c, n in rows), key=lambda r: (r.from_year, r.kato2))
    )


@dataclass(frozen=True, slots=True)
class ListInForce:
    """Which government list decides a year: the shipped one or the file loaded, since when, from which year."""

    source: str  # "shipped" or the name of the file loaded
    loaded_at: dt.datetime | None  # None for the shipped list
    from_year: int | None  # the first year of the rows in force; None when no list is in force that year


def list_in_force(conn: sa.Connection, year: int) -> ListInForce:
    """Where the government list in force in year comes from."""
    loaded = conn.execute(
        sa.select(region_list.c.source, sa.func.max(region_list.c.loaded_at)).group_by(region_list.c.source)
    ).first()
    listed = in_force(government_list(conn), year)
    start = min((r.from_year for r in listed.values()), default=None)
    if loaded is None:
        return ListInForce("shipped", None, start)
    return ListInForce(str(loaded[0]), loaded[1], start)


def labour_index(
    conn: sa.Connection, year: int, rules: MobilityRules | None = None, computed: Figures | None = None
) -> list[RegionIndex]:
    """Every region's labour index in year, with its components, class and demographic test, sorted by region
    (computed: the figures of `figures(conn, year, rules, ...)`, when the caller has them already)."""
    rules = rules or MobilityRules()
    f = computed or figures(conn, year, rules)
    regions = sorted(region_codes())
    raw = {r: _raw(f, r, year, rules) for r in regions}
    scored: dict[str, list[Component]] = {r: [] for r in regions}
    for i, name in enumerate(COMPONENTS):
        scores = _scores({r: raw[r][0][i].value for r in regions})
        for r in regions:
            c = raw[r][0][i]
            scored[r].append(Component(name, c.value, scores[r], c.year, c.detail))
    listed = in_force(government_list(conn), year)
    found = []
    for r in regions:
        present = [c.score for c in scored[r] if c.score is not None]
        index = sum(present) / len(present) if len(present) >= rules.min_components else None
        index_class = _class_of(index, rules)
        on_list = listed.get(r)
        deficit, change, negative, demo_missing = _demographic(f, r, year, rules)
        labour_class = on_list.labour_class if on_list else index_class
        missing = list(dict.fromkeys(raw[r][1] + demo_missing))
        found.append(
            RegionIndex(
                kato2=r,
                year=year,
                components=tuple(scored[r]),
                index=index,
                index_class=index_class,
                listed_class=on_list.labour_class if on_list else None,
                labour_class=labour_class,
                source="government" if on_list else ("index" if index_class else None),
                demographic_deficit=deficit,
                working_age=now[1] if (now := f.population.get((r, year))) else None,
                working_age_start=start[1]
                if (start := f.population.get((r, year - rules.deficit_years)))
                else None,
                working_age_change_pct=change,
                negative_years=negative,
                missing=tuple(sorted(missing)),
            )
        )
    return found


def classes(conn: sa.Connection, year: int, rules: MobilityRules | None = None) -> dict[str, RegionClass]:
    """Each region's class in year (surplus, deficit, balanced) and demographic deficit, by 2-digit KATO."""
    return {
        r.kato2: RegionClass(r.kato2, r.labour_class, r.demographic_deficit, r.source)
        for r in labour_index(conn, year, rules)
    }


@dataclass(frozen=True, slots=True)
class BalanceRow:
    """A region's migration balance in a year: arrivals, departures, net, per 1,000 residents, and its source."""

    kato2: str
    year: int
    arrivals: int | None  # None when the balance is the official figure (no flows)
    departures: int | None
    net: int | None
    per_1000: float | None
    source: Literal["migration", "region_stats"] | None


def migration_balance(
    conn: sa.Connection, first_year: int, last_year: int, computed: Figures | None = None
) -> list[BalanceRow]:
    """Every region's migration balance for each year first_year..last_year, by region and year (computed: the
    figures of `figures(conn, last_year, rules, first_year)`, when the caller has them already)."""
    f = computed or figures(conn, last_year, MobilityRules(), first_year)
    found = []
    for r in sorted(region_codes()):
        for y in range(first_year, last_year + 1):
            net = _net(f, r, y)
            flows = f.flows.get((r, y), (0, 0)) if y in f.flow_years else None
            people = f.population.get((r, y))
            found.append(
                BalanceRow(
                    kato2=r,
                    year=y,
                    arrivals=flows[0] if flows else None,
                    departures=flows[1] if flows else None,
                    net=None if net is None else round(net),
                    per_1000=None if net is None or not people or not people[0] else net / people[0] * 1000,
                    source=None if net is None else ("migration" if flows else "region_stats"),
                )
            )
    return found


def latest_year(conn: sa.Connection, today: dt.date | None = None) -> int | None:
    """The newest year the population file has (not after today's year): the default year of the index."""
    this_year = (today or dt.date.today()).year
    value = conn.exec_driver_sql(f"SELECT MAX(year) FROM population WHERE year <= {int(this_year)}").scalar()
    return None if value is None else int(value)
