"""Investment projects with planted situations, and what the job-creation methodology must find in them.

Every project has its own holding (the investor), one or two dedicated operators (subsidiaries of
the holding in the project's region, which never take background hires) and one to three
affiliates (other subsidiaries of the holding). An operator's permanent staff was hired long
before the window and stays, except the staff dismissed in a `churn` project; every other
contract at an operator is planted here. ASSUMPTIONS.md explains the design, and `truth()`
computes the expected figures with the methodology's own formulas from what was planted
(jumys/synth/project_truth.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from jumys.synth import project_kinds
from jumys.synth.calibration import SECTIONS, Calibration
from jumys.synth.days import day, plus_years, ymd
from jumys.synth.draw import categorical, choice, uniform_days
from jumys.synth.employers import (
    AFFILIATE,
    HOLDING,
    OPERATOR,
    SIZE_FACTOR,
    Employers,
    random_oked,
    section_weights,
)
from jumys.synth.ids import digit_strings
from jumys.synth.jobs import JobModel
from jumys.synth.population import birth_dates, employee_profile, sample_ages
from jumys.synth.tables import FIXED_TERM, PERMANENT, SEASONAL, ContractStore, PersonStore

MAIN_SITUATIONS = ("kept", "broken_promise", "fictitious_hiring", "churn", "transfers", "pending")
KEPT, BROKEN, FICTITIOUS, CHURN, TRANSFERS, PENDING = range(6)
_AT_SCALE_1 = (500, 200, 120, 120, 120, 80)
_MINIMUM = (6, 6, 6, 6, 6, 3)  # two deadlines (passed, not passed) x 3, and 3 pending
LOW_WAGE_SHARE = 0.12  # share of started projects whose wage bill is planted far below 30 % of the investment
STAFF, DISMISSED, GENUINE, FICTITIOUS_HIRE, TRANSFER, PRIOR, TEMPORARY = range(7)


@dataclass
class Projects:
    """Planted projects (arrays by project); their operators, affiliates and contracts (flat, with owners)."""

    situation: NDArray[np.int64]
    passed: NDArray[np.bool_]  # deadline before the as-of date (for started projects)
    region: NDArray[np.int64]
    section: NDArray[np.int64]
    oked: NDArray[np.str_]
    kind: NDArray[np.int64]  # index into project_kinds.KINDS
    low_wage: NDArray[np.bool_]  # planted with a wage share far below 30 %
    holding: NDArray[np.int64]
    start: NDArray[np.int64]
    deadline: NDArray[np.int64]
    promised: NDArray[np.int64]
    promised_temporary: NDArray[np.int64]  # -1: not given
    operator: NDArray[np.int64]
    operator_owner: NDArray[np.int64]
    affiliate: NDArray[np.int64]
    affiliate_owner: NDArray[np.int64]
    order: NDArray[np.int64]  # rank of each project_id (sorted by year, then number)
    id_year: NDArray[np.int64]  # the year in each project_id
    number: NDArray[np.int64]  # the number in each project_id (from 1 within its year)
    contract: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    contract_owner: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    contract_role: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    wage_bill: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    investment: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def __len__(self) -> int:
        return int(self.situation.size)

    @property
    def window(self) -> NDArray[np.int64]:
        """First day of each project's window (start_date - 180 days)."""
        return self.start - 180

    def ids(self) -> pa.StringArray:
        """project_id of each project: INV-<year started (registered, if not started yet)>-<number>."""
        result = pc.binary_join_element_wise(
            digit_strings(self.id_year, 4, prefix="INV-"), digit_strings(self.number, 5), "-"
        )
        assert isinstance(result, pa.StringArray)
        return result

    def count(self, role: int) -> NDArray[np.int64]:
        """Planted contracts of a role per project."""
        return np.bincount(self.contract_owner[self.contract_role == role], minlength=len(self)).astype(
            np.int64
        )


