"""Internal mobility over several years: resettlement and kandas cases moved in `year` - 3 .. `year`, their
heads' jobs in the destination, and the flows between regions of `year` - 6 .. `year`, calibrated so that
the net migration of the regions that receive resettlers falls as it did (from -53,000 in 2019 to -13,000
in 2024 at scale 1).

Drawn from a stream of its own (spawn key STREAM), after every other planting: the heads are persons and
their contracts are contracts appended at the end, so no other row changes. Assumed (ASSUMPTIONS.md).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from jumys.synth import geo
from jumys.synth.calibration import Calibration
from jumys.synth.contracts import EmployerSampler
from jumys.synth.days import NO_END, day, plus_years, ymd
from jumys.synth.demography import NORTH, counts, working_age, years
from jumys.synth.draw import apportion, choice
from jumys.synth.employers import Employers
from jumys.synth.jobs import JobModel, group_mix
from jumys.synth.market import Market
from jumys.synth.population import birth_dates, employee_profile, sample_ages
from jumys.synth.tables import (
    COUNTRIES,
    FIXED_TERM,
    KANDAS,
    PERMANENT,
    Contracts,
    ContractStore,
    PersonStore,
    concat_contracts,
)

STREAM = 14  # the spawn key of the mobility stream
PROGRAMS = ("resettler", "kandas")
CASE_YEARS = 4  # cases moved in `year` - 3 .. `year`
SURPLUS = {"61": 3.0, "79": 2.0, "31": 2.0, "43": 1.5, "19": 1.5, "33": 1.0, "47": 1.0}
# the receiving regions and their weights for resettlers: persons in the regional quotas of 2025 and 2026
DEFICIT = {
    "59": 2900.0,
    "55": 2350.0,
    "63": 600.0,
    "39": 510.0,
    "10": 275.0,
    "11": 200.0,
    "62": 125.0,
    "35": 40.0,
}
# kandas by the 2025 quota: placed in the receiving regions with a demographic deficit by the first weights,
# the few others (KANDAS_ELSEWHERE) in the quota's other regions
KANDAS_TO = {"55": 1056.0, "63": 269.0, "10": 244.0, "59": 175.0, "39": 150.0, "35": 30.0, "62": 30.0}
KANDAS_OTHER = {"11": 285.0, "23": 100.0, "27": 30.0}
# where kandas first settle before the programme moves them on (border and southern regions)
KANDAS_FROM = {"61": 3.0, "47": 2.0, "19": 1.5, "31": 1.0, "43": 1.0, "79": 0.5}
KANDAS_ORIGIN = {"UZB": 45, "CHN": 25, "MNG": 15, "TKM": 8, "RUS": 5, "KGZ": 2}
# families moved per year at scale 1, oldest year first (resettlers, kandas)
FAMILIES = {"resettler": (1650, 1700, 1750, 1800), "kandas": (450, 650, 700, 700)}
FAMILY_EXTRA = 2.0  # family size 1 + Poisson(2.0), at most 10
KANDAS_ELSEWHERE = 0.05  # kandas placed in a region without a demographic deficit
# leaving: probability of leaving before 12 months, between 12 and 24, after 24 (within 48)
LEAVE = {"resettler": (0.12, 0.08, 0.05), "kandas": (0.06, 0.05, 0.03)}
_LEAVE_DAYS = ((30, 331), (395, 701), (760, 1461))  # days after moving: clear of the 12- and 24-month marks
EMPLOYED = {"resettler": 0.70, "kandas": 0.50}  # heads who take a contract in the destination
PERMANENT_SHARE = 0.65  # of those contracts; the others are fixed-term of 365-1,095 days
# the net migration of the receiving regions together, at scale 1, year - 6 .. year (2019 and 2024 are the
# seeds' figures; the others a steady fall between and after them)
NET_TARGET = (-53_000, -41_000, -36_000, -27_000, -19_000, -13_000, -11_000)
KANDAS_SEEKERS = (
    3000  # kandas registered as job seekers in the south at the year's end, at scale 1 (at least 5)
)
MOVERS_SHARE = 0.014  # residents who change region in a year
_ATTRACTION = {"71": 3.0, "75": 2.5, "79": 1.3}
_PUSH = 1.3  # extra out-migration from labour-surplus regions


@dataclass
class Cases:
    """Resettlement and kandas cases (in moved order), their heads and the heads' contracts."""

    person: NDArray[np.int64]
    program: NDArray[np.int64]
    source: NDArray[np.int64]
    target: NDArray[np.int64]
    family: NDArray[np.int64]
    moved: NDArray[np.int32]
    left: NDArray[np.int32]  # -1: still there at the end of `year`
    citizenship: NDArray[np.int16]  # the head's (index into COUNTRIES)
    contract: NDArray[np.int64]  # index into `contracts` (-1: none)
    contracts: Contracts


