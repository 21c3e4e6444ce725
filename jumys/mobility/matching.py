"""The matching across regions: job seekers of labour-surplus regions to open vacancies of labour-deficit regions.

The seekers and vacancies open on a date come from three SQL steps (sql/matching/). The assignment is an
optimal one, solved by HiGHS through scipy.optimize.milp, never a greedy loop: the sum of the matches'
values is the largest any assignment reaches, each seeker taking at most one vacancy and each vacancy at
most one seeker. The problem falls apart by occupation (a seeker is offered only vacancies of the occupation
they seek), and within an occupation seekers of the same region and program are alike to the objective, so
each occupation is one transportation problem: a class of alike seekers offers as many matches as it has
seekers. The class's matches go to its seekers by the time they have waited, the longest first.
docs/matching.md gives the rules and the value in words.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import time
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa
from numpy.typing import NDArray

from jumys.errors import InvalidInput
from jumys.mobility import messages as M
from jumys.mobility.tables import resettlement_match_runs, resettlement_matches
from jumys.reference.regions import region_distances_km
from jumys.storage.bulk import write_columns
from jumys.storage.steps import Progress, find_steps, run_and_read

SQL_DIR = Path(__file__).parent / "sql" / "matching"

# why a seeker or a vacancy is left without a match (the run's details count them)
NO_VACANCY = "no_vacancy"  # no open vacancy of the occupation in a labour-deficit region
NO_DEMOGRAPHIC_DEFICIT = "kandas_no_region"  # a kandas: none in a region with a demographic deficit
WAGE_BELOW = "wage_below"  # every vacancy of the occupation pays under the seeker's region's reference wage
TAKEN = "taken"  # vacancies the seeker could take went to other seekers
NO_SEEKER = "no_seeker"  # no seeker of the occupation in a labour-surplus region
NO_CANDIDATE = "no_candidate"  # seekers of the occupation there, none of whom it may be offered to
NOT_CHOSEN = "not_chosen"  # candidates there, each matched to a vacancy of more value


@dataclass(frozen=True)
class MatchRules:
    """The matching's parameters (docs/matching.md)."""

    min_wage_ratio: float = 1.0  # a vacancy's salary against the reference wage of the seeker's region
    min_reference_contracts: int = (
        30  # contracts behind a region's wage for an occupation group, else all groups
    )
    wage_weight: float = 0.5  # value of a wage gain: wage_weight x (ratio - 1), the gain capped at wage_cap
    wage_cap: float = 1.0
    distance_weight: float = 0.25  # value lost per 1,000 km between the regions


@dataclass(frozen=True)
class Regions:
    """The regions' classes a matching uses (from the labour index of the year, or the government's list)."""

    year: int
    surplus: frozenset[str]
    deficit: frozenset[str]
    demographic_deficit: frozenset[str]


@dataclass
class Market:
    """The seekers, vacancies and reference wages read for a date."""

    person: list[Any]
    seeker_region: NDArray[np.str_]
    seeker_nkz: NDArray[np.str_]
    registered: list[dt.date]
    kandas: NDArray[np.bool_]
    vacancy: list[str]
    vacancy_region: NDArray[np.str_]
    vacancy_nkz: NDArray[np.str_]
    salary: NDArray[np.int64]
    wages: dict[tuple[str, str], tuple[float, int]]


@dataclass
class Assignment:
    """The matches (seeker index, vacancy index, reference wage, distance, value) and why the rest are left."""

    seeker: NDArray[np.int64]
    vacancy: NDArray[np.int64]
    reference: NDArray[np.float64]
    distance: NDArray[np.float64]
    value: NDArray[np.float64]
    seekers_left: Counter[str]
    vacancies_left: Counter[str]
    seekers: int
    vacancies: int


