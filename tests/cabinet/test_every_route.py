"""A person gets nothing but their own cabinet: every route of the API and the pages, enumerated from the app,
answers a person signed in to the cabinet exactly as it answers the public, even with their own case's ids in
the path; the cabinet's secret sent as a user's session or token is refused (401) or ignored, never honoured.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
from fastapi.testclient import TestClient

from jumys.server import create_app
from tests.cabinet.world import CabinetWorld
from tests.routes import app_routes

CABINET = re.compile(r"^(/api/v1)?/cabinet(/|$)")
# bodies that differ between two asks of the same thing, whoever asks
VOLATILE = re.compile(r'"(requested_at|started_at|finished_at|generated_at|computed_at|now)":"[^"]*"')


def _path(template: str, values: dict[str, str]) -> str:
    return re.sub(r"{([a-z_0-9]+)(:[a-z]+)?}", lambda m: values.get(m.group(1), "1"), template)


def _send(
    client: TestClient, method: str, path: str, cookies: dict[str, str], headers: dict[str, str]
) -> httpx.Response:
    client.cookies.clear()
    for name, value in cookies.items():
        client.cookies.set(name, value)
    kwargs: dict[str, Any] = {"headers": headers, "follow_redirects": False}
    if method in ("POST", "PUT", "PATCH"):
        kwargs["json"] = {}
    return client.request(method, path, **kwargs)


def _refused(r: httpx.Response) -> bool:
    """A 401 of the API for a session or token that is no user's: an error, no data."""
    if r.status_code != 401 or not r.headers.get("content-type", "").startswith("application/json"):
        return False
    return r.json().get("code") in ("access.session_expired", "access.token_invalid")


def _same(a: httpx.Response, b: httpx.Response) -> bool:
    if a.status_code != b.status_code:
        return False
    if a.headers.get("content-type", "").startswith("application/json"):
        return VOLATILE.sub("", a.text) == VOLATILE.sub("", b.text)
    return a.headers.get("location") == b.headers.get("location") and a.text == b.text


def test_a_person_gets_from_every_other_route_what_the_public_gets(world: CabinetWorld) -> None:
    b = world.ready()
    iin = world.person()
    permit = world.permit(b, iin=iin, issued_on="2025-02-01", valid_until="2027-01-31")
    case = world.resettle(iin)
    world.ingest()
    person, password = world.account(iin)
    pseudonym = person.short
    world.decide(world.application(b, application_id="MINE-1", iin=iin, valid_until="2027-03-31"))
    with TestClient(create_app(world.settings, engine=world.engine)) as client:
        signed = client.post("/api/v1/cabinet/session", json={"iin": iin, "password": password})
        assert signed.status_code == 200
        value = signed.cookies["jumys_cabinet"]
        assert client.get("/api/v1/cabinet/cases").status_code == 200  # the cookie does open the cabinet
        values = {
            "bin": b,
            "kato2": "75",
            "region": "75",
            "project_id": "P1",
            "application_id": "MINE-1",
            "run_id": "00000000-0000-0000-0000-000000000000",
            "batch_id": "1",
            "permit_id": permit,
            "case_id": case,
        }
        as_person = [
            ({"jumys_cabinet": value}, {}),
            ({"jumys_session": value}, {}),
            ({}, {"Authorization": f"Bearer {value}"}),
        ]
        routes = sorted((m, p) for m, p in app_routes(client.app) if not CABINET.match(p))
        assert len(routes) > 60, "the app's routes were not found"
        different = []
        for method, template in routes:
            path = _path(template, values)
            public = _send(client, method, path, {}, {})
            for cookies, headers in as_person:
                answer = _send(client, method, path, cookies, headers)
                if not _same(public, answer) and not (not cookies.get("jumys_cabinet") and _refused(answer)):
                    different.append(
                        f"{method} {path} with {list(cookies) or list(headers)}: "
                        f"{answer.status_code} against the public's {public.status_code}"
                    )
                assert iin not in answer.text and pseudonym not in answer.text
                assert "MINE-1" not in answer.text or "MINE-1" in public.text
        assert not different, "\n".join(different)
