"""The mobility pages: the map and the index per role, the balance, the compatriots' plan; three languages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from jumys.access.service import add_user
from jumys.config import Settings
from jumys.reference.regions import region_codes
from jumys.server import create_app
from tests.factories import compatriot
from tests.mobility.world import MobilityWorld, kato
from tests.web.conftest import sign_in
from tests.web.world import PASSWORD


@pytest.fixture
def app(engine: sa.Engine, settings: Settings, tmp_path: Path) -> Iterator[FastAPI]:
    """An app over the baseline country, Turkistan (61) in surplus, with compatriots heading north."""
    w = MobilityWorld(engine, settings, tmp_path)
    w.unemployment[("61", 2024)] = 12.0
    w.seekers["61"], w.vacancies["61"] = 40, 1
    for y in range(2020, 2025):
        w.move(y, "59", "71", 30)
    w.extra["compatriots"] = [
        compatriot(country="CHN", kato_of_interest=kato("63"), intends_return_year="2026") for _ in range(7)
    ]
    w.ingest()
    yield create_app(settings, engine=engine)


def _as(app: FastAPI, role: str | None, region: str | None = None) -> TestClient:
    client = TestClient(app, follow_redirects=False)
    if role is None:
        return client
    name = f"m_{role}{region or ''}"
    with app.state.door.engine.begin() as conn:
        add_user(conn, name, role, known_regions=region_codes(), region=region, password=PASSWORD)
    return sign_in(client, name)


def test_the_public_sees_every_region_on_the_map_with_its_class(app: FastAPI) -> None:
    page = _as(app, None).get("/mobility?year=2024&lang=en")
    assert page.status_code == 200
    assert page.text.count('data-region="') >= 40  # 20 in the index, 20 in the balance
    assert 'data-region="61" data-class="surplus"' in page.text
    assert "labour surplus" in page.text and "Migration balance by year" in page.text
    assert 'id="map-data"' in page.text
    assert "No government list of regions is in force for 2024" in page.text


def test_an_akimat_sees_its_own_region_only(app: FastAPI) -> None:
    page = _as(app, "akimat", "59").get("/mobility?year=2024&lang=en")
    assert page.status_code == 200
    assert 'data-region="59"' in page.text and 'data-region="61"' not in page.text
    assert "All regions of class" not in page.text  # the country's sums are not its to see


@pytest.mark.parametrize(
    ("lang", "words"), [("ru", "Трудоизбыточные"), ("kk", "Еңбек"), ("en", "Labour-surplus")]
)
def test_the_page_speaks_three_languages(app: FastAPI, lang: str, words: str) -> None:
    page = _as(app, "ministry").get(f"/mobility?year=2024&lang={lang}")
    assert page.status_code == 200 and words in page.text


def test_the_compatriots_plan(app: FastAPI) -> None:
    page = _as(app, "ministry").get("/mobility/compatriots?as_of=2026-01-01&year=2024&lang=en")
    assert page.status_code == 200
    assert 'data-region="63"' in page.text and "2026" in page.text
    assert _as(app, None).get("/mobility/compatriots?as_of=junk").status_code == 422


def test_a_year_out_of_range_is_refused(app: FastAPI) -> None:
    assert _as(app, None).get("/mobility?year=1800").status_code == 422