def _read(conn: sa.Connection) -> Market:
    seekers = conn.exec_driver_sql(
        "SELECT person_id, region, nkz, registered_on, kandas FROM match_seekers ORDER BY registered_on, person_id"
    ).fetchall()
    vacancies = conn.exec_driver_sql(
        "SELECT vacancy_id, region, nkz, salary_kzt FROM match_vacancies ORDER BY vacancy_id"
    ).fetchall()
    wages = conn.exec_driver_sql("SELECT region, major, wage, contracts FROM match_wages").fetchall()
    return Market(
        person=[r[0] for r in seekers],
        seeker_region=np.array([r[1] for r in seekers], dtype="<U2"),
        seeker_nkz=np.array([r[2] for r in seekers], dtype="<U4"),
        registered=[r[3] for r in seekers],
        kandas=np.array([bool(r[4]) for r in seekers], dtype=np.bool_),
        vacancy=[r[0] for r in vacancies],
        vacancy_region=np.array([r[1] for r in vacancies], dtype="<U2"),
        vacancy_nkz=np.array([r[2] for r in vacancies], dtype="<U4"),
        salary=np.array([r[3] for r in vacancies], dtype=np.int64),
        wages={(r[0], r[1]): (float(r[2]), int(r[3])) for r in wages},
    )


def read_market(conn: sa.Connection, as_of: dt.date, progress: Progress | None = None) -> Market:
    """The seekers registered, the vacancies open and the regions' reference wages on as_of."""
    return run_and_read(conn, find_steps(SQL_DIR), {"as_of": as_of}, _read, progress)


def reference_wage(m: Market, region: str, nkz: str, rules: MatchRules) -> float | None:
    """The wage a vacancy is held against for a seeker of region seeking nkz: the region's median for the
    occupation's major group, or for all groups when fewer contracts stand behind that."""
    wage, n = m.wages.get((region, nkz[:1]), (math.nan, 0))
    if n >= rules.min_reference_contracts:
        return wage
    wage, n = m.wages.get((region, "*"), (math.nan, 0))
    return wage if n > 0 else None


def _solve(
    value: NDArray[np.float64], cls: NDArray[np.int64], vac: NDArray[np.int64], supply: NDArray[np.int64]
) -> NDArray[np.bool_]:
    """The pairs (class, vacancy) of the assignment of largest total value: a class takes at most supply
    vacancies, a vacancy at most one class's seeker. HiGHS, branch and bound over the transportation
    problem, whose relaxation is already integral."""
    from scipy.optimize import Bounds, LinearConstraint, milp  # deferred: CLI start-up time
    from scipy.sparse import csr_array

    n = value.size
    _, vac_row = np.unique(vac, return_inverse=True)
    classes = int(supply.size)
    rows = np.concatenate([cls, classes + vac_row])
    a = csr_array(
        (np.ones(2 * n), (rows, np.tile(np.arange(n), 2))), shape=(classes + int(vac_row.max()) + 1, n)
    )
    upper = np.concatenate([supply, np.ones(int(vac_row.max()) + 1)]).astype(np.float64)
    found = milp(
        -value,
        constraints=LinearConstraint(a, -np.inf, upper),
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
    )
    if found.x is None:  # pragma: no cover - a bounded feasible problem (x = 0 is a solution) always has one
        raise RuntimeError(f"the matching solver failed: {found.message}")
    return np.asarray(found.x > 0.5)


@dataclass
class _Pairs:
    """The allowed (class, vacancy) pairs of every occupation, the classes of alike seekers, and why classes
    without a pair are left."""

    cls: list[NDArray[np.int64]]
    vac: list[NDArray[np.int64]]
    ref: list[NDArray[np.float64]]
    distance: list[NDArray[np.float64]]
    members: list[NDArray[np.int64]]  # the seekers of each class, longest waiting first
    reasons: list[str]  # each class's reason when it is left short
    open_: list[NDArray[np.int64]]  # each occupation's open vacancies


