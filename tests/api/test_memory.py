"""The API's short memory: answers and principals expire, writes forget them, audits are grouped yet complete."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

import jumys.api.routes
from jumys.access.principal import Principal
from jumys.access.service import list_audit
from jumys.config import Settings
from jumys.doors.audit import AuditWriter
from jumys.doors.cache import TTLCache
from jumys.errors import NotFound
from jumys.reports.messages import NO_PROJECT
from jumys.server import create_app
from tests.api.conftest import API, bearer, zipped
from tests.factories import project, write_batch
from tests.reports.world import World

T = TypeVar("T")


def test_entries_expire_and_are_forgotten() -> None:
    cache = TTLCache(0.05, max_entries=2)
    cache.put("a", 1)
    assert cache.get("a") == 1
    time.sleep(0.06)
    assert cache.get("a") is None
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("c", 3)  # over the bound: the least recently used goes
    assert cache.get("a") is None and cache.get("c") == 3
    cache.clear()
    assert cache.get("c") is None
    before = cache.generation
    cache.clear()  # a write happened while an answer was being computed
    cache.put("late", 1, before)
    assert cache.get("late") is None
    off = TTLCache(0)
    off.put("a", 1)
    assert off.get("a") is None and off.lookup("a") is None


def test_an_expired_entry_is_kept_stale_for_one_period_more() -> None:
    cache = TTLCache(0.1)
    cache.put("a", 1)
    assert cache.lookup("a") == (1, True)
    time.sleep(0.12)
    assert cache.lookup("a") == (1, False)
    assert cache.get("a") is None  # tokens and sessions are never given stale
    cache.put("b", 2)
    time.sleep(0.22)
    assert cache.lookup("b") is None


def test_audit_lines_written_in_groups_are_all_committed(engine: sa.Engine) -> None:
    writer = AuditWriter(engine)
    who = Principal("reader", "inspector")
    futures = []

    def read(i: int) -> None:
        futures.append(writer.write(who, "read_project", f"project P{i}"))

    threads = [threading.Thread(target=read, args=(i,)) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for f in futures:
        f.result(timeout=30)
    writer.stop()
    with engine.connect() as conn:
        lines = list_audit(conn, limit=100)
    assert sorted(line["resource"] for line in lines) == sorted(f"project P{i}" for i in range(40))


def test_a_failed_audit_write_fails_the_read(tmp_path: Path) -> None:
    empty = sa.create_engine(f"duckdb:///{tmp_path / 'no-schema.duckdb'}")  # no audit_log table
    writer = AuditWriter(empty)
    with pytest.raises(sa.exc.DBAPIError):
        writer.write(Principal("reader", "inspector"), "read_project", "project P1").result(timeout=30)
    writer.stop()


def test_an_upload_forgets_the_answers_given_before(client: TestClient, world: World, tmp_path: Path) -> None:
    ministry = bearer(world, "ministry")
    assert client.get(f"{API}/projects", headers=ministry).json()["total"] == 3
    new = project(world.bins["IA"], world.bins["OA"], project_id="NEW1")
    batch = zipped(write_batch(tmp_path / "more", {"projects": [new]}))
    r = client.post(
        f"{API}/batches", files={"file": ("more.zip", batch, "application/zip")}, headers=ministry
    )
    assert r.status_code == 201, r.text
    assert client.get(f"{API}/projects", headers=ministry).json()["total"] == 4


def test_a_signed_out_session_is_not_remembered(client: TestClient, world: World) -> None:
    r = client.post(f"{API}/session", json={"username": "ministry", "password": world.passwords["ministry"]})
    assert r.status_code == 200
    cookie = client.cookies.get("jumys_session")
    assert client.get(f"{API}/projects").status_code == 200  # resolved, and remembered
    assert client.delete(f"{API}/session").status_code == 204
    client.cookies.set("jumys_session", cookie or "")
    assert client.get(f"{API}/projects").status_code == 401


class CountedDetail:
    """project_detail of the routes, counted, slowed so that requests overlap, failing on demand."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        self.finished = 0
        self.fail = False
        self.hold: threading.Event | None = None  # when set, a computation waits for it before it ends
        self.real: Callable[..., Any] = jumys.api.routes.project_detail
        monkeypatch.setattr(jumys.api.routes, "project_detail", self)

    def __call__(self, *args: Any) -> Any:
        self.calls += 1
        try:
            time.sleep(0.2)
            if self.hold is not None:
                self.hold.wait(10)
            if self.fail:
                raise NotFound(NO_PROJECT, id="A75")
            return self.real(*args)
        finally:
            self.finished += 1


