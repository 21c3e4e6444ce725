"""JUMYS_PERMIT_SELECTION: the rules' order, or the best-scored first among the same day's applications for
one quota; `jumys permits rank` shows who would get the units left without deciding anything."""

from __future__ import annotations

from typing import Any

import pytest

from jumys.doors.applications import rank_applications
from tests.permits.world import MINISTRY, PermitWorld


def _competing(world: PermitWorld) -> list[dict[str, Any]]:
    """One unit of specialists left; A1 (group 3: 30 points) and A2 (group 2: 40 points) apply on the same day,
    A0 (group 2) the day after, A3 for another quota (skilled workers, 1 unit) in between."""
    b = world.employer()
    for nkz in ("3115", "2142", "7212"):
        world.vacancy(b, nkz=nkz)
    world.quota(1)
    world.quota(1, category="skilled_worker")
    world.ingest()
    return [
        world.application(b, application_id="A0", submitted_on="2025-03-02"),
        world.application(b, application_id="A1", nkz="3115"),
        world.application(b, application_id="A2"),
        world.application(b, application_id="A1x", nkz="7212", category="skilled_worker"),
        world.application(b, application_id="A9", category="boss"),
    ]


@pytest.mark.parametrize(
    ("selection", "order", "issued"),
    [
        ("order", ["A1", "A1x", "A2", "A9", "A0"], {"A1", "A1x"}),
        ("points", ["A2", "A1x", "A1", "A9", "A0"], {"A2", "A1x"}),
    ],
)
def test_the_same_days_applications_for_a_quota_are_decided_by_points_when_selection_is_points(
    world: PermitWorld, selection: str, order: list[str], issued: set[str]
) -> None:
    decisions = world.decide_all(_competing(world), selection)
    assert [d.application_id for d in decisions] == order
    assert {d.application_id for d in decisions if d.decision == "issued"} == issued
    refused = {
        d.application_id: [f.check for f in d.failed_checks] for d in decisions if d.decision == "refused"
    }
    assert refused == {({"A1", "A2"} - issued).pop(): ["quota"], "A0": ["quota"]}


def test_ties_in_points_keep_the_order_of_the_application_ids(world: PermitWorld) -> None:
    rows = _competing(world)
    rows[1]["nkz"] = "2142"  # A1 now scores as A2
    decisions = world.decide_all(rows, "points")
    assert [d.application_id for d in decisions][:3] == ["A1", "A1x", "A2"]
    assert decisions[0].decision == "issued"


@pytest.mark.parametrize(("selection", "winner"), [("order", "A1"), ("points", "A2")])
def test_rank_shows_who_would_get_the_units_left_and_stores_nothing(
    world: PermitWorld, selection: str, winner: str
) -> None:
    rows = _competing(world)
    cells, invalid = rank_applications(world.engine, world.lock, world.key, MINISTRY, rows, selection)
    assert [(c.category, c.units, c.issued, c.left) for c in cells] == [
        ("specialist", 1, 0, 1),
        ("skilled_worker", 1, 0, 1),
    ]
    specialists = cells[0].applications
    assert [a.application_id for a in specialists] == (
        ["A1", "A2", "A0"] if selection == "order" else ["A2", "A1", "A0"]
    )
    # qualification 10 or 20, and a shortage (an unfilled vacancy, no job seekers) 20
    assert {a.application_id: a.points for a in specialists} == {"A1": 30, "A2": 40, "A0": 40}
    assert [a.application_id for a in specialists if a.would_get] == [winner]
    assert [a.failed_checks for a in specialists if not a.would_get] == [["quota"], ["quota"]]
    assert [d.application_id for d in invalid] == ["A9"]
    for table in ("fact_permit_decisions", "fact_permit_points", "fact_issued_permits", "audit_log"):
        assert world.count(table) == 0, table
