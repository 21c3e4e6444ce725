"""One scenario per criterion of the points (docs/permits.md, "Points"), on both engines, with the boundaries.

Every application is specialist 2142 in region 75 (Almaty), submitted 2025-03-01 unless a scenario says
otherwise: its 12 months of record are those after 2024-03-01.
"""

from __future__ import annotations

from typing import Any

import pytest

from jumys.errors import InvalidInput
from jumys.permits.schemas import Points, PointsComponent
from tests.permits.world import PermitWorld

ASTANA = "711110000"


def _ready(world: PermitWorld) -> str:
    """An employer with an unfilled vacancy for 2142 posted 2025-01-02 and a specialist quota in region 75."""
    b = world.employer()
    world.vacancy(b)
    world.quota(5)
    return b


def _scored(world: PermitWorld, b: str, **over: Any) -> Points:
    d = world.decide(world.application(b, **over))
    points = world.points(d.application_id)
    assert points is not None
    return points


def _one(points: Points, criterion: str) -> PointsComponent:
    [found] = [c for c in points.components if c.criterion == criterion]
    return found


def _citizens_paid(world: PermitWorld, nkz: str = "2142", n: int = 20, kato: str = "751110000") -> None:
    """n citizens of nkz at another employer, paid 100 000, 200 000, ... n x 100 000 a month."""
    other = world.employer()
    for i in range(1, n + 1):
        world.staff(other, 1, nkz=nkz, salary=100_000 * i, kato=kato)


@pytest.mark.parametrize(
    ("salary", "below", "points"),
    [("1850000", 18, 20), ("1800001", 18, 20), ("1800000", 17, 10), ("1350000", 13, 10), ("1300000", 12, 0)],
)
def test_a_salary_earns_points_by_the_share_of_citizens_of_the_occupation_paid_less(
    world: PermitWorld, salary: str, below: int, points: int
) -> None:
    b = _ready(world)
    _citizens_paid(world)  # 20 citizens of 2142: at least SALARY_MIN_CONTRACTS, the occupation is compared
    foreigners = world.employer()
    world.staff(foreigners, 5, nkz="2142", status="foreigner", salary=100)  # foreigners are not compared
    _citizens_paid(world, kato=ASTANA)  # nor citizens of another region
    world.ingest()
    component = _one(_scored(world, b, salary_kzt=salary), "salary")
    assert component.value == {
        "salary_kzt": int(salary),
        "nkz": "2142",
        "region": "75",
        "reference": "occupation",
        "group": "2",
        "contracts": 20,
        "below": below,
        "share": below / 20,
    }
    assert component.points == points
    assert "of occupation 2142 in region Almaty" in component.sentence["en"]
    assert "90.0%" in component.rule


@pytest.mark.parametrize(
    ("staff", "reference", "contracts"),
    [
        ({"2142": 19, "2411": 1}, "group", 20),  # 19 of the occupation: its major group 2 has 20
        ({"2142": 10, "7212": 15}, "region", 25),  # the group has 10: every occupation in the region
        ({"2142": 3}, "region", 3),  # the region has fewer than 20 too: compared with what there is
    ],
)
def test_fewer_than_20_citizens_of_the_occupation_compare_with_its_group_then_the_region(
    world: PermitWorld, staff: dict[str, int], reference: str, contracts: int
) -> None:
    b = _ready(world)
    for nkz, n in staff.items():
        _citizens_paid(world, nkz=nkz, n=n)
    world.ingest()
    component = _one(_scored(world, b, salary_kzt="5000000"), "salary")
    assert (component.value["reference"], component.value["contracts"]) == (reference, contracts)
    assert component.points == 20


def test_a_salary_not_stated_earns_0_and_says_so(world: PermitWorld) -> None:
    b = _ready(world)
    _citizens_paid(world)
    world.ingest()
    component = _one(_scored(world, b), "salary")
    assert (component.points, component.value["salary_kzt"]) == (0, None)
    assert component.sentence["en"].startswith("salary not stated: 0 points")
    assert component.sentence["ru"] != component.sentence["en"]


def test_a_salary_without_citizens_to_compare_with_earns_0(world: PermitWorld) -> None:
    b = _ready(world)
    world.ingest()
    component = _one(_scored(world, b, salary_kzt="900000"), "salary")
    assert (component.points, component.value["reference"], component.value["contracts"]) == (0, None, 0)
    assert "no citizens' contracts in region Almaty" in component.sentence["en"]


@pytest.mark.parametrize(
    ("category", "nkz", "points"),
    [
        ("head", "1120", 20),
        ("specialist", "2142", 20),
        ("specialist", "3115", 10),
        ("skilled_worker", "7212", 0),
    ],
)
def test_qualification_earns_points_by_the_nkz_major_group(
    world: PermitWorld, category: str, nkz: str, points: int
) -> None:
    b = _ready(world)
    world.ingest()
    component = _one(_scored(world, b, category=category, nkz=nkz), "qualification")
    assert (component.value, component.points) == ({"group": nkz[0]}, points)


@pytest.mark.parametrize(("category", "nkz"), [("seasonal", "6111"), ("household", "5311")])
def test_seasonal_and_household_applications_are_never_scored(
    world: PermitWorld, category: str, nkz: str
) -> None:
    b = _ready(world)
    world.ingest()
    d = world.decide(world.application(None if category == "household" else b, category=category, nkz=nkz))
    assert world.points(d.application_id) is None
    assert world.count("fact_permit_points") == 0


