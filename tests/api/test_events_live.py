"""After events: their projects verified again in the background, the answers and the pages that follow them,
and a flood of events refused with 429 and sent again without losing or doubling one."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient

from jumys.config import Settings
from jumys.doors.events import receive_events
from jumys.projects.service import VERIFY_LOCK_KEY
from jumys.registry.events import Event
from jumys.registry.pseudonym import load_key, pseudonymise
from jumys.reports import facts_version
from tests.api.conftest import API, bearer
from tests.factories import contract, payroll, rows
from tests.reports.world import AS_OF, World


def _event(event_id: str, kind: str, row: dict[str, Any]) -> dict[str, Any]:
    return {"event_id": event_id, "kind": kind, "row": row}


def _hire(world: World, n: int, prefix: str = "h") -> list[dict[str, Any]]:
    """n hires at A75's operator, each paid for June 2025."""
    out = []
    for i in range(n):
        c = contract(world.bins["OA"]) | {"start_date": "2025-06-01"}
        out += [
            _event(f"{prefix}-c-{i}", "contract", c),
            _event(f"{prefix}-p-{i}", "payroll", payroll(c["iin"], world.bins["OA"], "2025-06")),
        ]
    return out


def _post(client: TestClient, world: World, events: list[dict[str, Any]]) -> Any:
    return client.post(f"{API}/events", json={"events": events}, headers=bearer(world, "ministry"))


def test_the_projects_of_the_events_are_verified_again_and_show_their_batch(
    client: TestClient, world: World
) -> None:
    door = client.app.state.door  # type: ignore[attr-defined]
    ministry = bearer(world, "ministry")
    before = {pid: client.get(f"{API}/projects/{pid}", headers=ministry).json() for pid in ("A75", "B11")}
    r = _post(client, world, _hire(world, 2))
    assert r.status_code == 200, r.text
    batch = r.json()["batch_no"]
    door.reverifier.run_once()
    after = {pid: client.get(f"{API}/projects/{pid}", headers=ministry).json() for pid in ("A75", "B11")}
    assert before["A75"]["data_batch_no"] == before["B11"]["data_batch_no"] == 1
    assert after["A75"]["data_batch_no"] == batch  # the newest date: the one verified again
    assert after["A75"]["verified_at"] > before["A75"]["verified_at"]
    assert after["B11"] == before["B11"]  # no event named a BIN of its group
    v = after["A75"]["verification"]
    assert v["current_headcount"] == before["A75"]["verification"]["current_headcount"] + 2


def test_a_page_asks_live_whether_its_facts_changed(
    client: TestClient, world: World, engine: sa.Engine
) -> None:
    door = client.app.state.door  # type: ignore[attr-defined]
    as_of = max(AS_OF)
    with engine.connect() as conn:
        seen = facts_version(conn, as_of, "A75")
    query = {"as_of": as_of.isoformat(), "project": "A75", "seen": seen}
    same = client.get("/live", params=query)
    assert same.status_code == 204
    assert "HX-Trigger" not in same.headers
    _post(client, world, _hire(world, 1))
    door.reverifier.run_once()
    changed = client.get("/live", params=query)
    assert changed.status_code == 200
    assert changed.headers["HX-Trigger"] == "live-changed"
    scorecard = client.get("/regions/75").text  # a page anyone sees follows its facts too
    assert 'hx-trigger="every 2s"' in scorecard and "/live?" in scorecard


def test_a_flood_beyond_capacity_gets_429_and_every_event_is_stored_once_when_sent_again(
    client: TestClient, world: World, engine: sa.Engine
) -> None:
    """Twenty requests while another write holds the lock: each is 429 with Retry-After, none applies anything;
    sent again (some twice), every event is stored exactly once. While the lock is held each request waits a
    fifth of a second for it, not the three seconds it waits behind a real write (then put back)."""
    requests = [_hire(world, 3, prefix=f"flood{k}") for k in range(20)]
    door = client.app.state.door  # type: ignore[attr-defined]
    waits = door.events_wait_seconds
    assert door.write_lock.acquire(timeout=5)
    door.events_wait_seconds = 0.2
    try:
        with ThreadPoolExecutor(4) as pool:
            busy = list(pool.map(lambda e: _post(client, world, e), requests))
    finally:
        door.events_wait_seconds = waits
        door.write_lock.release()
    assert {r.status_code for r in busy} == {429}
    assert all(int(r.headers["Retry-After"]) > 0 for r in busy)
    assert rows(engine, "events") == []
    with ThreadPoolExecutor(4) as pool:
        again = list(pool.map(lambda e: _post(client, world, e), requests + requests[:5]))
    statuses = [r.status_code for r in again]
    retried = [
        _post(client, world, e) for e, s in zip(requests + requests[:5], statuses, strict=True) if s == 429
    ]
    assert all(r.status_code == 200 for r in retried)
    sent = {e["event_id"] for req in requests for e in req}
    stored = [r[0] for r in rows(engine, "events")]
    assert sorted(stored) == sorted(sent)  # each once: none lost, none doubled
    assert len(rows(engine, "contracts")) >= len(world.rows.get("contracts", [])) + 60


def test_on_postgresql_events_are_applied_while_their_projects_are_verified_again(
    client: TestClient, world: World, engine: sa.Engine
) -> None:
    """A re-verification held up (another verification holds PostgreSQL's advisory lock) keeps no event out:
    the next request is applied at once; released, the re-verification verifies both requests' projects."""
    if engine.dialect.name != "postgresql":
        return  # the embedded store writes one transaction at a time: there the re-verification holds the lock
    door = client.app.state.door  # type: ignore[attr-defined]
    ministry = bearer(world, "ministry")
    other = engine.connect()
    other.exec_driver_sql(f"SELECT pg_advisory_lock({VERIFY_LOCK_KEY})")  # a verification under way
    verifying = threading.Thread(target=door.reverifier.run_once)
    try:
        first = _post(client, world, _hire(world, 1, prefix="held"))
        assert first.status_code == 200, first.text
        verifying.start()  # waits for the advisory lock, holding the re-verifier's own lock
        time.sleep(0.5)
        assert verifying.is_alive()
        second = _post(client, world, _hire(world, 1, prefix="beside"))
        assert second.status_code == 200, second.text  # not 429: the write lock was free
        assert [e["status"] for e in second.json()["events"]] == ["applied", "applied"]
    finally:
        other.exec_driver_sql(f"SELECT pg_advisory_unlock({VERIFY_LOCK_KEY})")
        other.close()
        if verifying.is_alive():
            verifying.join(timeout=60)
    door.reverifier.run_once()  # what the first run's snapshot did not see
    shown = client.get(f"{API}/projects/A75", headers=ministry).json()
    assert shown["data_batch_no"] == second.json()["batch_no"]
    assert rows(engine, "verify_queue") == []


def test_events_report_the_pseudonyms_of_the_persons_they_wrote(
    client: TestClient, world: World, engine: sa.Engine, settings: Settings
) -> None:
    """The cabinets noticed after events are those of the persons written: the report names their pseudonyms."""
    door = client.app.state.door  # type: ignore[attr-defined]
    hires = _hire(world, 2, prefix="who")
    sent = [Event(e["event_id"], e["kind"], e["row"]) for e in hires]
    report = receive_events(door, world.principals["ministry"], sent)
    key = load_key(settings, embedded=engine.dialect.name == "duckdb")
    iins = {e["row"]["iin"] for e in hires}
    assert sorted(report.persons) == sorted(pseudonymise(key, i) for i in iins)
