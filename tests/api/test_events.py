"""POST /api/v1/events: contract and payroll events through the API, at most 1,000, 429 while another write
runs, audited."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient

from jumys.access.service import list_audit
from jumys.doors.events import RETRY_AFTER_SECONDS
from jumys.registry.events import MAX_EVENTS
from tests.api.conftest import API, bearer
from tests.factories import contract, new_iin, payroll, rows
from tests.reports.world import World


def _event(event_id: str, kind: str, row: dict[str, Any]) -> dict[str, Any]:
    return {"event_id": event_id, "kind": kind, "row": row}


def _events(engine: sa.Engine) -> list[str]:
    return sorted(r[0] for r in rows(engine, "events"))


def test_events_are_answered_one_by_one_and_audited(
    client: TestClient, world: World, engine: sa.Engine
) -> None:
    bin_ = world.bins["OA"]
    good = contract(bin_)
    sent = {
        "events": [
            _event("api-1", "contract", good),
            _event("api-2", "payroll", payroll(good["iin"], bin_) | {"wage_kzt": 400000}),
            _event("api-3", "payroll", payroll(new_iin()[:11] + "x", bin_)),
        ]
    }
    r = client.post(f"{API}/events", json=sent, headers=bearer(world, "ministry"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["applied"], body["duplicate"], body["refused"]) == (2, 0, 1)
    assert [(e["index"], e["event_id"], e["status"]) for e in body["events"]] == [
        (0, "api-1", "applied"),
        (1, "api-2", "applied"),
        (2, "api-3", "refused"),
    ]
    (reason,) = body["events"][2]["reasons"]
    assert (reason["column"], reason["code"]) == ("iin", "id.iin_digits")
    assert reason["value"].startswith("****")  # an IIN is never answered in clear
    assert _events(engine) == ["api-1", "api-2"]
    again = client.post(f"{API}/events", json=sent, headers=bearer(world, "ministry")).json()
    assert [e["status"] for e in again["events"]] == ["duplicate", "duplicate", "refused"]
    assert (
        again["batch_no"] is not None and again["batch_no"] != body["batch_no"]
    )  # the refused one was tried again
    with engine.connect() as conn:
        audit = [a for a in list_audit(conn, limit=1000) if a["action"] == "ingest_events"]
    assert [(a["outcome"], a["detail"]["applied"], a["detail"]["refused"]) for a in audit[-2:]] in (
        [("ok", 2, 1), ("ok", 0, 1)],
        [("ok", 0, 1), ("ok", 2, 1)],
    )
    assert audit[-1]["resource"].startswith("batch ")


def test_at_most_1000_events_at_a_time(client: TestClient, world: World, engine: sa.Engine) -> None:
    bin_ = world.bins["OA"]
    iin = new_iin()
    many = [
        _event(f"m-{i}", "payroll", payroll(iin, bin_, f"{2000 + i // 12}-{i % 12 + 1:02d}"))
        for i in range(MAX_EVENTS)
    ]
    too_many = client.post(
        f"{API}/events",
        json={"events": [*many, _event("one-more", "contract", contract(bin_))]},
        headers=bearer(world, "ministry"),
    )
    assert too_many.status_code == 422, too_many.text
    assert too_many.json()["code"] == "api.invalid_request"
    assert _events(engine) == []
    r = client.post(f"{API}/events", json={"events": many}, headers=bearer(world, "ministry"))
    assert r.status_code == 200, r.text
    assert r.json()["applied"] == MAX_EVENTS
    assert len(_events(engine)) == MAX_EVENTS


def test_events_while_another_write_holds_the_lock_are_429_and_not_lost(
    client: TestClient, world: World, engine: sa.Engine
) -> None:
    sent = {"events": [_event("busy-1", "contract", contract(world.bins["OA"]))]}
    lock = client.app.state.door.write_lock  # type: ignore[attr-defined]
    assert lock.acquire(timeout=5)
    try:
        busy = client.post(f"{API}/events", json=sent, headers=bearer(world, "ministry"))
    finally:
        lock.release()
    assert busy.status_code == 429, busy.text
    assert busy.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert busy.json()["code"] == "doors.events_busy"
    assert _events(engine) == []
    sent_again = client.post(f"{API}/events", json=sent, headers=bearer(world, "ministry"))
    assert sent_again.json()["applied"] == 1
    assert _events(engine) == ["busy-1"]


def test_text_that_is_not_unicode_is_refused_not_a_server_error(client: TestClient, world: World) -> None:
    row = contract(world.bins["OA"]) | {"\ud800x": "y"}
    body = '{"events": [{"event_id": "\\ud800", "kind": "contract", "row": {"nkz": "\\udfff"}}]}'
    for sent in (body, '{"events": [' + json.dumps(_event("s", "contract", row)) + "]}"):
        r = client.post(
            f"{API}/events",
            content=sent.encode(),
            headers=bearer(world, "ministry") | {"Content-Type": "application/json"},
        )
        assert r.status_code in (200, 422), r.text
