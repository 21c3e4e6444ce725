"""The API's short memory: answers and principals expire, writes forget them, audits are grouped yet complete."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from jumys.access.principal import Principal
from jumys.access.service import list_audit
from jumys.api.audit import AuditWriter
from jumys.api.cache import TTLCache
from tests.api.conftest import API, bearer, zipped
from tests.factories import project, write_batch
from tests.reports.world import World


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
    assert off.get("a") is None


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
