"""`jumys forecast migration`/`labour`, GET /api/v1/forecasts/migration and /labour, and their pages."""

from __future__ import annotations

import json
from collections.abc import Iterator

import numpy as np
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from jumys.cli.main import app
from jumys.config import Settings
from jumys.forecasting.gravity import fit, net_migration, store_covariates
from jumys.server import create_app
from jumys.storage.engine import make_engine
from tests.forecasting.gravity_world import planted_country


@pytest.fixture
def planted(cli_store: tuple[Settings, sa.Engine]) -> Settings:
    """The CLI's store holding the planted country."""
    settings, engine = cli_store
    with engine.begin() as conn:
        planted_country(conn)
    engine.dispose()
    return settings


@pytest.fixture
def client(engine: sa.Engine, settings: Settings) -> Iterator[TestClient]:
    """The app over a store holding the planted country."""
    with engine.begin() as conn:
        planted_country(conn)
    with TestClient(create_app(settings, engine=engine)) as c:
        yield c


def test_the_migration_command_fits_80_columns_and_shows_the_change(planted: Settings) -> None:
    result = CliRunner().invoke(app, ["forecast", "migration", "--wage", "75=+10%"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any(line.startswith("log_distance") for line in lines)
    almaty = next(line for line in lines if line.startswith("75 "))
    assert "+10 %" in almaty


def test_the_migration_command_as_json_is_the_models_prediction(planted: Settings) -> None:
    result = CliRunner().invoke(
        app, ["forecast", "migration", "--json", "--wage", "75=+10%", "--year", "2023"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    engine = make_engine(settings=planted)
    with engine.connect() as conn:
        model, cov = fit(conn), store_covariates(conn, 2023)
    engine.dispose()
    net = net_migration(model.predict(cov))
    assert data["year"] == 2023
    assert [r["base"] for r in data["regions"]] == pytest.approx(list(net))
    almaty = next(r for r in data["regions"] if r["kato2"] == "75")
    assert almaty["wage_change_pct"] == pytest.approx(10.0)
    assert almaty["difference"] > 0  # the planted wage coefficient of the destination is positive
    assert sum(r["difference"] for r in data["regions"]) == pytest.approx(0.0, abs=1e-6)
    assert [c["name"] for c in data["coefficients"]][:2] == ["const", "log_pop_origin"]
    assert data["holdout_year"] == 2024


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ("99=+10%", "99 is not the 2-digit KATO code of a region"),
        ("75=+600%", "outside -90 % to +500 %"),
        ("75 up", "is not a change of the form KATO=+10%"),
    ],
)
def test_a_bad_change_is_one_line_and_a_non_zero_exit(planted: Settings, change: str, says: str) -> None:
    result = CliRunner().invoke(app, ["forecast", "migration", "--wage", change])
    assert result.exit_code == 2
    assert says in result.output and "Traceback" not in result.output


def test_an_empty_store_is_refused_by_both_commands(cli_store: tuple[Settings, sa.Engine]) -> None:
    cli_store[1].dispose()
    migration = CliRunner().invoke(app, ["forecast", "migration"])
    labour = CliRunner().invoke(app, ["forecast", "labour"])
    assert migration.exit_code == labour.exit_code == 2
    assert "the migration table has no flows between regions" in migration.output
    assert "no population" in labour.output


def test_the_labour_command_has_a_row_per_region_and_year(planted: Settings) -> None:
    result = CliRunner().invoke(app, ["forecast", "labour", "--to", "2026", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["base_year"] == 2024
    assert {(r["year"]) for r in data["rows"]} == {2025, 2026} and len(data["rows"]) == 40
    assert all(r["gap"] == pytest.approx(r["supply"] - r["demand"]) for r in data["rows"])
    table = CliRunner().invoke(app, ["forecast", "labour", "--to", "2026"], env={"COLUMNS": "80"})
    assert table.exit_code == 0 and max(len(line) for line in table.stdout.splitlines()) <= 80


def test_the_public_gets_the_migration_forecast_with_its_changes(client: TestClient) -> None:
    r = client.get("/api/v1/forecasts/migration", params={"wage": ["75=+10%", "11=-20%"]})
    assert r.status_code == 200, r.text
    body = r.json()
    changed = {x["kato2"]: x for x in body["regions"] if x["wage_change_pct"] is not None}
    assert set(changed) == {"75", "11"}
    assert changed["75"]["difference"] > 0 > changed["11"]["difference"]
    assert len(body["top_flows"]) == 15


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"wage": "99=+10%"}, 422, "api.invalid_request"),  # the schema lists the regions' codes
        ({"wage": "75"}, 422, "api.invalid_request"),
        ({"wage": "75=-95%"}, 422, "forecasting.wage_change_range"),
        ({"year": "2040"}, 404, "forecasting.covariates_beyond"),  # no data of that year
    ],
)
def test_bad_input_to_the_api_is_a_coded_error_in_the_askers_language(
    client: TestClient, params: dict[str, str], status: int, code: str
) -> None:
    r = client.get("/api/v1/forecasts/migration", params=params, headers={"Accept-Language": "kk"})
    assert r.status_code == status
    assert r.json()["code"] == code
    assert r.json()["text"] != r.json()["error"]  # rendered in Kazakh, not the English sentence