def _pairs(
    m: Market, regions: Regions, rules: MatchRules, progress: Progress | None
) -> tuple[_Pairs, Counter[str], Counter[str]]:
    """Every occupation's classes of alike seekers (region and program) and the vacancies each may be offered;
    the seekers and the vacancies left before any choice (no vacancy, no seeker of the occupation)."""
    order = sorted({*m.seeker_region.tolist(), *m.vacancy_region.tolist()})
    distances = region_distances_km(order)
    index = {r: i for i, r in enumerate(order)}
    seekers = np.flatnonzero(np.isin(m.seeker_region, list(regions.surplus)))
    vacancies = np.flatnonzero(np.isin(m.vacancy_region, list(regions.deficit)))
    demographic = np.isin(m.vacancy_region, list(regions.demographic_deficit))
    by_nkz = {
        nkz: vacancies[m.vacancy_nkz[vacancies] == nkz]
        for nkz in np.unique(m.vacancy_nkz[vacancies]).tolist()
    }
    p = _Pairs([], [], [], [], [], [], [])
    left_s: Counter[str] = Counter()
    left_v: Counter[str] = Counter()
    seeker_nkz = m.seeker_nkz[seekers]
    occupations = np.unique(seeker_nkz).tolist()
    for step, nkz in enumerate(occupations):
        if progress is not None and step % 50 == 0:
            progress("pairs", step, len(occupations))
        who = seekers[seeker_nkz == nkz]  # in read order: longest waiting first
        open_ = by_nkz.pop(nkz, np.empty(0, dtype=np.int64))
        if open_.size == 0:
            left_s[NO_VACANCY] += who.size
            continue
        p.open_.append(open_)
        keys = np.char.add(m.seeker_region[who], np.where(m.kandas[who], "1", "0"))
        for name in np.unique(keys).tolist():
            region, kandas = name[:2], name[2] == "1"
            c = len(p.members)
            p.members.append(who[keys == name])
            ref = reference_wage(m, region, nkz, rules)
            offered = open_[demographic[open_]] if kandas else open_
            ok = offered if ref is None else offered[m.salary[offered] >= rules.min_wage_ratio * ref]
            p.reasons.append(
                NO_DEMOGRAPHIC_DEFICIT if offered.size == 0 else WAGE_BELOW if ok.size == 0 else TAKEN
            )
            p.cls.append(np.full(ok.size, c))
            p.vac.append(ok)
            p.ref.append(np.full(ok.size, np.nan if ref is None else ref))
            p.distance.append(distances[index[region], [index[r] for r in m.vacancy_region[ok].tolist()]])
    for rest in by_nkz.values():
        left_v[NO_SEEKER] += rest.size
    return p, left_s, left_v


def assign(m: Market, regions: Regions, rules: MatchRules, progress: Progress | None = None) -> Assignment:
    """The optimal assignment of the surplus regions' seekers to the deficit regions' vacancies."""
    p, left_s, left_v = _pairs(m, regions, rules, progress)

    def cat(parts: list[NDArray[Any]], dtype: Any) -> NDArray[Any]:
        return np.concatenate(parts).astype(dtype) if parts else np.empty(0, dtype=dtype)

    pc, pv = cat(p.cls, np.int64), cat(p.vac, np.int64)
    pref, pd = cat(p.ref, np.float64), cat(p.distance, np.float64)
    supply = np.array([x.size for x in p.members], dtype=np.int64)
    if progress is not None:
        progress("assignment", 0, 1)
    if pc.size:
        ratio = m.salary[pv] / np.where(np.isnan(pref), m.salary[pv], pref)
        value = (
            1.0
            + rules.wage_weight * np.minimum(ratio - 1.0, rules.wage_cap)
            - rules.distance_weight * pd / 1000.0
        )
        chosen = np.flatnonzero(_solve(value, pc, pv, supply))
    else:
        value, chosen = np.empty(0), np.empty(0, dtype=np.int64)
    # each class's matches, best value first, to its seekers, longest waiting first
    chosen = chosen[np.lexsort((-value[chosen], pc[chosen]))]
    classes, taken = np.unique(pc[chosen], return_counts=True)
    seekers = [p.members[c][:n] for c, n in zip(classes.tolist(), taken.tolist(), strict=True)]
    matched = np.zeros(supply.size, dtype=np.int64)
    matched[classes] = taken
    for c, short in enumerate((supply - matched).tolist()):
        if short:
            left_s[p.reasons[c]] += short
    candidates, picked = np.zeros(m.salary.size, dtype=np.bool_), np.zeros(m.salary.size, dtype=np.bool_)
    candidates[pv] = True
    picked[pv[chosen]] = True
    for open_ in p.open_:
        left_v[NOT_CHOSEN] += int((candidates[open_] & ~picked[open_]).sum())
        left_v[NO_CANDIDATE] += int((~candidates[open_]).sum())
    return Assignment(
        seeker=cat(seekers, np.int64),
        vacancy=pv[chosen],
        reference=pref[chosen],
        distance=pd[chosen],
        value=value[chosen],
        seekers_left=+left_s,
        vacancies_left=+left_v,
        seekers=int(supply.sum()) + left_s[NO_VACANCY],
        vacancies=int(np.isin(m.vacancy_region, list(regions.deficit)).sum()),
    )


