"""Sign-in, sessions, uploads, verification runs and the audit log, through the API."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

import jumys.doors.uploads
from jumys.access.service import SIGN_IN_FAILURES, SIGN_IN_WINDOW, list_audit
from jumys.config import Settings
from jumys.errors import ConfigurationError
from jumys.registry.messages import KEY_FILE_TOO_SHORT
from jumys.server import create_app
from jumys.storage.jobs import jobs
from tests.api.conftest import API, bearer, zipped
from tests.factories import employer, write_batch
from tests.reports.world import World


def _audit(engine: sa.Engine) -> list[dict[str, object]]:
    with engine.connect() as conn:
        return list_audit(conn, limit=1000)


def test_a_person_signs_in_with_a_cookie_and_out_again(
    client: TestClient, world: World, engine: sa.Engine
) -> None:
    r = client.post(f"{API}/session", json={"username": "akimat75", "password": world.passwords["akimat75"]})
    assert r.status_code == 200, r.text
    assert (r.json()["role"], r.json()["region"]) == ("akimat", "75")
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert client.get(f"{API}/projects").status_code == 200  # the cookie signs the request
    assert client.get(f"{API}/projects/B11").status_code == 404
    assert client.delete(f"{API}/session").status_code == 204
    client.cookies.clear()
    assert client.get(f"{API}/projects").status_code == 401
    actions = [(a["action"], a["outcome"]) for a in _audit(engine)]
    assert ("sign_in", "ok") in actions and ("sign_out", "ok") in actions


def test_a_forged_cookie_or_token_is_refused(client: TestClient) -> None:
    client.cookies.set("jumys_session", "forged")
    assert client.get(f"{API}/map").status_code == 401
    assert client.delete(f"{API}/session").status_code == 204  # signing out always works
    client.cookies.clear()
    r = client.get(f"{API}/map", headers={"Authorization": "Bearer jm_forged"})
    assert r.status_code == 401 and r.json()["error"] == "the token is not valid"
    assert r.json()["code"] == "access.token_invalid" and r.json()["text"] == "the token is not valid"
    assert r.headers["www-authenticate"] == "Bearer"
    assert client.get(f"{API}/map", headers={"Authorization": "Basic eDp5"}).status_code == 401


def test_a_failed_sign_in_is_audited_without_the_typed_name(
    client: TestClient, world: World, engine: sa.Engine
) -> None:
    iin_typed_as_name = world.rows["contracts"][0]["iin"]
    r = client.post(f"{API}/session", json={"username": iin_typed_as_name, "password": "whatever-it-is"})
    assert r.status_code == 401
    r = client.post(f"{API}/session", json={"username": "ministry", "password": "wrong-password!"})
    assert r.status_code == 401
    denied = [a for a in _audit(engine) if a["action"] == "sign_in"]
    assert {a["resource"] for a in denied} == {"user (unknown)", "user ministry"}
    assert all(a["outcome"] == "denied" for a in denied)
    assert iin_typed_as_name not in str(_audit(engine))


def test_person_level_reads_and_writes_are_audited(
    client: TestClient, world: World, engine: sa.Engine
) -> None:
    client.get(f"{API}/projects/A75", headers=bearer(world, "investor_a"))
    client.get(f"{API}/employers/{world.bins['IA']}", headers=bearer(world, "inspector"))
    client.get(f"{API}/map", headers=bearer(world, "inspector"))  # aggregates: not audited
    client.post(f"{API}/verification-runs", json={"as_of": "2025-10-01"}, headers=bearer(world, "akimat75"))
    client.post(
        f"{API}/batches",
        files={"file": ("b.zip", b"PK", "application/zip")},
        headers=bearer(world, "ministry"),
    )
    client.app.state.door.auditor.stop()  # audited reads reach the store from the journal a moment later
    lines = _audit(engine)
    seen = {(a["username"], a["action"], a["resource"], a["outcome"]) for a in lines}
    assert ("investor_a", "read_project", "project A75", "ok") in seen
    assert ("inspector", "read_employer", f"employer {world.bins['IA']}", "ok") in seen
    assert ("akimat75", "start_verification", "verification 2025-10-01", "denied") in seen
    assert ("ministry", "ingest_batch", "batch upload", "failed") in seen
    assert not any(
        a["action"] not in ("read_project", "read_employer", "start_verification", "ingest_batch")
        for a in lines
    )
    iins = {c["iin"] for c in world.rows["contracts"]}
    assert not any(i in str(lines) for i in iins)


def test_a_batch_upload_is_ingested_with_its_rejects(
    client: TestClient, world: World, engine: sa.Engine, tmp_path: Path
) -> None:
    good = employer(name="ТОО Новый")
    bad = employer(bin="123", name="ТОО Плохой")
    folder = write_batch(
        tmp_path / "upload", {"employers": [good, bad]}, {"batch_id": "upload-1", "source": "api"}
    )
    files = {"file": ("upload-1.zip", zipped(folder), "application/zip")}
    r = client.post(f"{API}/batches", files=files, headers=bearer(world, "ministry"))
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["batch_id"], body["status"], body["rows_accepted"], body["rows_rejected"]) == (
        "upload-1",
        "applied",
        1,
        1,
    )
    assert body["rejects_total"] == 1 and body["rejects"][0]["column"] == "bin"
    again = client.post(f"{API}/batches", files=files, headers=bearer(world, "ministry"))
    assert again.status_code == 200 and again.json()["status"] == "already_applied"
    ledger = client.get(f"{API}/batches", headers=bearer(world, "inspector")).json()
    assert ledger[0]["batch_id"] == "upload-1" and ledger[0]["files"][0]["rows_rejected"] == 1
    audit = [a for a in _audit(engine) if a["action"] == "ingest_batch"]
    assert audit[-1]["detail"]["batch_id"] == "upload-1"


def test_an_unusable_upload_is_422_and_says_why(client: TestClient, world: World, settings: Settings) -> None:
    ministry = bearer(world, "ministry")
    r = client.post(
        f"{API}/batches", files={"file": ("x.zip", b"not a zip", "application/zip")}, headers=ministry
    )
    assert r.status_code == 422 and "not a readable .zip" in r.json()["error"]
    assert str(settings.home) not in r.json()["error"]
    r = client.post(f"{API}/batches", files={"file": ("x.csv", b"a,b\n", "text/csv")}, headers=ministry)
    assert r.status_code == 422 and ".zip" in r.json()["error"]
    assert client.post(f"{API}/batches", headers=ministry).status_code == 422  # no file at all


def test_a_verification_run_goes_queued_running_done(client: TestClient, world: World) -> None:
    ministry = bearer(world, "ministry")
    r = client.post(f"{API}/verification-runs", json={"as_of": "2025-10-15"}, headers=ministry)
    assert r.status_code == 202 and r.json()["status"] in ("queued", "running")
    run_id = r.json()["run_id"]
    client.app.state.door.runner.wait(run_id)  # type: ignore[attr-defined]
    job = client.get(f"{API}/verification-runs/{run_id}", headers=ministry).json()
    assert job["status"] == "done" and job["projects"] == 3 and job["regions"] == 2
    runs = client.get(f"{API}/verification-runs", headers=bearer(world, "akimat11")).json()
    assert dt.date(2025, 10, 15).isoformat() in [s["as_of"] for s in runs["stored"]]
    dates = client.get(f"{API}/as-of-dates").json()
    assert dates["latest"] == "2025-12-01" and "2025-10-15" in dates["dates"]
    assert client.get(f"{API}/verification-runs/nope", headers=ministry).status_code == 404


def test_an_as_of_never_verified_is_404(client: TestClient) -> None:
    r = client.get(f"{API}/map", params={"as_of": "2020-01-01"})
    assert r.status_code == 404 and "as-of-dates" in r.json()["error"]
    assert client.get(f"{API}/map", params={"as_of": "soon"}).status_code == 422


def test_sign_in_is_refused_for_a_while_after_five_failures(client: TestClient, world: World) -> None:
    for _ in range(SIGN_IN_FAILURES):
        r = client.post(f"{API}/session", json={"username": "akimat75", "password": "wrong-password!"})
        assert r.status_code == 401
    r = client.post(f"{API}/session", json={"username": "akimat75", "password": world.passwords["akimat75"]})
    assert r.status_code == 429 and "too many failed sign-ins" in r.json()["error"]
    assert 1 <= int(r.headers["retry-after"]) <= SIGN_IN_WINDOW.total_seconds()
    r = client.post(f"{API}/session", json={"username": "ministry", "password": world.passwords["ministry"]})
    assert r.status_code == 200  # another user is not held up


def test_a_write_from_another_sites_page_is_refused(client: TestClient, world: World) -> None:
    """Origin (or Referer) naming another host than the one asked: 403 before anything is done."""
    body = {"username": "ministry", "password": world.passwords["ministry"]}
    for header in (
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Referer": "https://evil.example/page"},
        {"Origin": "http://testserver.evil.example"},
    ):
        r = client.post(f"{API}/session", json=body, headers=header)
        assert r.status_code == 403 and "another site" in r.json()["error"], header
        assert "jumys_session" not in r.cookies
    assert (
        client.get(f"{API}/map", headers={"Origin": "https://evil.example"}).status_code == 200
    )  # reads are
    for header in ({"Origin": "http://testserver"}, {"Referer": "http://testserver/login"}, {}):
        assert client.post(f"{API}/session", json=body, headers=header).status_code == 200, header
    proxied = {"Origin": "https://jumys.example", "X-Forwarded-Host": "jumys.example"}
    assert client.post(f"{API}/session", json=body, headers=proxied).status_code == 200


def test_verification_runs_outlive_the_server_and_a_killed_ones_jobs_are_marked_failed(
    client: TestClient, world: World, engine: sa.Engine, settings: Settings
) -> None:
    ministry = bearer(world, "ministry")
    run_id = client.post(f"{API}/verification-runs", json={"as_of": "2025-10-15"}, headers=ministry).json()[
        "run_id"
    ]
    client.app.state.door.runner.wait(run_id)  # type: ignore[attr-defined]
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead = f"{socket.gethostname()}:{int(gone.stdout)}:x"  # a process of this host that has ended
    left = {
        "dead-running": (dead, "running"),
        "dead-queued": (dead, "queued"),
        "elsewhere": ("far:1:x", "running"),
    }
    with engine.begin() as conn:
        for rid, (server, status) in left.items():
            conn.execute(
                jobs.insert().values(
                    job_id=rid,
                    kind="verification",
                    parameters='{"as_of": "2025-10-01"}',
                    status=status,
                    requested_by="ministry",
                    requested_at=dt.datetime.now(dt.UTC),
                    server=server,
                )
            )
    with TestClient(create_app(settings, engine=engine)) as restarted:  # another server over the same store
        status = {
            rid: restarted.get(f"{API}/verification-runs/{rid}", headers=ministry).json()
            for rid in (run_id, *left)
        }
        listed = [
            j["run_id"] for j in restarted.get(f"{API}/verification-runs", headers=ministry).json()["jobs"]
        ]
    assert status[run_id]["status"] == "done" and status[run_id]["projects"] == 3
    assert status["dead-running"]["status"] == status["dead-queued"]["status"] == "failed"
    assert "stopped before this run finished" in status["dead-running"]["error"]
    assert status["elsewhere"]["status"] == "running"  # another host's process: not ours to judge
    assert set(listed) >= {run_id, *left}


def test_a_server_set_up_error_is_logged_not_answered(
    client: TestClient,
    world: World,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise ConfigurationError(KEY_FILE_TOO_SHORT, path="/srv/jumys/secret/pseudonym.key", n=32)

    monkeypatch.setattr(jumys.doors.uploads, "ingest_batch", broken)
    batch = zipped(write_batch(tmp_path / "b", {"employers": [employer()]}))
    r = client.post(
        f"{API}/batches",
        files={"file": ("b.zip", batch, "application/zip")},
        headers=bearer(world, "ministry"),
    )
    assert r.status_code == 500 and "/srv/jumys" not in r.text
    assert r.json()["error"] == "the server is not set up correctly: it has been logged for its administrator"
    assert r.json()["code"] == "api.server_set_up" and r.json()["params"] == {}
    assert "/srv/jumys/secret/pseudonym.key" in caplog.text


def test_an_as_of_after_today_is_refused_with_its_reason(client: TestClient, world: World) -> None:
    """A verification at 9946-08-20 is refused (it would become every user's default date), by code."""
    ministry = bearer(world, "ministry")
    r = client.post(f"{API}/verification-runs", json={"as_of": "9946-08-20"}, headers=ministry)
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "doors.as_of_future" and r.json()["params"]["date"] == "9946-08-20"
    r = client.post(
        f"{API}/verification-runs",
        json={"as_of": "9946-08-20"},
        headers={**ministry, "Accept-Language": "ru"},
    )
    assert "позже сегодняшней" in r.json()["text"]
    assert client.get(f"{API}/as-of-dates").json()["latest"] == "2025-12-01"
    tomorrow = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).date().isoformat()
    assert (
        client.post(f"{API}/verification-runs", json={"as_of": tomorrow}, headers=ministry).status_code == 422
    )


def test_the_session_says_when_it_ends_and_the_trend_is_an_object(client: TestClient, world: World) -> None:
    """GET /session gives the session's (or token's) real end, not null; a region's trend is an object."""
    r = client.post(f"{API}/session", json={"username": "akimat75", "password": world.passwords["akimat75"]})
    signed_in = dt.datetime.fromisoformat(r.json()["expires_at"])
    me = client.get(f"{API}/session").json()
    assert me["via"] == "session" and me["expires_at"] is not None
    assert dt.datetime.fromisoformat(me["expires_at"]) == signed_in
    client.cookies.clear()
    assert client.get(f"{API}/session").json()["expires_at"] is None  # the public: nothing ends
    trend = client.get(f"{API}/regions/75/trend").json()
    assert trend["kato2"] == "75" and [p["as_of"] for p in trend["points"]] == sorted(
        p["as_of"] for p in trend["points"]
    )
    assert len(trend["points"]) >= 2
