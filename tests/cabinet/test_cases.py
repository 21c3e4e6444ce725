"""A person's cases and their status histories, derived from the store: only their own, on both engines."""

from __future__ import annotations

import datetime as dt

from jumys.reports.cabinet import person_cases
from tests.cabinet.world import TODAY, CabinetWorld


def _cases(world: CabinetWorld, person: object, today: dt.date = TODAY) -> dict[str, list[tuple[str, str]]]:
    with world.engine.connect() as conn:
        found = person_cases(conn, person, today)  # type: ignore[arg-type]
    return {c.case_id: [(h.status, h.on.isoformat()) for h in c.history] for c in found}


def test_a_permit_is_issued_then_expires_the_day_after_valid_until(world: CabinetWorld) -> None:
    b = world.ready()
    iin = world.person()
    pid = world.permit(b, iin=iin, issued_on="2024-01-15", valid_until="2025-01-14")
    world.ingest()
    person, _ = world.account(iin)
    assert _cases(world, person, dt.date(2025, 1, 14)) == {pid: [("issued", "2024-01-15")]}
    assert _cases(world, person, dt.date(2025, 1, 15)) == {
        pid: [("issued", "2024-01-15"), ("expired", "2025-01-15")]
    }


def test_a_revoked_permit_is_revoked_not_expired(world: CabinetWorld) -> None:
    b = world.ready()
    iin = world.person()
    pid = world.permit(b, iin=iin, issued_on="2024-01-15", valid_until="2025-01-14", revoked_on="2024-06-01")
    world.ingest()
    person, _ = world.account(iin)
    assert _cases(world, person) == {pid: [("issued", "2024-01-15"), ("revoked", "2024-06-01")]}


def test_an_application_is_submitted_then_decided_and_its_permit_issued(world: CabinetWorld) -> None:
    b = world.ready(units=1)
    first, second = world.person(), world.person()
    world.ingest()
    mine, _ = world.account(first)
    theirs, _ = world.account(second)
    world.decide(world.application(b, application_id="A1", iin=first, valid_until="2027-03-31"))
    world.decide(world.application(b, application_id="A2", iin=second))  # the quota's one unit is gone
    today = dt.date.today()
    got = _cases(world, mine, today)
    assert got == {
        "A1": [("submitted", "2025-03-01"), ("issued", today.isoformat())],
        "WPA-A1": [("issued", "2025-04-01")],
    }
    assert _cases(world, theirs, today) == {
        "A2": [("submitted", "2025-03-01"), ("refused", today.isoformat())]
    }


def test_a_resettlement_case_is_moved_then_left_once_the_day_has_come(world: CabinetWorld) -> None:
    iin = world.person("kandas")
    case = world.resettle(iin, moved_on="2024-04-01", left_on="2025-05-10")
    world.ingest()
    person, _ = world.account(iin)
    assert _cases(world, person, dt.date(2025, 5, 9)) == {case: [("moved", "2024-04-01")]}
    assert _cases(world, person, dt.date(2025, 5, 10)) == {
        case: [("moved", "2024-04-01"), ("left", "2025-05-10")]
    }


def test_a_person_never_sees_another_persons_case(world: CabinetWorld) -> None:
    b = world.ready()
    a, other, nobody = world.person("kandas"), world.person(), world.person()
    mine = world.resettle(a)
    world.resettle(other)
    world.permit(b, iin=other)
    world.permit(b, iin=nobody)
    world.ingest()
    person, _ = world.account(a)
    assert set(_cases(world, person)) == {mine}
    without, _ = world.account(world.person())  # a person of no case sees none
    assert _cases(world, without) == {}
