"""Notifications: each new status of a person's case noticed once, e-mailed once, after an ingest or a decision."""

from __future__ import annotations

import datetime as dt

from jumys.cabinet.accounts import disable_person
from tests.cabinet.world import CabinetWorld


def _noticed(world: CabinetWorld) -> set[tuple[str, str, bool]]:
    return {(r["case_id"], r["status"], bool(r["announced"])) for r in world.table("cabinet_notifications")}


def test_the_statuses_known_when_the_account_is_made_are_not_news(world: CabinetWorld) -> None:
    iin = world.person("kandas")
    case = world.resettle(iin)
    world.ingest()
    world.account(iin)
    assert _noticed(world) == {(case, "moved", False)}
    assert world.notice() == 0 and world.table("cabinet_outbox") == []


def test_a_new_status_from_an_ingest_is_noticed_and_mailed_exactly_once(world: CabinetWorld) -> None:
    iin = world.person("kandas")
    case = world.resettle(iin, moved_on="2024-04-01")
    world.ingest()
    world.account(iin, email="kandas@example.kz", lang="ru")
    world.resettle(iin, case_id=case, moved_on="2024-04-01", left_on="2025-06-01")
    world.ingest()  # the case again, now with the day the person left
    for _ in range(3):
        world.notice()  # however often the statuses are looked at
    assert _noticed(world) == {(case, "moved", False), (case, "left", True)}
    [mail] = world.table("cabinet_outbox")
    assert mail["recipient"] == "kandas@example.kz" and mail["state"] == "pending"
    assert case in mail["subject"] and case in mail["body"]
    assert iin not in str(mail)


def test_a_permit_decision_notices_the_applicants_new_statuses_at_once(world: CabinetWorld) -> None:
    b = world.ready()
    iin = world.person()
    world.ingest()
    world.account(iin)
    world.decide(world.application(b, application_id="A1", iin=iin, valid_until="2027-03-31"))
    assert _noticed(world) == {("A1", "submitted", True), ("A1", "issued", True), ("WPA-A1", "issued", True)}
    assert len(world.table("cabinet_outbox")) == 3


def test_an_expiry_is_noticed_when_its_day_has_come_without_a_write(world: CabinetWorld) -> None:
    b = world.ready()
    iin = world.person()
    pid = world.permit(b, iin=iin, issued_on="2025-02-01", valid_until="2027-06-30")
    world.ingest()
    world.account(iin)
    assert world.notice(dt.date(2027, 6, 30)) == 0
    assert world.notice(dt.date(2027, 7, 1)) == 1
    assert (pid, "expired", True) in _noticed(world)


def test_a_disabled_account_gets_no_notice(world: CabinetWorld) -> None:
    b = world.ready()
    iin = world.person()
    world.permit(b, iin=iin, issued_on="2025-02-01", valid_until="2027-06-30")
    world.ingest()
    world.account(iin)
    with world.engine.begin() as conn:
        disable_person(conn, world.key, iin)
    assert world.notice(dt.date(2027, 7, 1)) == 0
