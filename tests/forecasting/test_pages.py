"""The page /forecasts and the API /api/v1/forecasts/...: for everyone, in three languages; bad requests
refused with their reason; the store's series when asked."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from jumys.access.service import add_user
from jumys.config import Settings
from jumys.forecasting.outlook import Outlook
from jumys.reference.regions import region_codes
from jumys.server import create_app
from jumys.web.forecasts import forecast_table
from jumys.web.i18n import translator
from tests.forecasting.stats_world import ingest_stats, stat
from tests.web.conftest import sign_in
from tests.web.world import PASSWORD


@pytest.fixture
def app(engine: sa.Engine, settings: Settings) -> Iterator[FastAPI]:
    """The app over an empty store (the shipped series need none)."""
    yield create_app(settings, engine=engine)


def _fan(text: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="fan-data">(.*?)</script>', text, re.S)
    assert found, "no fan chart data"
    return dict(json.loads(found.group(1)))


@pytest.mark.parametrize(
    ("lang", "title", "band"),
    [
        ("ru", "Прогнозы опубликованных рядов", "интервал 80 %"),
        ("kk", "Жарияланған қатарлардың болжамдары", "80 % аралық"),
        ("en", "Forecasts of the published series", "80 % interval"),
    ],
)
def test_the_public_sees_the_fan_chart_and_the_backtest_in_three_languages(
    app: FastAPI, lang: str, title: str, band: str
) -> None:
    page = TestClient(app).get(f"/forecasts?lang={lang}")
    assert page.status_code == 200
    assert title in page.text and 'canvas data-fan="fan-data"' in page.text
    assert '<script src="/static/forecast-charts.js" defer></script>' in page.text
    chart = _fan(page.text)
    assert chart["words"]["band80"] == band  # type: ignore[index]
    [line] = chart["series"]  # type: ignore[misc]
    assert line["forecast"]["years"][0] == line["history"]["years"][-1] + 1
    assert page.text.count('<tr data-family="') == 5  # the method used for each family
    for link in (
        "/forecasts/population",
        "/forecasts/migration",
        "/forecasts/scenarios",
        "/forecasts/labour",
    ):
        assert f'href="{link}"' in page.text


def test_migration_is_national_two_lines_and_no_region_to_choose(app: FastAPI) -> None:
    page = TestClient(app).get("/forecasts?family=migration&horizon=3&lang=en")
    assert page.status_code == 200
    assert [s["label"] for s in _fan(page.text)["series"]] == ["arrivals", "departures"]  # type: ignore[attr-defined]
    assert 'name="region"' not in page.text


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ("family=births", 422, "unknown series family births"),
        ("region=99", 422, "unknown region 99"),
        ("horizon=11", 422, "the horizon is 1 to 10 years, not 11"),
        ("source=store", 404, "the store&#39;s region_stats hold no yearly series"),
    ],
)
def test_a_bad_request_says_why_on_the_page_and_in_the_api(
    app: FastAPI, query: str, status: int, words: str
) -> None:
    client = TestClient(app)
    page = client.get(f"/forecasts?{query}&lang=en")
    assert page.status_code == status and words in page.text
    api = client.get(f"/api/v1/forecasts/series?{query}", headers={"Accept-Language": "en"})
    assert api.status_code == status and api.json()["code"].startswith("forecasting.")


def test_the_store_series_are_forecast_when_asked(
    app: FastAPI, engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    rows = [stat("11", str(y), "population", 1000.0 + 10 * (y - 2015)) for y in range(2015, 2025)]
    ingest_stats(engine, settings, tmp_path / "b", rows)
    client = TestClient(app)
    body = client.get("/api/v1/forecasts/series?source=store&family=population&region=11&horizon=1").json()
    [o] = body["forecasts"]
    assert (o["source"], o["last_year"], o["years"]) == ("store", 2024, [2025])
    page = client.get("/forecasts?source=store&family=population&region=11&lang=en")
    assert page.status_code == 200 and "data to 2024" in page.text


def test_the_backtest_route_is_the_docs_table(app: FastAPI) -> None:
    body = TestClient(app).get("/api/v1/forecasts/backtest").json()
    wages = next(c for c in body["choices"] if c["family"] == "wages")
    assert wages["years"] == "2012-2025" and 0 <= wages["within"] <= 1
    assert all(r["calibrated80"] >= r["coverage"] for r in body["rows"])


def test_an_akimat_opens_on_its_own_region_and_an_empty_region_is_the_default(
    app: FastAPI, engine: sa.Engine
) -> None:
    with app.state.door.engine.begin() as conn:
        add_user(conn, "f_akimat59", "akimat", known_regions=region_codes(), region="59", password=PASSWORD)
    akimat = sign_in(TestClient(app, follow_redirects=False), "f_akimat59")
    page = akimat.get("/forecasts?lang=en")
    assert page.status_code == 200 and '<option value="59" selected>' in page.text
    assert [s["label"] for s in _fan(page.text)["series"]] == ["North Kazakhstan Region"]  # type: ignore[attr-defined]
    public = TestClient(app).get("/forecasts?region=&lang=en")
    assert public.status_code == 200 and '<option value="75" selected>' in public.text
    assert '<option value="">' not in public.text  # one region's chart at a time: no "all regions"


def test_a_bound_just_below_zero_is_written_0_not_minus_0() -> None:
    o = Outlook("migration", "75", "store", "naive", "short", None, None, 2020, 2024, {2024: 1.0}, [2025],
                [0.2], [-0.3], [0.6], [-0.6], [0.9], [1.0])  # fmt: skip
    [row] = forecast_table(translator("en"), o)["rows"]
    assert (row["point"], row["low80"], row["low95"]) == ("0", "0", "-1")