@dataclass
class Mobility:
    """The cases and the flows between regions of each year."""

    cases: Cases
    years: list[int]
    flows: NDArray[np.int64]  # (year, from region, to region)
    target: NDArray[np.int64]  # the receiving regions' net migration aimed at, per year (scaled)
    demographic: tuple[str, ...]  # the kato2 of the regions where kandas are placed
    population: dict[int, NDArray[np.int64]]  # (region, sex, age) per year


def generate(
    cal: Calibration,
    emps: Employers,
    people: PersonStore,
    jobs: JobModel,
    scale: float,
    rng: np.random.Generator,
) -> Mobility:
    """The population of each year of the window, the cases (heads added to people) and the flows."""
    population = counts(cal, scale)
    placed = demographic(cal, population)
    cases = plant_cases(cal, emps, people, jobs, placed, scale, rng)
    flow, target = flows(cal, population, cases, scale, rng)
    return Mobility(cases, years(cal), flow, target, placed, population)


def _weights(cal: Calibration, table: dict[str, float]) -> NDArray[np.float64]:
    return np.array([table.get(k, 0.0) for k in cal.kato2])


def plant_cases(
    cal: Calibration,
    emps: Employers,
    people: PersonStore,
    jobs: JobModel,
    demographic: tuple[str, ...],
    scale: float,
    rng: np.random.Generator,
) -> Cases:
    """The cases of the last CASE_YEARS years; heads go to people, their contracts are returned."""
    first = cal.year - CASE_YEARS + 1
    end = day(cal.year + 1)
    program, moved_year = [], []
    for p, name in enumerate(PROGRAMS):
        for i, count in enumerate(FAMILIES[name]):
            n = max(2, round(count * scale))
            program.append(np.full(n, p))
            moved_year.append(np.full(n, first + i))
    prog, year = np.concatenate(program), np.concatenate(moved_year)
    n = prog.size
    kandas = prog == PROGRAMS.index("kandas")
    # moves between the 61st and 331st day of the year: never on 1 January or 29 February
    moved = (np.array([day(int(y)) for y in year]) + rng.integers(60, 331, n)).astype(np.int32)
    source = np.where(
        kandas, choice(_weights(cal, KANDAS_FROM), n, rng), choice(_weights(cal, SURPLUS), n, rng)
    )
    elsewhere = {k: v for k, v in {**KANDAS_TO, **KANDAS_OTHER}.items() if k not in demographic}
    placed = {k: v for k, v in KANDAS_TO.items() if k in demographic} or KANDAS_TO
    to_kandas = np.where(
        rng.random(n) < KANDAS_ELSEWHERE,
        choice(_weights(cal, elsewhere), n, rng),
        choice(_weights(cal, placed), n, rng),
    )
    target = np.where(kandas, to_kandas, choice(_weights(cal, DEFICIT), n, rng))
    family = np.minimum(1 + rng.poisson(FAMILY_EXTRA, n), 10)

    u = rng.random(n)
    rates = np.array([LEAVE[PROGRAMS[p]] for p in prog])
    band = np.where(
        u < rates[:, 0], 0, np.where(u < rates[:, :2].sum(axis=1), 1, np.where(u < rates.sum(axis=1), 2, -1))
    )
    lo = np.array([b[0] for b in _LEAVE_DAYS])[np.maximum(band, 0)]
    hi = np.array([b[1] for b in _LEAVE_DAYS])[np.maximum(band, 0)]
    left_day = moved.astype(np.int64) + lo + np.floor(rng.random(n) * (hi - lo)).astype(np.int64)
    left = np.where((band >= 0) & (left_day < end), left_day, -1).astype(np.int32)

    female = rng.random(n) < 0.3
    ages = np.maximum(sample_ages(cal, source, female, employee_profile(), rng), 23)
    origin = np.zeros(len(COUNTRIES))
    origin[[COUNTRIES.index(c) for c in KANDAS_ORIGIN]] = list(KANDAS_ORIGIN.values())
    citizenship = np.where(kandas, choice(origin, n, rng), 0).astype(np.int16)
    status = np.where(kandas, KANDAS, 0).astype(np.int8)
    who = people.add(birth_dates(ages, day(cal.year), rng), female, status, citizenship)

    contract, contracts = _jobs(cal, emps, jobs, prog, target, moved, left, who, rng)
    order = np.lexsort((who, moved))
    return Cases(
        who[order],
        prog[order],
        source[order],
        target[order],
        family[order],
        moved[order],
        left[order],
        citizenship[order],
        contract[order],
        contracts,
    )