@pytest.mark.parametrize(("seekers", "points"), [(0, 20), (1, 20), (2, 10), (3, 0)])
def test_a_shortage_occupation_has_more_unfilled_vacancies_than_job_seekers(
    world: PermitWorld, seekers: int, points: int
) -> None:
    b = _ready(world)  # its vacancy for 2142 is unfilled: 1
    other = world.employer()
    world.vacancy(other, posted_on="2024-03-02")  # the first day of the 12 months: 2
    world.vacancy(other, posted_on="2024-03-01")  # before them: not counted
    world.vacancy(other, filled=True)  # filled: not counted
    world.vacancy(other, nkz="2411")  # another occupation
    world.vacancy(other, posted_on="2025-03-02")  # after the application
    world.seekers(seekers)
    world.seekers(1, left_on="2025-02-01")  # no longer seeking
    world.seekers(1, registered_on="2025-03-02")  # not yet
    world.seekers(2, nkz="2411")  # another occupation
    world.ingest()
    component = _one(_scored(world, b), "shortage")
    assert (component.value["unfilled"], component.value["seekers"]) == (2, seekers)
    assert component.points == points


@pytest.mark.parametrize(("citizens", "foreigners", "points"), [(9, 1, 10), (7, 3, 5), (6, 4, 0), (0, 0, 0)])
def test_the_employer_earns_points_by_the_citizens_among_its_hires_of_12_months(
    world: PermitWorld, citizens: int, foreigners: int, points: int
) -> None:
    b = _ready(world)
    world.staff(b, citizens, start="2024-06-01")
    world.staff(b, foreigners, status="foreigner", start="2024-03-02")
    world.staff(b, 3, status="foreigner", start="2024-03-01")  # hired before the 12 months
    world.staff(b, 3, status="foreigner", start="2025-03-02")  # after the application
    world.ingest()
    component = _one(_scored(world, b), "local_hiring")
    assert (component.value["hires"], component.value["citizens"]) == (citizens + foreigners, citizens)
    assert component.points == points


@pytest.mark.parametrize(("staff", "points"), [(20, 10), (21, 5)])
def test_the_employer_earns_points_by_the_citizens_it_trained_at_its_expense(
    world: PermitWorld, staff: int, points: int
) -> None:
    b = _ready(world)
    people = world.staff(b, staff)
    world.trained(b, people[:1])  # 1 of 20 staff is 5 %: 10 points; 1 of 21 is under: 5 for any
    world.trained(b, people[1:2], paid_by="state")  # not at its expense
    world.trained(b, people[2:3], started_on="2024-03-01")  # before the 12 months
    foreigner = world.staff(world.employer(), 1, status="foreigner")
    world.trained(b, foreigner)  # not a citizen
    world.ingest()
    component = _one(_scored(world, b), "training")
    assert (component.value["trained"], component.value["staff"], component.points) == (1, staff, points)


def test_an_employer_who_trained_no_citizen_earns_0_for_training(world: PermitWorld) -> None:
    b = _ready(world)
    world.staff(b, 5)
    world.ingest()
    assert _one(_scored(world, b), "training").points == 0


@pytest.mark.parametrize(
    ("over", "points"),
    [
        ({}, -20),
        ({"repaid_on": "2025-03-01", "repaid_kzt": "1000000"}, 0),  # repaid on the day
        ({"repaid_on": "2025-03-02", "repaid_kzt": "1000000"}, -20),  # repaid after it
        ({"reported_on": "2025-03-02"}, 0),  # reported after it
    ],
)
def test_open_wage_arrears_take_points_away(world: PermitWorld, over: dict[str, str], points: int) -> None:
    b = _ready(world)
    world.arrear(b, **over)
    world.ingest()
    component = _one(_scored(world, b), "arrears")
    assert component.points == points
    assert component.value["open"] == (1 if points else 0)


def test_the_points_are_stored_with_refusals_too_and_add_up(world: PermitWorld) -> None:
    b = world.employer()  # no vacancy: refused by the labour-market test
    world.seekers(1)
    world.arrear(b)
    world.ingest()
    d = world.decide(world.application(b, application_id="A1", salary_kzt="700000"))
    assert d.decision == "refused"
    points = world.points("A1")
    assert points is not None
    assert [c.criterion for c in points.components] == [
        "salary",
        "qualification",
        "shortage",
        "local_hiring",
        "training",
        "arrears",
    ]
    assert (points.total, points.pass_mark) == (20 - 20, 40)  # qualification 20, arrears -20
    assert all(set(c.sentence) == {"ru", "kk", "en"} for c in points.components)
    with world.engine.connect() as conn:
        from sqlalchemy import text

        assert conn.execute(text("SELECT salary_kzt FROM fact_permit_points")).scalar_one() == 700_000


@pytest.mark.parametrize("salary", ["-5", "abc", "12.5", "0", "1" * 13])
def test_an_invalid_salary_is_refused_as_invalid_and_nothing_stored(world: PermitWorld, salary: str) -> None:
    b = _ready(world)
    world.ingest()
    with pytest.raises(InvalidInput) as e:
        world.decide(world.application(b, salary_kzt=salary))
    assert e.value.code == "permits.invalid"
    reason = e.value.text.params["reason"]
    assert reason.code == "permits.bad_salary"
    for table in ("fact_permit_decisions", "fact_permit_points", "fact_issued_permits", "audit_log"):
        assert world.count(table) == 0, table
