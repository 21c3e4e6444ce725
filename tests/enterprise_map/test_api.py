"""The map's API: parameters refused with a reason, the risk scoring's dates, the card's audit line."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from jumys.access.service import add_user, issue_token, list_audit
from jumys.config import Settings
from jumys.reference.regions import region_codes
from jumys.server import create_app
from tests.enterprise_map.world import MAP_AS_OF, MapWorld, build_map_world

API = "/api/v1"
BOX = {"bbox": "46,40,88,56", "zoom": "5"}


@pytest.fixture
def served(engine: sa.Engine, settings: Settings) -> Iterator[tuple[TestClient, MapWorld, dict[str, str]]]:
    world = build_map_world(engine)
    with engine.begin() as conn:
        add_user(conn, "insp", "inspector", known_regions=region_codes())
        add_user(conn, "ak11", "akimat", known_regions=region_codes(), region="11")
        tokens = {name: issue_token(conn, name) for name in ("insp", "ak11")}
    headers = {name: {"Authorization": f"Bearer {t}"} for name, t in tokens.items()}
    with TestClient(create_app(settings, engine=engine)) as client:
        yield client, world, {k: v["Authorization"] for k, v in headers.items()}


def _get(client: TestClient, path: str, token: str | None = None, **params: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    headers = {"Authorization": token} if token else {}
    r = client.get(API + path, params=params, headers=headers)
    return r.status_code, r.json()


def test_clusters_and_their_parameters(served: tuple[TestClient, MapWorld, dict[str, str]]) -> None:
    client, world, token = served
    status, body = _get(client, "/map/clusters", token["insp"], **BOX)
    assert status == 200 and body["total"] == 50 and body["as_of"] == MAP_AS_OF[1].isoformat()
    assert {p["class"] for p in body["points"]} <= {"high", "medium", "low"}
    status, body = _get(
        client, "/map/clusters", token["insp"], **BOX, **{"class": "high"}, vision_zero="true"
    )
    assert status == 200 and body["total"] == sum(
        1 for f in world.placed() if f.risk_class == "high" and f.vision_zero
    )
    for bad in ({"bbox": "1,2,3"}, {"bbox": "1e1,5,1,1"}, {"zoom": "19"}, {"class": "red"}, {"section": "Z"}):
        status, body = _get(client, "/map/clusters", token["insp"], **(BOX | bad))
        assert status == 422, bad
    status, body = _get(client, "/map/clusters", token["insp"], **BOX, as_of="2024-06-30")
    assert status == 404 and body["code"] == "reports.no_risk_run" and "/map/regions" in body["error"]
    status, body = _get(client, "/map/clusters", token["insp"], **BOX, as_of=MAP_AS_OF[0].isoformat())
    assert status == 200 and body["total"] == 40


def test_regions_list_the_dates_scored(served: tuple[TestClient, MapWorld, dict[str, str]]) -> None:
    client, _world, _token = served
    status, body = _get(client, "/map/regions")
    assert status == 200 and body["dates"] == [d.isoformat() for d in sorted(MAP_AS_OF, reverse=True)]
    status, body = _get(client, "/map/regions", vision_zero="true")
    assert status == 403 and body["code"] == "reports.map_filter_forbidden"


def test_the_card_is_an_audited_read(
    served: tuple[TestClient, MapWorld, dict[str, str]], engine: sa.Engine
) -> None:
    client, world, token = served
    own, theirs = world.placed("11")[0].bin, world.placed("75")[0].bin
    status, body = _get(client, f"/enterprises/{own}", token["ak11"])
    assert status == 200 and body["bin"] == own and body["factors"][0]["factor"] == "injuries_weighted"
    status, body = _get(client, f"/enterprises/{theirs}", token["ak11"])
    assert status == 404 and body["code"] == "reports.no_employer"
    client.app.state.door.auditor.stop()  # type: ignore[attr-defined]  # lines reach the store from the journal
    with engine.connect() as conn:
        lines = list_audit(conn, action="read_enterprise")
    assert [(line["resource"], line["username"], line["outcome"]) for line in lines] == [
        (f"enterprise {own}", "ak11", "ok")
    ]