def _jobs(
    cal: Calibration,
    emps: Employers,
    jobs: JobModel,
    prog: NDArray[np.int64],
    target: NDArray[np.int64],
    moved: NDArray[np.int32],
    left: NDArray[np.int32],
    who: NDArray[np.int64],
    rng: np.random.Generator,
) -> tuple[NDArray[np.int64], Contracts]:
    """The heads who take a contract in the destination 10-120 days after moving (before leaving, within the data)."""
    n = prog.size
    end_of_data = day(cal.year + 1)
    start = moved.astype(np.int64) + rng.integers(10, 121, n)
    share = np.array([EMPLOYED[PROGRAMS[p]] for p in prog])
    works = np.flatnonzero(
        (rng.random(n) < share) & (start < end_of_data) & ((left < 0) | (start < left - 30))
    )
    sampler = EmployerSampler(emps.region, emps.weight, cal.regions)
    employer = sampler.draw(target[works], rng)
    for _ in range(5):  # an employer registered before the contract starts
        early = np.flatnonzero(emps.registered[employer] >= start[works])
        if early.size == 0:
            break
        employer[early] = sampler.draw(target[works[early]], rng)
    kept = emps.registered[employer] < start[works]
    works, employer = works[kept], employer[kept]
    section = emps.section[employer]
    group = jobs.groups(section, rng)
    permanent = rng.random(works.size) < PERMANENT_SHARE
    until = np.where(permanent, int(NO_END), start[works] + rng.integers(365, 1096, works.size))
    # a fixed-term contract never ends within 3 days of the 12- or 24-month mark: the truth is then plain
    for years_after in (1, 2):
        mark = plus_years(moved[works], years_after).astype(np.int64)
        until = np.where(~permanent & (np.abs(until - mark) <= 3), until + 7, until)
    until = np.where(left[works] >= 0, np.minimum(until, left[works].astype(np.int64) - 1), until)
    store = ContractStore()
    store.add(
        who[works],
        employer,
        jobs.nkz(group, rng),
        np.where(permanent, PERMANENT, FIXED_TERM),
        jobs.conditions(section, rng),
        start[works].astype(np.int32),
        until.astype(np.int32),
        jobs.salary(target[works], group, rng),
    )
    contract = np.full(n, -1, dtype=np.int64)
    contract[works] = np.arange(works.size)
    return contract, store.build()


def join(deals: Contracts, cases: Cases) -> Contracts:
    """The contracts with the heads' contracts appended (indices of the others unchanged)."""
    return concat_contracts(deals, cases.contracts)


