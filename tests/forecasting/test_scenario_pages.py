"""The page of scenarios: the runs, a comparison, the needs by region and year; a file run by the ministry,
refused for anyone else; three languages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from jumys.access.audit import list_audit
from jumys.access.service import add_user
from jumys.config import Settings
from jumys.reference.regions import region_codes
from jumys.server import create_app
from tests.forecasting.scenario_world import HEAD, SCENARIO, build_country
from tests.web.conftest import sign_in
from tests.web.world import PASSWORD

API = "/api/v1/forecasts/scenarios"


@pytest.fixture
def app(engine: sa.Engine, settings: Settings, tmp_path: Path) -> Iterator[FastAPI]:
    build_country(engine, settings, tmp_path)
    yield create_app(settings, engine=engine)


def _as(app: FastAPI, role: str | None) -> TestClient:
    client = TestClient(app, follow_redirects=False)
    if role is None:
        return client
    name = f"s_{role}"
    with app.state.door.engine.begin() as conn:
        add_user(
            conn,
            name,
            role,
            known_regions=region_codes(),
            region="75" if role == "akimat" else None,
            password=PASSWORD,
        )
    return sign_in(client, name)


def _run(client: TestClient, text: str, to: str = "2032") -> int:
    r = client.post("/forecasts/scenarios", files={"scenario": ("s.csv", text.encode())}, data={"to": to})
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("=", 1)[1])


def test_the_ministry_runs_two_scenarios_and_compares_them(app: FastAPI) -> None:
    ministry = _as(app, "ministry")
    first = _run(ministry, SCENARIO)
    second = _run(ministry, HEAD + "name,,,Jobs in Almaty,\njobs,75,2027,2000,\n")
    page = _as(app, None).get(f"/forecasts/scenarios?run={first}&run={second}&year=2030&lang=en")
    assert page.status_code == 200
    text = page.text
    assert "Two growth points" in text and "Jobs in Almaty" in text
    assert 'id="scenario-compare"' in text and 'id="needs-by-region"' in text and 'id="needs-by-year"' in text
    assert text.count('data-region="') == 21  # the country and its 20 regions
    assert "at the end of 2030" in text and "Data: the batches scen-country-1." in text
    assert 'id="level-data"' in text and 'id="diff-data"' in text
    assert "Run a scenario file" not in text  # the public may read, not run
    for lang, word in (("ru", "Сценарии"), ("kk", "Сценарийлер")):
        assert word in _as(app, None).get(f"/forecasts/scenarios?lang={lang}").text


def test_a_bad_file_is_shown_with_every_bad_line(app: FastAPI) -> None:
    page = _as(app, "ministry").post(
        "/forecasts/scenarios?lang=en",
        files={"scenario": ("bad.csv", b"kind,region,year,value,to_region\njobs,99,2030,-1,\n")},
    )
    assert page.status_code == 422
    assert "line 2: 99 is not the 2-digit KATO code of a region" in page.text
    assert "line 2: -1 is not a whole number of jobs of 0 or more" in page.text


@pytest.mark.parametrize(("role", "status"), [(None, 401), ("akimat", 403), ("inspector", 403)])
def test_only_the_ministry_runs_a_scenario(app: FastAPI, role: str | None, status: int) -> None:
    client = _as(app, role)
    refused = client.post(API, files={"file": ("s.csv", SCENARIO.encode())})
    assert refused.status_code == status
    assert client.post(
        "/forecasts/scenarios", files={"scenario": ("s.csv", SCENARIO.encode())}
    ).status_code in (status, 303)
    assert client.get(API).json() == []
    with app.state.door.engine.connect() as conn:
        assert [a["outcome"] for a in list_audit(conn, action="run_scenario")][:1] == ["denied"]


def test_the_api_runs_a_file_and_answers_it_in_full(app: FastAPI) -> None:
    ministry = _as(app, "ministry")
    made = ministry.post(API, params={"to": "2030"}, files={"file": ("two.csv", SCENARIO.encode())})
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["horizon"] == 2030 and body["series"][0]["kato2"] == "total"
    assert _as(app, None).get(f"{API}/{body['run_id']}").json()["ran_by"] is None
    bad = ministry.post(API, files={"file": ("bad.csv", (HEAD + "wage,11,2030,900,\n").encode())})
    assert bad.status_code == 422 and bad.json()["code"] == "forecasting.scenario_refused"
    assert bad.json()["params"]["problems"][0]["code"] == "forecasting.scenario_wage"
    with app.state.door.engine.connect() as conn:
        outcomes = [a["outcome"] for a in list_audit(conn, action="run_scenario")]
    assert outcomes == ["failed", "ok"]
