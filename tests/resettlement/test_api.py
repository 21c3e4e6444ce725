"""The resettlement API: the shapes of /resettlement/cases and /resettlement/summary, their defaults and refusals
(who gets what for every role is in tests/api/test_matrix.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from jumys.access.service import add_user
from jumys.config import Settings
from jumys.reference.regions import region_codes
from jumys.server import create_app
from tests.reports.resettlement_world import ResettlementWorld, cases_ingested
from tests.web.conftest import sign_in
from tests.web.world import PASSWORD

API = "/api/v1/resettlement"


@pytest.fixture
def world(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> Iterator[tuple[TestClient, ResettlementWorld]]:
    """The cases of tests/reports/resettlement_world.py, a ministry user signed in."""
    w = cases_ingested(engine, settings, tmp_path)
    app = create_app(settings, engine=engine)
    with engine.begin() as conn:
        add_user(conn, "r_ministry", "ministry", known_regions=region_codes(), password=PASSWORD)
    with TestClient(app, follow_redirects=False) as client:
        yield sign_in(client, "r_ministry"), w


def test_the_cases_paged_newest_first_without_an_iin(world: tuple[TestClient, ResettlementWorld]) -> None:
    client, w = world
    r = client.get(f"{API}/cases", params={"as_of": "2026-01-01", "limit": 3, "offset": 1})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["as_of"], body["limit"], body["offset"], body["page"]["total"]) == ("2026-01-01", 3, 1, 9)
    items = body["page"]["items"]
    assert [c["case_id"] for c in items] == ["ON_D", "STARTS_ON_MILESTONE", "LEAP"]
    leap = items[2]
    assert (leap["retained_12"], leap["employed_12"], leap["retained_24"]) == (True, False, None)
    assert len(leap["person"]) == 8 and "person_id" not in leap
    assert not any(iin in r.text for iin in w.iins.values())


def test_the_filters_and_the_default_date(world: tuple[TestClient, ResettlementWorld]) -> None:
    client, _w = world
    kandas = client.get(f"{API}/cases", params={"as_of": "2026-01-01", "program": "kandas", "year": 2025})
    assert [c["case_id"] for c in kandas.json()["page"]["items"]] == ["RECENT"]
    newest = client.get(f"{API}/cases").json()  # no verification: the day after the newest departure
    assert newest["as_of"] == "2026-02-02" and newest["page"]["total"] == 10


@pytest.mark.parametrize(
    "params",
    [{"program": "nomad"}, {"year": "1999"}, {"as_of": "20260101"}, {"region": "5"}, {"limit": "501"}],
)
def test_bad_parameters_are_422(world: tuple[TestClient, ResettlementWorld], params: dict[str, str]) -> None:
    client, _w = world
    r = client.get(f"{API}/cases", params=params)
    assert r.status_code == 422 and r.json()["code"]


def test_the_summary_for_the_public_hides_small_groups(world: tuple[TestClient, ResettlementWorld]) -> None:
    client, _w = world
    client.cookies.clear()
    r = client.get(f"{API}/summary", params={"as_of": "2026-01-01"})
    assert r.status_code == 200, r.text
    s = r.json()["summary"]
    assert s["resettled_since"] == 24 and s["resettled_by_program"] == {"resettler": None, "kandas": None}
    groups = {(g["dimension"], g["key"]): g for g in s["groups"]}
    assert groups[("all", "all")]["at_12"]["retained_pct"] == 85.7
    assert groups[("destination", "11")]["suppressed"] and groups[("destination", "11")]["cases"] is None
    assert client.get(f"{API}/cases").status_code == 401


def test_an_empty_registry_answers_no_date(engine: sa.Engine, settings: Settings) -> None:
    with TestClient(create_app(settings, engine=engine)) as client:
        assert client.get(f"{API}/summary").json() == {"as_of": None, "summary": None}