async def _settled(app: FastAPI) -> None:
    """Wait until no answer is being computed behind the requests."""
    for _ in range(200):
        if not app.state.door.flights:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("a computation never ended")


def _against(app: FastAPI, scenario: Callable[[httpx.AsyncClient], Awaitable[T]]) -> T:
    """Play scenario with a client of app, all on one event loop (as a server serves), then stop its audits."""

    async def play() -> T:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
            return await scenario(c)

    try:
        return asyncio.run(play())
    finally:
        app.state.door.auditor.stop()


def _app(engine: sa.Engine, settings: Settings, seconds: float) -> FastAPI:
    return create_app(settings.model_copy(update={"api_cache_seconds": seconds}), engine=engine)


def test_the_same_question_asked_at_once_reads_the_store_once_and_is_audited_each_time(
    engine: sa.Engine, settings: Settings, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = CountedDetail(monkeypatch)
    app = _app(engine, settings, 0)  # nothing kept: only the sharing of a computation under way

    async def ask(c: httpx.AsyncClient) -> list[httpx.Response]:
        return await asyncio.gather(
            *(c.get(f"{API}/projects/A75", headers=bearer(world, "ministry")) for _ in range(8))
        )

    answers = _against(app, ask)
    assert [r.status_code for r in answers] == [200] * 8
    assert len({r.content for r in answers}) == 1
    assert counted.calls == 1
    with engine.connect() as conn:
        reads = list_audit(conn, action="read_project")
    assert len(reads) == 8


def test_an_expired_answer_is_given_while_computed_again_then_the_new_one(
    engine: sa.Engine, settings: Settings, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = CountedDetail(monkeypatch)
    app = _app(engine, settings, 0.5)
    ministry = bearer(world, "ministry")

    async def ask(c: httpx.AsyncClient) -> None:
        first = await c.get(f"{API}/projects/A75", headers=ministry)
        assert first.status_code == 200 and counted.calls == 1
        await asyncio.sleep(0.55)  # expired, still kept
        counted.hold = threading.Event()  # the computation behind it cannot end before the answer is given
        stale = await c.get(f"{API}/projects/A75", headers=ministry)
        assert counted.finished == 1  # the stale answer did not wait for the computation again
        assert stale.content == first.content
        counted.hold.set()
        counted.hold = None
        await _settled(app)
        assert counted.calls == 2  # computed again behind it, once
        assert (await c.get(f"{API}/projects/A75", headers=ministry)).status_code == 200
        assert counted.calls == 2  # the new answer, fresh
        counted.fail = True  # the project is gone by the next computation
        await asyncio.sleep(0.55)
        assert (await c.get(f"{API}/projects/A75", headers=ministry)).status_code == 200
        await _settled(app)
        gone = await c.get(f"{API}/projects/A75", headers=ministry)
        assert gone.status_code == 404  # the stale answer did not outlive the failed computation
        assert counted.calls == 4
        counted.fail = False
        await asyncio.sleep(1.05)  # beyond the second period: nothing kept, computed while waiting
        assert (await c.get(f"{API}/projects/A75", headers=ministry)).status_code == 200
        assert counted.calls == 5

    _against(app, ask)


def test_an_answer_being_computed_again_is_given_however_old_until_the_new_one_comes(
    engine: sa.Engine, settings: Settings, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refresh that outlasts the stale period (held here until released): askers meanwhile still get the
    old answer at once, rather than wait for it or start computations of their own."""
    counted = CountedDetail(monkeypatch)
    release = threading.Event()
    real = counted.real

    def held(*args: Any) -> Any:
        if counted.calls >= 2:  # the refresh: waits until the test lets it go
            release.wait(10)
        return real(*args)

    counted.real = held
    app = _app(engine, settings, 0.1)
    ministry = bearer(world, "ministry")

    async def ask(c: httpx.AsyncClient) -> None:
        first = await c.get(f"{API}/projects/A75", headers=ministry)
        await asyncio.sleep(0.12)  # stale: given, and computed again behind it
        assert (await c.get(f"{API}/projects/A75", headers=ministry)).content == first.content
        await asyncio.sleep(0.25)  # past the stale period, the refresh still held
        # a request waiting for the held refresh would take its 10 s: 5 s tells them apart on a busy machine
        late = await asyncio.wait_for(c.get(f"{API}/projects/A75", headers=ministry), timeout=5)
        assert late.content == first.content and counted.calls == 2
        release.set()
        await _settled(app)
        assert counted.calls == 2

    try:
        _against(app, ask)
    finally:
        release.set()
    cache = TTLCache(0.05)
    cache.put("a", 1)
    time.sleep(0.11)
    assert cache.lookup("a", renewing=True) == (1, False)
    assert cache.lookup("a") is None
