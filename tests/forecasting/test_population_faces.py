"""GET /api/v1/forecasts/population and the page /forecasts/population: for everyone, three languages, bad input."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from jumys.config import Settings
from jumys.server import create_app
from tests.forecasting.test_cohort_store import ingest
from tests.forecasting.test_population_store import generated
from tests.web.conftest import client_as

API = "/api/v1/forecasts/population"


@pytest.fixture
def app(engine: sa.Engine, settings: Settings) -> Iterator[FastAPI]:
    """The app over an empty store."""
    yield create_app(settings, engine=engine)


def test_the_api_from_the_shipped_statistics(app: FastAPI) -> None:
    body = TestClient(app).get(API, params={"data": "shipped", "to": "2050", "region": "61"}).json()
    assert body["data"]["source"] == "shipped" and body["data"]["base_year"] == 2023 and body["to"] == 2050
    assert body["years"] == list(range(2023, 2051))
    (turkistan,) = body["regions"]
    assert turkistan["kato2"] == "61" and turkistan["medium"][0] == 2_119_320  # BNS, 1 January 2023
    assert body["national"]["medium"][0] == 19_766_807
    assert set(body["age_groups"]["groups"]) == {"0-5", "6-17", "18-62", "63+"}
    assert "the data go to 1 January 2023" in body["data"]["note"]


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"data": "shipped", "region": "99"}, 422, "forecasting.unknown_region"),
        ({"data": "shipped", "to": "2023"}, 422, "forecasting.year_out_of_range"),
        ({"data": "shipped", "to": "3000"}, 422, "forecasting.year_out_of_range"),
        ({}, 404, "forecasting.no_population"),
    ],
)
def test_the_api_refuses_bad_input_with_its_reason(
    app: FastAPI, params: dict[str, str], status: int, code: str
) -> None:
    answer = TestClient(app).get(API, params=params, headers={"Accept-Language": "kk"})
    assert answer.status_code == status
    assert answer.json()["code"] == code


def test_the_api_from_the_store_names_its_batch(
    app: FastAPI, engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    ingest(engine, settings, tmp_path, generated(2020))
    body = TestClient(app).get(API, params={"to": "2030"}).json()
    assert (
        body["data"]["source"] == "store"
        and body["data"]["base_year"] == 2020
        and body["data"]["batch_no"] == 1
    )
    assert len(body["regions"]) == 20 and body["years"][-1] == 2030


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("ru", "Население по регионам, полу и возрасту"),
        ("kk", "Өңірлер, жыныс және жас бойынша халық"),
        ("en", "Population by region, sex and age"),
    ],
)
def test_the_page_for_the_public_in_three_languages(app: FastAPI, lang: str, words: str) -> None:
    page = client_as(app, None).get(f"/forecasts/population?data=shipped&region=75&to=2050&lang={lang}")
    assert page.status_code == 200, page.text
    assert words in page.text
    regions = re.findall(r'<tr data-region="(\d\d)">', page.text)
    assert len(regions) == 20
    fan = json.loads(re.search(r'id="population-fan">(.*?)</script>', page.text, re.S).group(1))  # type: ignore[union-attr]
    line = fan["series"][0]["forecast"]
    assert line["years"][0] == 2023 and line["years"][-1] == 2050
    assert all(
        lo <= mid <= hi for lo, mid, hi in zip(line["low80"], line["point"], line["high80"], strict=True)
    )
    pyramid = json.loads(re.search(r'id="population-pyramid">(.*?)</script>', page.text, re.S).group(1))  # type: ignore[union-attr]
    assert pyramid["labels"][0] == "100+" and pyramid["labels"][-1] == "0-4" and len(pyramid["labels"]) == 21
    first = [d for d in pyramid["datasets"] if d["stack"] == "2023"]
    assert [d["data"][-1] < 0 for d in first] == [True, False]  # men to the left, women to the right
    assert sum(abs(x) for d in first for x in d["data"]) == pytest.approx(2_161_797, abs=25)  # Almaty, 2023


def test_the_page_on_an_empty_store_says_so_and_offers_the_published_statistics(app: FastAPI) -> None:
    page = client_as(app, None).get("/forecasts/population?lang=en")
    assert page.status_code == 200
    assert 'id="population-empty"' in page.text and "the store holds no population" in page.text
    assert "data=shipped" in page.text


@pytest.mark.parametrize(("query", "status"), [("region=99", 422), ("to=1999", 422), ("to=abc", 422)])
def test_the_page_refuses_bad_input(app: FastAPI, query: str, status: int) -> None:
    page = client_as(app, None).get(f"/forecasts/population?data=shipped&{query}&lang=ru")
    assert page.status_code == status
    assert "Traceback" not in page.text


def test_an_empty_region_of_a_form_means_every_region(app: FastAPI) -> None:
    """Found by schemathesis: region= was refused as an unknown region."""
    body = TestClient(app).get(API, params={"data": "shipped", "region": ""}).json()
    assert len(body["regions"]) == 20 and body["age_groups"]["scope"] == "KZ"
