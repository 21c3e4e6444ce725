"""THE authorization matrix: every endpoint of the API, with every role, and who gets what.

Endpoints are enumerated from the app's routes, so a new endpoint without a row here fails the test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi.testclient import TestClient

from jumys.config import Settings
from jumys.reference.regions import region_codes
from jumys.server import create_app
from tests.api.conftest import API, bearer, zipped
from tests.api.illegal_rows import illegal_work_seen, plant_illegal_work
from tests.api.matching_rows import matches_seen, plant_matches
from tests.api.scenario_rows import plant_scenario, scenarios_seen
from tests.api.warn_rows import plant_warnings, warnings_seen
from tests.enterprise_map.world import place_existing
from tests.factories import contract, employer, new_iin, write_batch
from tests.reports.foreign_world import plant_expiring
from tests.reports.resettlement_world import MATRIX_AS_OF, plant_resettlement
from tests.reports.world import World
from tests.routes import app_routes

WHO = (
    "anonymous",
    "public_user",
    "ministry",
    "inspector",
    "akimat75",
    "akimat11",
    "investor_a",
    "investor_b",
)
SEES_PROJECTS = {
    "ministry": {"A75", "B75", "B11"},
    "inspector": {"A75", "B75", "B11"},
    "akimat75": {"A75", "B75"},
    "akimat11": {"B11"},
    "investor_a": {"A75"},
    "investor_b": {"B75", "B11"},
}
Check = Callable[[str, Any], None]


@dataclass
class Case:
    """One request, the status each role must get, and what it must (not) see in the body."""

    method: str
    route: str  # the route's path template
    expect: dict[str, int]
    values: dict[str, str] = field(default_factory=dict)
    request: dict[str, Any] = field(default_factory=dict)
    check: Check | None = None

    def send(self, client: TestClient, world: World, who: str) -> httpx.Response:
        """The request as who."""
        request = dict(self.request)
        if callable(request.get("json")):
            request["json"] = request["json"](who)
        headers = bearer(world, who)
        client.cookies.clear()
        return client.request(self.method, API + self.route.format(**self.values), headers=headers, **request)


def everyone(code: int = 200, **over: int) -> dict[str, int]:
    """Every role gets code (overrides by role)."""
    return dict.fromkeys(WHO, code) | over


def signed_in(code: int = 200, **over: int) -> dict[str, int]:
    """The anonymous public must sign in, a public user is refused, the others get code."""
    return everyone(code, anonymous=401, public_user=403) | over


def ministry_only(code: int) -> dict[str, int]:
    """Writes: the ministry gets code, anyone else is refused."""
    return everyone(403, anonymous=401, ministry=code)


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


def _risk(world: World) -> Check:
    b = world.bins
    day = "2025-11-01"  # the date the matrix scores risk at
    scored = {
        c["bin"]
        for c in world.rows["contracts"]
        if c["start_date"] < day and (not c["end_date"] or c["end_date"] >= day)
    }
    region = {e["bin"]: e["kato"][:2] for e in world.rows["employers"]}
    sees = {
        "ministry": scored,
        "inspector": scored,
        "akimat75": {x for x in scored if region[x] == "75"},
        "akimat11": {x for x in scored if region[x] == "11"},
        "investor_a": scored & {b["IA"]},
        "investor_b": scored & {b["IB"]},
    }

    def check(who: str, body: Any) -> None:
        assert sees["ministry"] and sees["akimat11"]
        assert {r["bin"] for r in body["items"]} == sees[who]
        assert body["total"] == len(sees[who])

    return check


def _map_clusters(world: World) -> Check:
    b = world.bins  # the risk run scores the employers with contracts: OA, OB75 (region 75) and OB (11)
    sees = {
        "ministry": {b["OA"], b["OB75"], b["OB"]},
        "inspector": {b["OA"], b["OB75"], b["OB"]},
        "akimat75": {b["OA"], b["OB75"]},
        "akimat11": {b["OB"]},
    }

    def check(who: str, body: Any) -> None:
        assert {p["bin"] for p in body["points"]} == sees[who] and body["total"] == len(sees[who])

    return check


def _risk_counts(who: str, body: Any) -> None:
    items = body["items"]
    assert sum(1 for i in items if i["employers"] is not None) + sum(i["suppressed"] for i in items) == len(
        items
    )
    if who in ("ministry", "inspector"):
        assert sum(i["employers"] for i in items) >= 3
    if who in ("anonymous", "public_user", "investor_a", "investor_b"):
        assert all(i["suppressed"] and i["employers"] is None for i in items)  # every count is under 5
    if who == "akimat75":
        assert {i["region"] for i in items if not i["suppressed"]} == {"75"}


def _map_regions(who: str, body: Any) -> None:
    rows = {r["kato2"]: r for r in body["regions"]}
    if who in ("ministry", "inspector"):
        assert (rows["75"]["enterprises"], rows["11"]["enterprises"]) == (2, 1)
    elif who.startswith("akimat"):
        other = "11" if who == "akimat75" else "75"
        assert (
            rows[who[-2:]]["enterprises"]
            and not rows[other]["visible"]
            and rows[other]["enterprises"] is None
        )
    else:  # 2 and 1 enterprises: too few to publish
        assert (
            rows["75"]["enterprises"] is None
            and rows["11"]["enterprises"] is None
            and rows["75"]["suppressed"]
        )


def _enterprise(who: str, body: Any) -> None:
    assert (
        body["region"] == "11" and body["class"] in ("high", "medium", "low") and "person_id" not in str(body)
    )


def _map_cases(world: World) -> list[Case]:
    """The digital map of enterprises: enterprises for inspectors, the ministry and akimats, counts for the rest."""
    box = {"bbox": "46,40,88,56", "zoom": "5"}
    investors = {"investor_a": 403, "investor_b": 403}
    not_public = {"anonymous": 403, "public_user": 403} | investors
    return [
        Case(
            "GET",
            "/map/clusters",
            signed_in(**investors),
            request={"params": box},
            check=_map_clusters(world),
        ),
        Case(
            "GET",
            "/map/clusters",
            signed_in(akimat75=403, **investors),
            request={"params": box | {"region": "11"}},
        ),
        Case("GET", "/map/regions", everyone(), check=_map_regions),
        Case("GET", "/map/regions", everyone(**not_public), request={"params": {"section": "C"}}),
        Case(
            "GET",
            "/enterprises/{bin}",
            signed_in(akimat75=404, **investors),
            {"bin": world.bins["OB"]},
            check=_enterprise,
        ),
    ]


def cases(
    world: World,
    run_id: str,
    batch: bytes,
    warned: dict[str, str],
    warn_run: str,
    risk_run_id: str = "",
    flagged: dict[str, str] | None = None,
    expiring: dict[str, str] | None = None,
    resettled: dict[str, set[str]] | None = None,
) -> list[Case]:
    """Every endpoint: what each role gets."""
    b = world.bins
    one_region = {"akimat11": 403}
    no_investors = {"investor_a": 403, "investor_b": 403}
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
        Case("GET", "/regions", everyone(), check=lambda who, body: _count(body, 20)),
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
            check=lambda who, body: _only(body["items"], SEES_PROJECTS[who] & {"B11"}),
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
        Case("POST", "/risk-runs", ministry_only(202), request={"json": {"as_of": "2025-10-01"}}),
        Case("GET", "/risk-runs/{run_id}", signed_in(), {"run_id": risk_run_id}),
        Case("GET", "/risk", signed_in(), request={"params": {"as_of": "2025-11-01"}}, check=_risk(world)),
        Case("GET", "/risk", signed_in(akimat75=403), request={"params": {"region": "11", "class": "low"}}),
        Case("GET", "/risk/{bin}", signed_in(akimat11=404, investor_a=404, investor_b=404), {"bin": b["OA"]}),
        Case("GET", "/risk/counts", everyone(), check=_risk_counts),
        Case("GET", "/batches", signed_in(403, ministry=200, inspector=200)),
        Case("GET", "/warnings", signed_in(**no_investors), check=warnings_seen(warned)),
        Case(
            "GET", "/warnings", signed_in(**no_investors, akimat75=403), request={"params": {"region": "11"}}
        ),
        Case("GET", "/warnings/runs", signed_in(**no_investors)),
        Case("GET", "/illegal-work", signed_in(**no_investors), check=illegal_work_seen(flagged or {})),
        Case(
            "GET",
            "/illegal-work",
            signed_in(**no_investors, akimat75=403),
            request={"params": {"region": "11"}},
        ),
        Case("POST", "/warnings/runs", ministry_only(202), request={"json": {"as_of": "2025-10-01"}}),
        Case("GET", "/warnings/runs/{run_id}", signed_in(**no_investors), {"run_id": warn_run}),
        Case("GET", "/foreign-workers", signed_in(**no_investors), check=_foreign_workers(expiring or {})),
        Case(
            "GET",
            "/foreign-workers",
            signed_in(**no_investors, akimat75=403),
            request={"params": {"region": "11", "days": "20"}},
        ),
        Case(
            "GET",
            "/employers/{bin}/warnings",
            signed_in(**no_investors, akimat75=404),
            {"bin": b["OB"]},
            check=lambda who, body: _count(body["items"], 1),
        ),
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
                "json": {"events": [{"event_id": "matrix-1", "kind": "contract", "row": contract(b["OA"])}]}
            },
        ),
        *_map_cases(world),
        *_permit_cases(world),
        *_cabinet_cases(),
        *_resettlement_cases(resettled or {}),
        # aggregates everyone may ask; the world has no migration table and no population, so each refuses
        # the same way for every role (tests/forecasting/test_gravity_faces.py answers them with data)
        Case("GET", "/forecasts/migration", everyone(404)),
        Case("GET", "/forecasts/labour", everyone(404)),
    ]


def _resettlement_cases(planted: dict[str, set[str]]) -> list[Case]:
    """The resettlement cases for the ministry and akimats (their region's), the summary for everyone."""
    on = {"as_of": MATRIX_AS_OF}
    others = {"inspector": 403, "investor_a": 403, "investor_b": 403}

    def cases_seen(who: str, body: Any) -> None:
        regions = {"akimat75": {"75"}, "akimat11": {"11"}}.get(who, {"75", "11"})
        assert {c["case_id"] for c in body["page"]["items"]} == {c for r in regions for c in planted[r]}
        assert '"iin"' not in str(body) and "person_id" not in str(body)

    def summary_seen(who: str, body: Any) -> None:
        groups = {(g["dimension"], g["key"]): g for g in body["summary"]["groups"]}
        if who.startswith("akimat"):
            assert {k for d, k in groups if d == "destination"} == {who[-2:]}
            assert not groups[("destination", who[-2:])]["suppressed"]
        else:
            assert groups[("all", "all")]["cases"] == 6
            small = groups[("destination", "11")]
            assert small["suppressed"] == (who not in ("ministry", "inspector"))

    return [
        Case("GET", "/resettlement/cases", signed_in(**others), request={"params": on}, check=cases_seen),
        Case(
            "GET",
            "/resettlement/cases",
            signed_in(**others, akimat75=403),
            request={"params": on | {"region": "11"}},
        ),
        Case("GET", "/resettlement/summary", everyone(), request={"params": on}, check=summary_seen),
    ]


def _cabinet_cases() -> list[Case]:
    """The personal cabinet: a person's own routes, which no user's token opens (tests/cabinet/test_every_route.py
    shows a person gets nothing elsewhere); opening an account is the ministry's."""
    return [
        Case(
            "POST",
            "/cabinet/session",
            everyone(401),
            request={"json": lambda who: {"iin": new_iin(), "password": "not-the-password"}},
        ),
        Case("DELETE", "/cabinet/session", everyone(204)),
        Case("GET", "/cabinet/me", everyone(401)),
        Case("GET", "/cabinet/cases", everyone(401)),
        Case("GET", "/cabinet/notifications", everyone(401)),
        Case(
            "POST",
            "/cabinet/persons",
            ministry_only(201),
            request={"json": lambda who: {"iin": new_iin(), "email": f"{who}@example.kz", "lang": "kk"}},
        ),
    ]


def _matching_cases(planted: dict[str, str]) -> list[Case]:
    """The matching across regions: for the ministry, inspectors and akimats (their region's matches)."""
    no_investors = {"investor_a": 403, "investor_b": 403}
    return [
        Case("GET", "/resettlement/matches", signed_in(**no_investors), check=matches_seen(planted)),
        Case(
            "GET",
            "/resettlement/matches",
            signed_in(**no_investors, akimat75=403),
            request={"params": {"region": "11"}},
        ),
        Case(
            "GET",
            "/resettlement/matches",
            signed_in(404, anonymous=401, public_user=403, **no_investors),
            request={"params": {"as_of": "2020-01-01"}},
        ),
    ]


def _scenario_cases(run_id: int) -> list[Case]:
    """Scenario runs: everyone reads them; running one is the ministry's (an empty store has no population)."""
    upload = {
        "files": {"file": ("s.csv", b"kind,region,year,value,to_region\njobs,75,2030,5,\n", "text/csv")}
    }
    return [
        Case("GET", "/forecasts/scenarios", everyone(), check=scenarios_seen),
        Case(
            "GET", "/forecasts/scenarios/{run_id}", everyone(), {"run_id": str(run_id)}, check=scenarios_seen
        ),
        Case("GET", "/forecasts/scenarios/{run_id}", everyone(404), {"run_id": str(run_id + 1)}),
        Case("POST", "/forecasts/scenarios", ministry_only(404), request=upload),
    ]


def _permit_cases(world: World) -> list[Case]:
    """The permit routes: deciding is the ministry's (and an employer's: tests/permits/test_api.py)."""
    application = {
        "application_id": "MATRIX-1",
        "bin": world.bins["OA"],
        "category": "specialist",
        "nkz": "2142",
        "kato": "751110000",
        "iin": new_iin(),
        "citizenship": "IND",
        "submitted_on": "2025-03-01",
        "valid_from": "2025-04-01",
        "valid_until": "2026-03-31",
    }
    no_investors = {"investor_a": 403, "investor_b": 403}
    return [
        Case(
            "GET",
            "/mobility/regions",
            everyone(),
            request={"params": {"year": "2024"}},
            check=_mobility("regions"),
        ),
        Case(
            "GET",
            "/mobility/balance",
            everyone(),
            request={"params": {"last_year": "2024"}},
            check=_mobility("rows"),
        ),
        Case("GET", "/mobility/compatriots", everyone(), request={"params": {"year": "2024"}}, check=_plan),
        Case(
            "GET",
            "/forecasts/population",
            everyone(),
            request={"params": {"data": "shipped", "to": "2030"}},
            check=_population,
        ),
        Case(
            "GET",
            "/forecasts/series",
            everyone(),
            request={"params": {"family": "population", "region": "75", "horizon": "2"}},
            check=_forecasts,
        ),
        Case("GET", "/forecasts/backtest", everyone(), check=_backtest),
        Case("GET", "/quotas", everyone(), request={"params": {"year": "2025"}}),
        Case("GET", "/quotas/proposal", everyone(), request={"params": {"year": "2026"}}, check=_proposal),
        Case("GET", "/permit-applications", signed_in(**no_investors)),
        Case("POST", "/permit-applications", ministry_only(200), request={"json": application}),
        Case(
            "GET",
            "/permit-applications/{application_id}",
            signed_in(**no_investors, akimat11=404),
            {"application_id": "MATRIX-1"},
        ),
    ]


def _foreign_workers(planted: dict[str, str]) -> Check:
    """GET /foreign-workers: the permits expiring in the regions each role may see, no IIN."""

    def check(who: str, body: Any) -> None:
        regions = {"akimat75": {"75"}, "akimat11": {"11"}}.get(who, {"75", "11"})
        report = body["report"]
        assert {p["permit_id"] for p in report["expiring"]} == {planted[r] for r in regions}
        assert '"iin"' not in str(body)

    return check


def _skills(who: str, body: Any) -> None:
    regions = {t["group"] for t in body["training"] if t["dimension"] == "region"}
    if who.startswith("akimat"):
        assert regions <= {who[-2:]} and body["region"] == who[-2:]


def _proposal(who: str, body: Any) -> None:
    regions = {q["region"] for q in body["lines"]}
    assert regions == ({who[-2:]} if who.startswith("akimat") else region_codes()) and body["demand"] >= 1


def _whoami(who: str, body: Any) -> None:
    assert body["role"] == ("public" if who in ("anonymous", "public_user") else body["role"])
    assert body["username"] == ("public" if who == "anonymous" else who)


def _mobility(key: str) -> Check:
    """An akimat sees its own region's rows only; everyone else every region's."""

    def check(who: str, body: Any) -> None:
        regions = {r["kato2"] for r in body[key]}
        assert regions == ({who[-2:]} if who.startswith("akimat") else region_codes())

    return check


def _population(who: str, body: Any) -> None:
    """Everyone, an akimat too, sees every region's forecast: regional aggregates."""
    assert {r["kato2"] for r in body["regions"]} == region_codes() and body["years"][-1] == 2030


def _forecasts(who: str, body: Any) -> None:
    """Published statistics: everyone gets the same series, the year after its data on."""
    [series] = body["forecasts"]
    assert series["series"] == "75" and series["years"] == [series["last_year"] + 1, series["last_year"] + 2]


def _backtest(who: str, body: Any) -> None:
    assert {c["family"] for c in body["choices"]} >= {"population", "migration", "wages"}


def _plan(who: str, body: Any) -> None:
    assert (body["totals"] is None) == who.startswith("akimat")


def _count(body: Any, n: int) -> None:
    assert len(body) == n


def _only(items: list[dict[str, Any]], expected: set[str]) -> None:
    assert {i["project_id"] for i in items} == expected


def api_routes(app: Any) -> set[tuple[str, str]]:
    """(method, path under /api/v1) of every API endpoint the app serves, the schema and docs left out."""
    return {
        (method, path[len(API) :])
        for method, path in app_routes(app)
        if path.startswith(API) and not path.endswith(("/openapi.json", "/docs"))
    }


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
    all_cases = (
        cases(
            world,
            run_id,
            batch,
            warned,
            warn_started.json()["run_id"],
            risk_run_id,
            flagged,
            expiring,
            resettled,
        )
        + _matching_cases(matched)
        + _scenario_cases(scenario)
    )

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