def plan(
    cal: Calibration, employers_before: int, scale: float, rng: np.random.Generator
) -> tuple[Projects, Employers]:
    """Choose the projects, their dates and sizes; create their holdings, operators and affiliates."""
    t = day(cal.year + 1)
    counts = [max(m, round(a * scale)) for a, m in zip(_AT_SCALE_1, _MINIMUM, strict=True)]
    situation = np.repeat(np.arange(len(MAIN_SITUATIONS)), counts)
    n = situation.size
    rank = np.arange(n) - np.repeat(np.cumsum(counts) - counts, counts)
    passed = (rank % 2 == 0) & (situation != PENDING)  # within a situation: deadline passed, not passed, ...
    pending = situation == PENDING
    kept = situation == KEPT

    region = choice(cal.employment_share, n, rng)
    started = np.flatnonzero(~pending)
    low_wage = np.zeros(n, dtype=np.bool_)
    low_wage[
        rng.choice(
            started, size=min(started.size, max(3, round(LOW_WAGE_SHARE * started.size))), replace=False
        )
    ] = True
    kind = project_kinds.choose(low_wage, pending, rng)
    section = project_kinds.sections(kind)
    # mines and farms are not built inside the three cities: such a project goes to another region
    cities = np.isin(np.array(cal.kato2), project_kinds.CITIES)
    moved = project_kinds.outside_cities(kind) & cities[region]
    region[moved] = choice(np.where(cities, 0.0, cal.employment_share), int(moved.sum()), rng)
    size = min(1.0, 10.0 * scale)  # smaller projects at small scales, so that they do not swamp a region
    promised = np.minimum(10 + np.round(np.exp(rng.normal(np.log(30.0 * size), 0.9, n))), 2000).astype(
        np.int64
    )
    temporary = np.where(rng.random(n) < 0.7, np.round(promised * rng.uniform(0.2, 1.5, n)), -1).astype(
        np.int64
    )

    start = np.zeros(n, dtype=np.int64)
    deadline = np.zeros(n, dtype=np.int64)
    k = int(passed.sum())
    start[passed] = t - rng.integers(400, 901, k)
    deadline[passed] = (
        start[passed] + 180 + np.floor(rng.random(k) * (t - start[passed] - 180)).astype(np.int64)
    )
    on_track = ~passed & kept
    k = int(on_track.sum())
    start[on_track] = t - rng.integers(90, 501, k)
    deadline[on_track] = t + rng.integers(30, 901, k)
    at_risk = ~passed & ~kept & ~pending
    k = int(at_risk.sum())
    start[at_risk] = t - rng.integers(200, 501, k)
    deadline[at_risk] = start[at_risk] + np.ceil((t - start[at_risk]) / rng.uniform(0.78, 0.95, k)).astype(
        np.int64
    )
    k = int(pending.sum())
    start[pending] = t + rng.integers(190, 541, k)
    deadline[pending] = start[pending] + rng.integers(365, 1461, k)
    window = start - 180
    anchor = np.minimum(window, t - 30)  # pending projects: their firms exist before the extract

    n_ops = np.where(rng.random(n) < 0.25, 2, 1)
    n_aff = rng.integers(1, 4, n)
    op_owner = np.repeat(np.arange(n), n_ops)
    aff_owner = np.repeat(np.arange(n), n_aff)
    n_op, n_af = op_owner.size, aff_owner.size
    holding = employers_before + np.arange(n)
    big_city = np.array([cal.kato2.index("71"), cal.kato2.index("75")])
    aff_region = choice(cal.employment_share, n_af, rng)
    aff_section = categorical(section_weights(cal), aff_region, rng)
    project_oked = project_kinds.oked(cal, kind, rng)
    size_factor = np.array([SIZE_FACTOR[s] for s in SECTIONS])
    new = Employers(
        region=np.r_[
            np.where(rng.random(n) < 0.5, region, big_city[rng.integers(0, 2, n)]),
            region[op_owner],
            aff_region,
        ],
        section=np.r_[np.full(n, SECTIONS.index("K")), section[op_owner], aff_section],
        oked=np.r_[np.full(n, "64200"), project_oked[op_owner], random_oked(cal, aff_section, rng)],
        parent=np.r_[np.full(n, -1), holding[op_owner], holding[aff_owner]].astype(np.int64),
        registered=np.maximum(
            np.r_[
                anchor - rng.integers(900, 6001, n),
                anchor[op_owner] - rng.integers(200, 4001, n_op),
                anchor[aff_owner] - rng.integers(900, 6001, n_af),
            ],
            day(1995),
        ).astype(np.int32),
        entity=np.full(n + n_op + n_af, 4, dtype=np.int64),
        weight=np.r_[
            np.full(n, size_factor[SECTIONS.index("K")]),
            np.zeros(n_op),  # operators take no background hires
            np.minimum((1.0 - rng.random(n_af)) ** (-1 / 1.1), 3000.0) * size_factor[aff_section],
        ],
        kind=np.r_[np.full(n, HOLDING), np.full(n_op, OPERATOR), np.full(n_af, AFFILIATE)].astype(np.int8),
    )
    projects = Projects(
        situation=situation,
        passed=passed,
        region=region,
        section=section,
        oked=project_oked,
        kind=kind,
        low_wage=low_wage,
        holding=holding,
        start=start,
        deadline=deadline,
        promised=promised,
        promised_temporary=temporary,
        operator=employers_before + n + np.arange(n_op),
        operator_owner=op_owner,
        affiliate=employers_before + n + n_op + np.arange(n_af),
        affiliate_owner=aff_owner,
        **_numbers(np.minimum(ymd(start.astype(np.int32))[0], cal.year), rng),
    )
    return projects, new


