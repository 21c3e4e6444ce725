"""The matching across regions (docs/matching.md): who may be offered what, and that the assignment is optimal.

The store scenarios run on DuckDB and, where JUMYS_TEST_DATABASE_URL is set, on PostgreSQL (the engine
fixture). The regions' classes are given to the matching, as the labour index would give them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from jumys.config import Settings
from jumys.mobility.matching import (
    NO_DEMOGRAPHIC_DEFICIT,
    NO_SEEKER,
    NO_VACANCY,
    TAKEN,
    WAGE_BELOW,
    Market,
    MatchRules,
    assign,
    match,
)
from jumys.reference.regions import region_distances_km
from tests.mobility.match_world import AS_OF, ASTANA, KOSTANAY, NORTH, REGIONS, SHYMKENT, SOUTH, World


@pytest.fixture
def w(engine: sa.Engine, settings: Settings, tmp_path: Path) -> World:
    world = World(engine, settings, tmp_path)
    for region in (SOUTH, SHYMKENT, NORTH, KOSTANAY, ASTANA):
        world.wage(region, 300_000)
    return world


def test_a_seeker_of_a_surplus_region_is_matched_to_a_vacancy_of_a_deficit_region(w: World) -> None:
    w.seeker(SOUTH)
    north = w.vacancy(NORTH, 420_000)
    w.vacancy(ASTANA, 900_000)  # balanced region: never offered
    w.seeker(ASTANA)  # balanced region: never matched
    found, run = w.match()
    assert list(found) == [north]
    m = found[north]
    assert (m["nkz"], m["from_region"], m["to_region"], m["kandas"]) == ("7112", SOUTH, NORTH, False)
    assert (m["salary_kzt"], m["reference_wage_kzt"]) == (420_000, 300_000)
    distance = region_distances_km([SOUTH, NORTH])[0, 1]
    assert m["distance_km"] == round(distance)
    assert m["value"] == pytest.approx(1 + 0.5 * 0.4 - 0.25 * distance / 1000, abs=1e-5)
    assert (run["seekers"], run["vacancies"], run["matched"], run["classes_year"]) == (1, 1, 1, 2025)


def test_only_the_sought_occupation_at_no_less_than_the_seekers_region_wage(w: World) -> None:
    w.seeker(SOUTH, nkz="7112")
    w.seeker(SHYMKENT, nkz="2411")
    w.wage(SHYMKENT, 500_000, nkz="2411")  # professionals earn 500,000 in Shymkent
    w.vacancy(NORTH, 450_000, nkz="2411")  # under Shymkent's 500,000: not offered
    w.vacancy(NORTH, 800_000, nkz="9112")  # nobody seeks it
    found, run = w.match()
    assert found == {}
    details = json.loads(run["details"])
    assert details["seekers_left"] == {NO_VACANCY: 1, WAGE_BELOW: 1}
    assert details["vacancies_left"] == {"no_candidate": 1, NO_SEEKER: 1}


def test_a_region_with_few_contracts_of_the_group_is_held_against_all_its_contracts(w: World) -> None:
    w.wage(SOUTH, 900_000, n=29, nkz="2411")  # 29 contracts: too few to stand for the group
    w.seeker(SOUTH, nkz="2411")
    v = w.vacancy(NORTH, 600_000, nkz="2411")
    found, _ = w.match()
    # the region's median of all 59 contracts (30 at 300,000, 29 at 900,000) is 300,000
    assert found[v]["reference_wage_kzt"] == 300_000


def test_kandas_are_offered_only_regions_with_a_demographic_deficit(w: World) -> None:
    w.seeker(SOUTH, kandas=True)
    w.vacancy(KOSTANAY, 1_000_000)  # labour deficit, no demographic deficit
    found, run = w.match()
    assert found == {}
    assert json.loads(run["details"])["seekers_left"] == {NO_DEMOGRAPHIC_DEFICIT: 1}
    w.vacancy(NORTH, 400_000)
    found, _ = w.match()
    assert [m["to_region"] for m in found.values()] == [NORTH]
    assert all(m["kandas"] for m in found.values())


def test_the_date_decides_who_is_registered_and_what_is_open(w: World) -> None:
    w.seeker(SOUTH, registered="2026-01-02")  # registers after the date
    w.seeker(SOUTH, left_on="2025-12-31", reason="employed")  # left before it
    stays = w.seeker(SOUTH, left_on="2026-01-02", reason="employed")  # left after it: still there
    w.vacancy(NORTH, 500_000, posted_on="2026-01-02")
    w.vacancy(NORTH, 500_000, closed_on="2025-12-31", filled="true")
    w.vacancy(NORTH, 500_000, closed_on="", filled="true")
    later = w.vacancy(NORTH, 450_000, closed_on="2026-02-01", filled="true")  # filled after the date
    found, run = w.match()
    assert list(found) == [later]
    assert (run["seekers"], run["vacancies"]) == (1, 1)
    assert stays


def test_the_longest_waiting_seeker_of_alike_ones_gets_the_better_vacancy(w: World) -> None:
    w.seeker(SOUTH, registered="2025-09-01")
    w.seeker(SOUTH, registered="2025-03-01")
    w.seeker(SOUTH, registered="2025-11-01")
    better, worse = w.vacancy(NORTH, 600_000), w.vacancy(NORTH, 400_000)
    found, run = w.match()
    assert found[better]["registered_on"] == dt.date(2025, 3, 1)
    assert found[worse]["registered_on"] == dt.date(2025, 9, 1)
    assert json.loads(run["details"])["seekers_left"] == {TAKEN: 1}


def test_the_assignment_maximises_the_total_value_not_each_first_choice(w: World) -> None:
    # Shymkent's seeker would take the Kostanay vacancy first (nearer); but the Turkestan seeker's
    # reference wage (500,000) leaves it only Kostanay, so Shymkent's goes north: two matches, not one
    w.wage(SOUTH, 500_000, n=60)
    w.seeker(SOUTH)
    w.seeker(SHYMKENT)
    kostanay, north = w.vacancy(KOSTANAY, 520_000), w.vacancy(NORTH, 480_000)
    found, _ = w.match()
    assert found[kostanay]["from_region"] == SOUTH
    assert found[north]["from_region"] == SHYMKENT


def test_a_new_run_replaces_the_dates_matches(w: World) -> None:
    w.seeker(SOUTH)
    w.vacancy(NORTH, 500_000)
    w.match()
    with w.engine.begin() as conn:
        match(conn, AS_OF, REGIONS)
    with w.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM fact_resettlement_matches")).scalar() == 1
        assert conn.execute(sa.text("SELECT count(*) FROM fact_resettlement_match_runs")).scalar() == 1


# --- optimality against an independent solver -----------------------------------------------------------

REGION_CODES = [SOUTH, SHYMKENT, NORTH, KOSTANAY]


@st.composite
def markets(draw: st.DrawFn) -> Market:
    n_s = draw(st.integers(0, 9))
    n_v = draw(st.integers(0, 9))
    occupations = ["7112", "2411"]
    s_region = [draw(st.sampled_from([SOUTH, SHYMKENT])) for _ in range(n_s)]
    v_region = [draw(st.sampled_from([NORTH, KOSTANAY])) for _ in range(n_v)]
    return Market(
        person=[f"p{i}" for i in range(n_s)],
        seeker_region=np.array(s_region, dtype="<U2"),
        seeker_nkz=np.array([draw(st.sampled_from(occupations)) for _ in range(n_s)], dtype="<U4"),
        registered=[dt.date(2025, 1, 1) + dt.timedelta(days=i) for i in range(n_s)],
        kandas=np.array([draw(st.booleans()) for _ in range(n_s)], dtype=np.bool_),
        vacancy=[f"v{i}" for i in range(n_v)],
        vacancy_region=np.array(v_region, dtype="<U2"),
        vacancy_nkz=np.array([draw(st.sampled_from(occupations)) for _ in range(n_v)], dtype="<U4"),
        salary=np.array([draw(st.integers(200, 700)) * 1000 for _ in range(n_v)], dtype=np.int64),
        wages={
            (SOUTH, "7"): (300_000.0, 40),
            (SOUTH, "*"): (350_000.0, 80),
            (SHYMKENT, "*"): (450_000.0, 50),
        },
    )


def _best_total(m: Market, rules: MatchRules) -> float:
    """The largest total value by brute force over the full seeker x vacancy matrix (Hungarian method)."""
    n_s, n_v = m.seeker_region.size, m.vacancy_region.size
    if not n_s or not n_v:
        return 0.0
    d = region_distances_km(REGION_CODES)
    at = {r: i for i, r in enumerate(REGION_CODES)}
    value = np.zeros((n_s, n_v))
    for i in range(n_s):
        region, nkz = str(m.seeker_region[i]), str(m.seeker_nkz[i])
        wage, n = m.wages.get((region, nkz[0]), (0.0, 0))
        ref = wage if n >= rules.min_reference_contracts else m.wages[(region, "*")][0]
        for j in range(n_v):
            if m.vacancy_nkz[j] != nkz or m.salary[j] < ref:
                continue
            if m.kandas[i] and m.vacancy_region[j] != NORTH:
                continue
            gain = min(m.salary[j] / ref - 1, rules.wage_cap)
            distance = d[at[region], at[str(m.vacancy_region[j])]]
            value[i, j] = 1 + rules.wage_weight * gain - rules.distance_weight * distance / 1000
    rows, cols = linear_sum_assignment(value, maximize=True)
    return float(value[rows, cols].sum())


@hsettings(max_examples=60, deadline=None)
@given(markets())
def test_the_assignment_reaches_the_largest_total_value(m: Market) -> None:
    rules = MatchRules()
    a = assign(m, REGIONS, rules)
    assert a.value.sum() == pytest.approx(_best_total(m, rules), abs=1e-6)
    # each seeker and each vacancy at most once; every one accounted for
    assert len(set(a.seeker.tolist())) == a.seeker.size and len(set(a.vacancy.tolist())) == a.vacancy.size
    assert a.seeker.size + sum(a.seekers_left.values()) == a.seekers
    assert a.vacancy.size + sum(a.vacancies_left.values()) == a.vacancies
    matched = Counter(zip(m.seeker_nkz[a.seeker].tolist(), m.vacancy_nkz[a.vacancy].tolist(), strict=True))
    assert all(s == v for s, v in matched)