def _rows(as_of: dt.date, m: Market, a: Assignment) -> dict[str, list[Any]]:
    s, v = a.seeker.tolist(), a.vacancy.tolist()
    salary = m.salary[a.vacancy]
    reference = np.where(np.isnan(a.reference), salary, np.round(a.reference)).astype(np.int64)
    return {
        "as_of": [as_of] * len(s),
        "person_id": [str(m.person[i]) for i in s],
        "vacancy_id": [m.vacancy[j] for j in v],
        "nkz": m.vacancy_nkz[a.vacancy].tolist(),
        "from_region": m.seeker_region[a.seeker].tolist(),
        "to_region": m.vacancy_region[a.vacancy].tolist(),
        "kandas": m.kandas[a.seeker].tolist(),
        "registered_on": [m.registered[i] for i in s],
        "salary_kzt": salary.tolist(),
        "reference_wage_kzt": reference.tolist(),
        "distance_km": np.round(a.distance).astype(np.int64).tolist(),
        "value": np.round(a.value, 6).tolist(),
    }


def match(
    conn: sa.Connection,
    as_of: dt.date,
    regions: Regions,
    rules: MatchRules | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Match the seekers to the vacancies open on as_of and store the matches and the run (replacing that date's)."""
    started = time.perf_counter()
    rules = rules or MatchRules()
    for t in (resettlement_matches, resettlement_match_runs):
        conn.execute(t.delete().where(t.c.as_of == as_of))
    market = read_market(conn, as_of, progress)
    a = assign(market, regions, rules, progress)
    rows = _rows(as_of, market, a)
    write_columns(conn, resettlement_matches, rows)
    details = {
        "seekers_left": dict(sorted(a.seekers_left.items())),
        "vacancies_left": dict(sorted(a.vacancies_left.items())),
        "surplus": sorted(regions.surplus),
        "deficit": sorted(regions.deficit),
        "demographic_deficit": sorted(regions.demographic_deficit),
        "rules": asdict(rules),
    }
    conn.execute(
        resettlement_match_runs.insert().values(
            as_of=as_of,
            computed_at=dt.datetime.now(dt.UTC),
            classes_year=regions.year,
            seekers=a.seekers,
            vacancies=a.vacancies,
            matched=int(a.seeker.size),
            seconds=time.perf_counter() - started,
            details=json.dumps(details, sort_keys=True),
        )
    )
    if progress is not None:
        progress("done", 1, 1)
    return {"seekers": a.seekers, "vacancies": a.vacancies, "matched": int(a.seeker.size)}


def regions_of(
    year: int, surplus: Collection[str], deficit: Collection[str], demographic: Collection[str]
) -> Regions:
    """A Regions from collections of 2-digit KATO codes."""
    return Regions(year, frozenset(surplus), frozenset(deficit), frozenset(demographic))


def class_sets(classes: Mapping[str, Any], year: int) -> Regions:
    """The Regions of a mapping region -> class (its `labour_class`, its `demographic_deficit`)."""
    return Regions(
        year,
        frozenset(k for k, c in classes.items() if c.labour_class == "surplus"),
        frozenset(k for k, c in classes.items() if c.labour_class == "deficit"),
        frozenset(k for k, c in classes.items() if c.demographic_deficit),
    )


def classes_year(as_of: dt.date) -> int:
    """The year whose regions' classes a matching on as_of uses: the last year ended by then."""
    return (as_of - dt.timedelta(days=1)).year


def run_matching(
    conn: sa.Connection, as_of: dt.date, rules: MatchRules | None = None, progress: Progress | None = None
) -> dict[str, int]:
    """Match on as_of with the regions' classes of the year before (the labour index, or the government's list);
    InvalidInput when that year has no labour-surplus or no labour-deficit region."""
    from jumys.mobility.regions import classes  # the labour index of the regions

    year = classes_year(as_of)
    regions = class_sets(classes(conn, year), year)
    if not regions.surplus or not regions.deficit:
        raise InvalidInput(
            M.NO_CLASSES, year=year, surplus=len(regions.surplus), deficit=len(regions.deficit)
        )
    return match(conn, as_of, regions, rules, progress)