def _numbers(id_year: NDArray[np.int64], rng: np.random.Generator) -> dict[str, NDArray[np.int64]]:
    """Ids' years, numbers from 1 within each year in a random order, and the rank of each id."""
    by_id = np.lexsort((rng.permutation(id_year.size), id_year))
    order = np.empty(id_year.size, dtype=np.int64)
    order[by_id] = np.arange(id_year.size)
    first = np.searchsorted(id_year[by_id], id_year, side="left")
    return {"order": order, "id_year": id_year.astype(np.int64), "number": order - first + 1}


def _pick(
    members: NDArray[np.int64],
    owner_of_member: NDArray[np.int64],
    owners: NDArray[np.int64],
    n_projects: int,
    rng: np.random.Generator,
) -> NDArray[np.int64]:
    """For each element, a random member (operator or affiliate) of its project."""
    per = np.bincount(owner_of_member, minlength=n_projects)
    first = np.cumsum(per) - per
    return np.asarray(
        members[first[owners] + np.floor(rng.random(owners.size) * per[owners]).astype(np.int64)]
    )


def plant(
    cal: Calibration,
    projects: Projects,
    emps: Employers,
    persons: PersonStore,
    contracts: ContractStore,
    jobs: JobModel,
    rng: np.random.Generator,
) -> NDArray[np.int64]:
    """Add the projects' persons and contracts; return the planted contracts active on 1 January by region."""
    n = len(projects)
    y0, t = day(cal.year), day(cal.year + 1)
    oct31, nov30 = day(cal.year, 10, 31), day(cal.year, 11, 30)
    promise = projects.promised.astype(np.float64)
    sit = projects.situation

    def frac(lo: float, hi: float) -> NDArray[np.float64]:
        return rng.uniform(lo, hi, n) * promise

    genuine = np.zeros(n, dtype=np.int64)
    genuine[sit == KEPT] = (projects.promised + np.ceil(frac(0.05, 0.3)))[sit == KEPT]
    low = np.floor(frac(0.2, 0.45)).astype(np.int64)
    over = (projects.promised + np.ceil(frac(0.05, 0.2))).astype(np.int64)
    genuine[np.isin(sit, [BROKEN, FICTITIOUS, TRANSFERS])] = low[
        np.isin(sit, [BROKEN, FICTITIOUS, TRANSFERS])
    ]
    genuine[sit == CHURN] = over[sit == CHURN]
    fictitious = np.where(sit == FICTITIOUS, projects.promised - genuine + np.ceil(frac(0.0, 0.2)), 0).astype(
        np.int64
    )
    dismissed = np.where(sit == CHURN, over - np.floor(frac(0.1, 0.4)), 0).astype(np.int64)
    transfers = np.where(sit == TRANSFERS, over - genuine, 0).astype(np.int64)
    given = projects.promised_temporary >= 0
    temps = np.where(
        given & (sit != PENDING), np.round(projects.promised_temporary * rng.uniform(0.5, 1.2, n)), 0
    ).astype(np.int64)
    staff = np.maximum(5 + np.round(frac(0.3, 2.0)).astype(np.int64), dismissed + 5)
    hire_end = np.where(projects.passed, np.minimum(oct31, projects.deadline), oct31)
    window = projects.window

    owners_all: list[NDArray[np.int64]] = []
    roles_all: list[NDArray[np.int64]] = []
    index_all: list[NDArray[np.int64]] = []
    group_section = projects.section

    def people(
        owner: NDArray[np.int64], min_age: int
    ) -> tuple[NDArray[np.int64], NDArray[np.int32], NDArray[np.int64]]:
        grp = jobs.groups(group_section[owner], rng)
        female = jobs.female(grp, rng)
        ages = np.maximum(sample_ages(cal, projects.region[owner], female, employee_profile(), rng), min_age)
        birth = birth_dates(ages, y0, rng)
        return persons.add(birth, female), birth, grp

    def add(
        owner: NDArray[np.int64],
        role: int,
        employer: NDArray[np.int64],
        who: NDArray[np.int64],
        grp: NDArray[np.int64],
        kind: NDArray[np.int64] | int,
        start: NDArray[np.int32],
        end: NDArray[np.int32] | None,
        paid: bool = True,
    ) -> None:
        sec = emps.section[employer]
        index = contracts.add(
            who,
            employer,
            jobs.nkz(grp, rng),
            kind,
            jobs.conditions(sec, rng),
            start,
            end,
            jobs.salary(emps.region[employer], grp, rng),
            paid=paid,
            planted=True,
        )
        owners_all.append(owner)
        roles_all.append(np.full(owner.size, role))
        index_all.append(index)

    def operator_of(owner: NDArray[np.int64]) -> NDArray[np.int64]:
        return _pick(projects.operator, projects.operator_owner, owner, n, rng)

    # staff: permanent, hired before the window; the first `dismissed` of a churn project leave inside it
    owner = np.repeat(np.arange(n), staff)
    employer = operator_of(owner)
    who, birth, grp = people(owner, 24)
    lo = np.maximum(emps.registered[employer].astype(np.int64) + 1, plus_years(birth, 16))
    start = uniform_days(lo, np.minimum(window[owner], t) - 30, rng, owner.size)
    rank = np.arange(owner.size) - np.repeat(np.cumsum(staff) - staff, staff)
    leaves = rank < dismissed[owner]
    end = np.full(owner.size, np.iinfo(np.int32).max, dtype=np.int64)
    end[leaves] = uniform_days(window[owner[leaves]] + 1, t - 1, rng, int(leaves.sum()))
    for role, mask in ((STAFF, ~leaves), (DISMISSED, leaves)):
        add(
            owner[mask],
            role,
            employer[mask],
            who[mask],
            grp[mask],
            PERMANENT,
            start[mask],
            end[mask].astype(np.int32),
        )

    # genuine permanent hires, and fictitious ones (registered, never paid)
    for role, count, first in (
        (GENUINE, genuine, window),
        (FICTITIOUS_HIRE, fictitious, np.maximum(window, y0 - 365)),
    ):
        owner = np.repeat(np.arange(n), count)
        who, _, grp = people(owner, 19)
        start = uniform_days(first[owner], hire_end[owner], rng, owner.size)
        add(owner, role, operator_of(owner), who, grp, PERMANENT, start, None, paid=role == GENUINE)

    # transfers: a contract at an affiliate ended 1-50 days before the hire at the operator
    owner = np.repeat(np.arange(n), transfers)
    who, birth, grp = people(owner, 24)
    start = uniform_days(window[owner], hire_end[owner], rng, owner.size)
    prior_end = start - rng.integers(1, 51, owner.size)
    affiliate = _pick(projects.affiliate, projects.affiliate_owner, owner, n, rng)
    lo = np.maximum(emps.registered[affiliate].astype(np.int64) + 1, plus_years(birth, 16))
    prior_start = np.maximum(prior_end - rng.integers(200, 2501, owner.size), lo)
    add(
        owner, PRIOR, affiliate, who, grp, PERMANENT, prior_start.astype(np.int32), prior_end.astype(np.int32)
    )
    add(owner, TRANSFER, operator_of(owner), who, grp, PERMANENT, start, None)

    # temporary jobs: fixed-term or seasonal, started in the window and in the year, paid
    owner = np.repeat(np.arange(n), temps)
    who, _, grp = people(owner, 19)
    start = uniform_days(np.maximum(window[owner], y0), nov30, rng, owner.size)
    seasonal = rng.random(owner.size) < 0.4
    temp_end = start + np.where(
        seasonal, rng.integers(60, 181, owner.size), rng.integers(60, 301, owner.size)
    )
    add(
        owner,
        TEMPORARY,
        operator_of(owner),
        who,
        grp,
        np.where(seasonal, SEASONAL, FIXED_TERM),
        start,
        temp_end.astype(np.int32),
    )

    projects.contract = np.concatenate(index_all)
    projects.contract_owner = np.concatenate(owners_all)
    projects.contract_role = np.concatenate(roles_all)
    # contracts active on 1 January, by the region of their employer
    block = contracts.blocks[-len(index_all) :]
    region = np.concatenate([emps.region[b.employer][(b.start <= y0) & (b.end >= y0)] for b in block])
    return np.bincount(region, minlength=cal.regions).astype(np.int64)