def test_the_labour_api_refuses_a_year_too_far(client: TestClient) -> None:
    assert client.get("/api/v1/forecasts/labour", params={"to": "2026"}).status_code == 200
    r = client.get("/api/v1/forecasts/labour", params={"to": "2090"})
    assert r.status_code == 422 and r.json()["code"] == "forecasting.labour_years"


@pytest.mark.parametrize(
    ("lang", "title"), [("ru", "Миграционные потоки"), ("kk", "Көші-қон ағындары"), ("en", "Migration flows")]
)
def test_the_migration_page_in_three_languages(client: TestClient, lang: str, title: str) -> None:
    r = client.get("/forecasts/migration", params={"lang": lang, "region": "75", "change": "10"})
    assert r.status_code == 200
    assert title in r.text
    assert 'id="gravity-coefficients"' in r.text and 'id="top-flows"' in r.text
    assert r.text.count("<tr data-region=") == 20


@pytest.mark.parametrize(
    ("lang", "title"),
    [("ru", "Предложение и спрос"), ("kk", "ұсынысы мен сұранысы"), ("en", "Labour supply")],
)
def test_the_labour_page_in_three_languages(client: TestClient, lang: str, title: str) -> None:
    r = client.get("/forecasts/labour", params={"lang": lang, "to": "2027", "year": "2026"})
    assert r.status_code == 200
    assert title in r.text
    assert r.text.count("<tr data-region=") == 20
    assert '<th scope="col" class="n">2027</th>' in r.text


def test_a_change_out_of_range_on_the_page_says_so_in_russian(client: TestClient) -> None:
    r = client.get("/forecasts/migration", params={"lang": "ru", "region": "75", "change": "900"})
    assert r.status_code == 422
    assert "вне диапазона от -90 % до +500 %" in r.text


def test_the_migration_page_of_an_empty_store_says_what_to_load(
    engine: sa.Engine, settings: Settings
) -> None:
    with TestClient(create_app(settings, engine=engine)) as c:
        r = c.get("/forecasts/migration", params={"lang": "en"})
    assert r.status_code == 404
    assert "load a migration file first" in r.text


def test_net_migration_of_the_page_is_the_apis(client: TestClient) -> None:
    api = client.get("/api/v1/forecasts/migration").json()
    assert np.isclose(sum(x["base"] for x in api["regions"]), 0.0)


def test_a_small_negative_difference_shows_as_0_not_minus_0(client: TestClient) -> None:
    r = client.get("/forecasts/migration", params={"lang": "en", "region": "75", "change": "0.001"})
    assert r.status_code == 200
    table = r.text.split('id="net-migration"', 1)[1].split("</table>", 1)[0]
    assert ">-0<" not in table and ">−0<" not in table
