"""The resettlement dashboard: the aggregates for everyone (small groups hidden from the public), the cases for
the ministry and akimats (their region's), three languages, never an IIN."""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from jumys.config import Settings
from jumys.server import create_app
from tests.reports.resettlement_world import ResettlementWorld, cases_ingested
from tests.web.conftest import client_as

ON = "as_of=2026-01-01"
USERS = {
    "r_ministry": ("ministry", None),
    "r_inspector": ("inspector", None),
    "r_akimat11": ("akimat", "11"),
    "r_akimat55": ("akimat", "55"),
}


@pytest.fixture
def resettlement_app(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> Iterator[tuple[FastAPI, ResettlementWorld]]:
    """The cases of tests/reports/resettlement_world.py and the app over them."""
    w = cases_ingested(engine, settings, tmp_path)
    yield create_app(settings, engine=engine), w


def _as(app: FastAPI, who: str | None) -> TestClient:
    return client_as(app, who, *USERS[who]) if who else client_as(app, None)


def _text(client: TestClient, query: str) -> str:
    page = client.get(f"/resettlement?{query}")
    assert page.status_code == 200, page.text[:300]
    return html.unescape(page.text).replace("\u00a0", " ").replace("\u202f", " ")


def test_the_ministry_sees_the_figures_and_every_case_in_three_languages(
    resettlement_app: tuple[FastAPI, ResettlementWorld],
) -> None:
    app, w = resettlement_app
    client = _as(app, "r_ministry")
    en = _text(client, f"{ON}&lang=en")
    assert "Resettlement and kandas" in en and "Persons resettled since 2022" in en
    assert 'id="resettlement-cases"' in en and "STAYED" in en and "LEFT_BETWEEN" in en
    assert "Not yet known" in en and "Employed, 300,000 KZT" in en and "paid 310,000" in en
    assert "85.7%" in en  # still there at 12 months: 6 of 7 due
    assert not any(iin in en for iin in w.iins.values())
    ru = _text(client, f"{ON}&lang=ru")
    assert "Переселение и кандасы" in ru and "Ещё не известно" in ru and "Через 12 месяцев" in ru
    kk = _text(client, f"{ON}&lang=kk")
    assert "Қоныс аудару және қандастар" in kk and "Әлі белгісіз" in kk


def test_an_akimat_sees_its_regions_cases_only(resettlement_app: tuple[FastAPI, ResettlementWorld]) -> None:
    app, _w = resettlement_app
    client = _as(app, "r_akimat11")
    page = _text(client, f"{ON}&lang=en")
    assert "LEFT_BETWEEN" in page and "STAYED" not in page
    assert client.get(f"/resettlement?{ON}&region=55").status_code == 403
    pavlodar = _text(_as(app, "r_akimat55"), f"{ON}&lang=en")
    assert "STAYED" in pavlodar and "LEFT_BETWEEN" not in pavlodar


@pytest.mark.parametrize("who", [None, "r_inspector"])
def test_others_see_the_aggregates_and_no_case(
    resettlement_app: tuple[FastAPI, ResettlementWorld], who: str | None
) -> None:
    app, _w = resettlement_app
    page = _text(_as(app, who), f"{ON}&lang=en")
    assert "By destination region" in page and 'id="resettlement-cases"' not in page
    assert "STAYED" not in page
    if who is None:
        assert "Some figures are hidden: too few people to publish." in page
        assert 'name="program"' not in page  # no filter: two answers' difference would give a group away
        narrowed = _as(app, None).get(f"/resettlement?{ON}&program=kandas")
        assert narrowed.status_code == 303 and narrowed.headers["location"].startswith("/login")  # sign in
    else:
        assert 'name="program"' in page


def test_the_program_filter_narrows_and_an_unknown_program_is_refused(
    resettlement_app: tuple[FastAPI, ResettlementWorld],
) -> None:
    app, _w = resettlement_app
    page = _text(_as(app, "r_ministry"), f"{ON}&program=kandas&lang=en")
    assert "RECENT" in page and "STAYED" not in page
    assert _as(app, None).get(f"/resettlement?{ON}&program=nomad").status_code == 422
