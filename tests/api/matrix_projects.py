"""The matrix's rows of the projects' domain (tests/api/test_matrix.py): the session, the regions and their
scorecards, the projects, alerts and employers, the verification runs, and the writes of the registry."""

from __future__ import annotations

from typing import Any

from tests.api.matrix import SEES_PROJECTS, Case, Check, count, everyone, ministry_only, only, signed_in
from tests.factories import contract
from tests.reports.world import World


def _projects(who: str, body: Any) -> None:
    assert {p["project_id"] for p in body["items"]} == SEES_PROJECTS[who]
    assert body["total"] == len(SEES_PROJECTS[who])


def _alerts(who: str, body: Any) -> None:
    assert {a["project_id"] for a in body["items"]} <= SEES_PROJECTS[who]
    if who.startswith("akimat"):
        assert {a["region"] for a in body["items"]} <= {who[-2:]}


def _map(who: str, body: Any) -> None:
    rows = {r["kato2"]: r for r in body["regions"]}
    if who == "akimat75":
        assert not rows["11"]["visible"] and rows["11"]["verified"] is None and rows["11"]["projects"] is None
    if who in ("anonymous", "public_user", "investor_a", "investor_b"):
        assert rows["11"]["suppressed"] and rows["11"]["verified"] is None
        assert rows["75"]["verified"] == 8
    if who in ("ministry", "inspector"):
        assert rows["11"]["verified"] == 3


def _scorecards(who: str, body: Any) -> None:
    regions = [c["kato2"] for c in body["items"]]
    if who.startswith("akimat"):
        assert regions == [who[-2:]]
    else:
        assert regions == ["75", "11"]
    small = [c for c in body["items"] if c["kato2"] == "11"]
    if who in ("anonymous", "public_user", "investor_a", "investor_b"):
        assert small[0]["verified_permanent_jobs"] is None and small[0]["credited"] is None


def _employers(world: World) -> Check:
    b = world.bins
    sees = {
        "ministry": set(b.values()),
        "inspector": set(b.values()),
        "akimat75": {b["IA"], b["OA"], b["OB75"]},
        "akimat11": {b["IB"], b["OB"]},
        "investor_a": {b["IA"]},
        "investor_b": {b["IB"]},
    }

    def check(who: str, body: Any) -> None:
        assert {e["bin"] for e in body} == sees[who]

    return check


def _employer_projects(who: str, body: Any) -> None:
    assert {p["project_id"] for p in body["projects"]} == SEES_PROJECTS[who] & {"B75", "B11"}


def _detail(who: str, body: Any) -> None:
    assert "person_id" not in str(body) and "iin" not in body


def _whoami(who: str, body: Any) -> None:
    assert body["role"] == ("public" if who in ("anonymous", "public_user") else body["role"])
    assert body["username"] == ("public" if who == "anonymous" else who)


def _skills(who: str, body: Any) -> None:
    regions = {t["group"] for t in body["training"] if t["dimension"] == "region"}
    if who.startswith("akimat"):
        assert regions <= {who[-2:]} and body["region"] == who[-2:]


def project_cases(world: World, run_id: str) -> list[Case]:
    """The projects' endpoints: what each role gets."""
    b = world.bins
    one_region = {"akimat11": 403}
    return [
        Case("GET", "/session", everyone(), check=lambda who, body: _whoami(who, body)),
        Case(
            "POST",
            "/session",
            everyone(401, ministry=200, akimat75=200),
            request={
                "json": lambda who: {"username": who, "password": world.passwords.get(who, "not-it-at-all")}
            },
        ),
        Case("DELETE", "/session", everyone(204)),
        Case("GET", "/regions", everyone(), check=lambda who, body: count(body, 20)),
        Case("GET", "/as-of-dates", everyone()),
        Case("GET", "/map", everyone(), check=_map),
        Case("GET", "/scorecards", everyone(), check=_scorecards),
        Case("GET", "/regions/{kato2}", everyone(**one_region), {"kato2": "75"}),
        Case("GET", "/regions/{kato2}", everyone(akimat75=403), {"kato2": "11"}),
        Case("GET", "/regions/{kato2}/trend", everyone(**one_region), {"kato2": "75"}),
        Case("GET", "/regions/{kato2}/trend", everyone(akimat75=403), {"kato2": "11"}),
        Case(
            "GET",
            "/regions/{region}/report",
            signed_in(403, ministry=200, inspector=200, akimat75=200),
            {"region": "75"},
            request={"params": {"year": "2025", "lang": "kk", "format": "pdf"}},
        ),
        Case(
            "GET",
            "/regions/{region}/report",
            signed_in(403, ministry=200, inspector=200),
            {"region": "all"},
            request={"params": {"year": "2025", "lang": "en", "format": "xlsx"}},
        ),
        Case("GET", "/skills", everyone(), request={"params": {"year": "2025"}}, check=_skills),
        Case("GET", "/projects", signed_in(), check=_projects),
        Case(
            "GET",
            "/projects",
            signed_in(),
            request={"params": {"region": "11"}},
            check=lambda who, body: only(body["items"], SEES_PROJECTS[who] & {"B11"}),
        ),
        Case(
            "GET",
            "/projects/{project_id}",
            signed_in(akimat11=404, investor_b=404),
            {"project_id": "A75"},
            check=_detail,
        ),
        Case(
            "GET",
            "/projects/{project_id}",
            signed_in(akimat75=404, investor_a=404),
            {"project_id": "B11"},
            check=_detail,
        ),
        Case("GET", "/alerts", signed_in(), check=_alerts),
        Case("GET", "/employers", signed_in(), request={"params": {"q": "Тест"}}, check=_employers(world)),
        Case(
            "GET",
            "/employers/{bin}",
            signed_in(akimat75=404, investor_a=404),
            {"bin": b["IB"]},
            check=_employer_projects,
        ),
        Case("GET", "/verification-runs", signed_in()),
        Case("POST", "/verification-runs", ministry_only(202), request={"json": {"as_of": "2025-10-01"}}),
        Case("GET", "/verification-runs/{run_id}", signed_in(), {"run_id": run_id}),
        Case("GET", "/batches", signed_in(403, ministry=200, inspector=200)),
    ]


def write_cases(world: World, batch: bytes) -> list[Case]:
    """The registry's writes through the API: a batch and an event, the ministry's alone."""
    return [
        Case(
            "POST",
            "/batches",
            ministry_only(201),
            request={"files": {"file": ("batch.zip", batch, "application/zip")}},
        ),
        Case(
            "POST",
            "/events",
            ministry_only(200),
            request={
                "json": {
                    "events": [
                        {"event_id": "matrix-1", "kind": "contract", "row": contract(world.bins["OA"])}
                    ]
                }
            },
        ),
    ]
