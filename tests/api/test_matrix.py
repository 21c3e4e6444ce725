"""THE authorization matrix: every endpoint of the API, with every role, and who gets what.

Endpoints are enumerated from the app's routes, so a new endpoint without a row here fails the test. The rows
are in tests/api/matrix_projects.py, matrix_safety.py and matrix_people.py, by domain.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from jumys.config import Settings
from jumys.server import create_app
from tests.api.conftest import API, bearer, zipped
from tests.api.illegal_rows import plant_illegal_work
from tests.api.matching_rows import plant_matches
from tests.api.matrix import WHO, api_routes
from tests.api.matrix_people import (
    cabinet_cases,
    forecast_cases,
    matching_cases,
    permit_cases,
    resettlement_cases,
    scenario_cases,
)
from tests.api.matrix_projects import project_cases, write_cases
from tests.api.matrix_safety import map_cases, safety_cases
from tests.api.scenario_rows import plant_scenario
from tests.api.warn_rows import plant_warnings
from tests.enterprise_map.world import place_existing
from tests.factories import employer, write_batch
from tests.reports.foreign_world import plant_expiring
from tests.reports.resettlement_world import plant_resettlement
from tests.reports.world import World


def test_every_endpoint_with_every_role(
    client: TestClient, world: World, settings: Settings, tmp_path: Any, engine: Any
) -> None:
    b = world.bins
    place_existing(engine, {b["IA"]: "75", b["OA"]: "75", b["OB75"]: "75", b["IB"]: "11", b["OB"]: "11"})
    started = client.post(
        f"{API}/verification-runs", json={"as_of": "2025-11-01"}, headers=bearer(world, "ministry")
    )
    assert started.status_code == 202, started.text
    run_id = started.json()["run_id"]
    risk = client.post(f"{API}/risk-runs", json={"as_of": "2025-11-01"}, headers=bearer(world, "ministry"))
    assert risk.status_code == 202, risk.text
    risk_run_id = risk.json()["run_id"]
    assert client.app.state.door.runner.wait(risk_run_id)["status"] == "done"  # type: ignore[attr-defined]
    warned = plant_warnings(client.app.state.door.engine, world)  # type: ignore[attr-defined]
    flagged = plant_illegal_work(client.app.state.door.engine, world)  # type: ignore[attr-defined]
    expiring = plant_expiring(client.app.state.door.engine, world.bins)  # type: ignore[attr-defined]
    resettled = plant_resettlement(client.app.state.door.engine, settings, tmp_path)  # type: ignore[attr-defined]
    warn_started = client.post(
        f"{API}/warnings/runs", json={"as_of": "2025-11-01"}, headers=bearer(world, "ministry")
    )
    assert warn_started.status_code == 202, warn_started.text
    b = world.bins
    batch = zipped(
        write_batch(tmp_path / "small", {"employers": [employer(bin=b["OA"], name="ТОО OA Тест")]})
    )
    matched = plant_matches(client.app.state.door.engine, world)  # type: ignore[attr-defined]
    scenario = plant_scenario(client.app.state.door.engine)  # type: ignore[attr-defined]
    all_cases = [
        *project_cases(world, run_id),
        *safety_cases(world, risk_run_id, warned, warn_started.json()["run_id"], flagged, expiring),
        *write_cases(world, batch),
        *map_cases(world),
        *permit_cases(world),
        *cabinet_cases(),
        *resettlement_cases(resettled),
        *forecast_cases(),
        *matching_cases(matched),
        *scenario_cases(scenario),
    ]

    served = api_routes(client.app)
    covered = {(c.method, c.route) for c in all_cases}
    assert served - covered == set(), f"endpoints missing from the matrix: {served - covered}"
    assert covered - served == set(), f"matrix rows for endpoints that do not exist: {covered - served}"

    wrong = []
    for case in all_cases:
        for who in WHO:
            response = case.send(client, world, who)
            expected = case.expect[who]
            label = (
                f"{case.method} {case.route.format(**case.values)} {case.request.get('params', '')} as {who}"
            )
            if response.status_code != expected:
                wrong.append(f"{label}: {response.status_code}, expected {expected}: {response.text[:200]}")
                continue
            if expected >= 400:
                assert {"error", "code", "params", "text"} <= set(response.json()), label
            elif case.check is not None and response.status_code == 200:
                try:
                    case.check(who, response.json())
                except AssertionError as e:
                    wrong.append(f"{label}: wrong content: {e}")
    runner = client.app.state.door.runner  # type: ignore[attr-defined]
    for job in runner.jobs():
        assert runner.wait(job["job_id"])["status"] == "done"
    assert not wrong, "\n".join(wrong)


def test_the_matrix_is_not_fooled_by_a_new_endpoint(settings: Settings, engine: Any) -> None:
    app = create_app(settings, engine=engine)
    app.get(f"{API}/forgotten")(lambda: {})
    assert ("GET", "/forgotten") in api_routes(app)