def flows(
    cal: Calibration,
    population: dict[int, NDArray[np.int64]],
    cases: Cases,
    scale: float,
    rng: np.random.Generator,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Movers between regions per year (year, from, to) and the receiving regions' net aimed at, per year.

    A gravity model spreads MOVERS_SHARE of the year's population; resettled families are added (and their
    way back when they leave); then each receiving region's moves to the other regions are scaled so that
    its net migration is its share (by population) of the year's NET_TARGET, and the largest of those
    flows is set so that the net is exactly that.
    """
    window = years(cal)
    north = np.isin(np.array(cal.kato2), NORTH)
    weight = _gravity(cal, rng)
    result = np.zeros((len(window), cal.regions, cal.regions), dtype=np.int64)
    aims = np.zeros(len(window), dtype=np.int64)
    moved_year = ymd(cases.moved)[0]
    left_year = np.where(cases.left >= 0, ymd(np.maximum(cases.left, 0))[0], -1)
    for t, year in enumerate(window):
        people = population[year].sum(axis=(1, 2)).astype(np.float64)
        w = weight * (people**0.9)[:, None] * (people**0.9)[None, :]
        expected = w / w.sum() * MOVERS_SHARE * people.sum() * scale
        programme = np.zeros((cal.regions, cal.regions), dtype=np.int64)
        now = moved_year == year
        np.add.at(programme, (cases.source[now], cases.target[now]), cases.family[now])
        back = left_year == year
        np.add.at(programme, (cases.target[back], cases.source[back]), cases.family[back])

        aim_total = round(NET_TARGET[t] * scale) if t < len(NET_TARGET) else round(NET_TARGET[-1] * scale)
        # every receiving region loses at least one person a year, however small the scale
        aim = np.where(north, np.minimum(-apportion(-min(aim_total, 0), people * north), -1), 0)
        outward = expected[:, ~north].sum(axis=1)
        rest = (
            expected.sum(axis=0)
            - expected[:, north].sum(axis=1)
            + programme.sum(axis=0)
            - programme.sum(axis=1)
        )
        factor = np.where(north, np.maximum(rest - aim, 0) / np.maximum(outward, 1e-9), 1.0)
        adjusted = expected.copy()
        adjusted[np.ix_(north, ~north)] *= factor[north][:, None]
        drawn = rng.poisson(adjusted).astype(np.int64)
        np.fill_diagonal(drawn, 0)
        drawn += programme
        for r in np.flatnonzero(north):  # exact: the largest outward flow takes the remainder
            net = drawn[:, r].sum() - drawn[r, :].sum()
            j = int(np.argmax(np.where(north, -1, drawn[r])))
            drawn[r, j] = max(0, drawn[r, j] + net - aim[r])
        result[t] = drawn
        aims[t] = aim_total
    return result, aims


def _gravity(cal: Calibration, rng: np.random.Generator) -> NDArray[np.float64]:
    """Attraction, push and distance^-1.2 between region centroids (the populations are put in per year)."""
    centres = np.array([geo.centroid(cal.shapes[k], rng) for k in cal.kato2])
    lon, lat = np.radians(centres[:, 0]), np.radians(centres[:, 1])
    cos = np.sin(lat)[:, None] * np.sin(lat)[None, :] + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.cos(
        lon[:, None] - lon[None, :]
    )
    distance = np.maximum(6371.0 * np.arccos(np.clip(cos, -1.0, 1.0)), 50.0)
    push = np.where(_weights(cal, SURPLUS) > 0, _PUSH, 1.0)
    pull = np.array([_ATTRACTION.get(k, 1.0) for k in cal.kato2])
    weight = push[:, None] * pull[None, :] / distance**1.2
    np.fill_diagonal(weight, 0.0)
    return np.asarray(weight, dtype=np.float64)


def demographic(cal: Calibration, population: dict[int, NDArray[np.int64]]) -> tuple[str, ...]:
    """The receiving regions whose working-age population falls over the last five years of the window.

    Their net migration is negative in every year by construction (flows), so these are the regions with a
    demographic deficit by the rule (docs/mobility.md); the truth checks it again on the final files.
    """
    last, before = population[cal.year], population[cal.year - 5]
    falling = working_age(last) < working_age(before)
    return tuple(k for i, k in enumerate(cal.kato2) if k in NORTH and falling[i])


@dataclass
class Seekers:
    """Kandas registered as job seekers where they first settled, still registered at the end of `year`."""

    person: NDArray[np.int64]
    region: NDArray[np.int64]
    registered: NDArray[np.int32]
    nkz: NDArray[np.int64]


def kandas_seekers(
    cal: Calibration, people: PersonStore, jobs: JobModel, scale: float, rng: np.random.Generator
) -> Seekers:
    """New kandas (added to people) registered in the last 180 days of `year`, each seeking an occupation."""
    n = max(5, round(KANDAS_SEEKERS * scale))
    region = choice(_weights(cal, KANDAS_FROM), n, rng)
    female = rng.random(n) < 0.4
    ages = np.maximum(sample_ages(cal, region, female, employee_profile(), rng), 20)
    origin = np.zeros(len(COUNTRIES))
    origin[[COUNTRIES.index(c) for c in KANDAS_ORIGIN]] = list(KANDAS_ORIGIN.values())
    citizenship = choice(origin, n, rng).astype(np.int16)
    person = people.add(birth_dates(ages, day(cal.year), rng), female, KANDAS, citizenship)
    registered = (day(cal.year + 1) - rng.integers(1, 181, n)).astype(np.int32)
    nkz = jobs.nkz(choice(group_mix().mean(axis=0), n, rng) + 1, rng)
    return Seekers(person, region, registered, nkz)


def with_seekers(m: Market, s: Seekers) -> Market:
    """The job market with the kandas seekers appended (for the file and the truth; the draws used m)."""
    none = np.full(s.person.size, -1, dtype=np.int64)
    return replace(
        m,
        seeker_person=np.r_[m.seeker_person, s.person],
        seeker_region=np.r_[m.seeker_region, s.region],
        seeker_registered=np.r_[m.seeker_registered, s.registered].astype(np.int32),
        seeker_left=np.r_[m.seeker_left, none].astype(np.int32),
        seeker_reason=np.r_[m.seeker_reason, none],
        seeker_contract=np.r_[m.seeker_contract, none],
    )
