"""The matrix's rows of the people's domain (tests/api/test_matrix.py): resettlement and its matching, the
personal cabinet, permits and quotas, mobility, the forecasts and their scenarios."""

from __future__ import annotations

from typing import Any

from jumys.reference.regions import region_codes
from tests.api.matching_rows import matches_seen
from tests.api.matrix import Case, Check, everyone, ministry_only, signed_in
from tests.api.scenario_rows import scenarios_seen
from tests.factories import new_iin
from tests.reports.resettlement_world import MATRIX_AS_OF
from tests.reports.world import World


def resettlement_cases(planted: dict[str, set[str]]) -> list[Case]:
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


def cabinet_cases() -> list[Case]:
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


def matching_cases(planted: dict[str, str]) -> list[Case]:
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


def scenario_cases(run_id: int) -> list[Case]:
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


def permit_cases(world: World) -> list[Case]:
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


def _proposal(who: str, body: Any) -> None:
    regions = {q["region"] for q in body["lines"]}
    assert regions == ({who[-2:]} if who.startswith("akimat") else region_codes()) and body["demand"] >= 1


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


def forecast_cases() -> list[Case]:
    """Aggregates everyone may ask; the world has no migration table and no population, so each refuses the
    same way for every role (tests/forecasting/test_gravity_faces.py answers them with data)."""
    return [
        Case("GET", "/forecasts/migration", everyone(404)),
        Case("GET", "/forecasts/labour", everyone(404)),
    ]
