"""The page of foreign workers' conditions: who sees it, the three parts in three languages, no IIN."""

from __future__ import annotations

import html
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
from tests.factories import new_bin
from tests.reports.foreign_world import ForeignWorld, wages_world
from tests.web.conftest import sign_in
from tests.web.world import PASSWORD

ON = "as_of=2025-07-01"
INVESTOR_BIN = new_bin()
USERS = {
    "f_ministry": ("ministry", None),
    "f_inspector": ("inspector", None),
    "f_akimat75": ("akimat", "75"),
    "f_akimat11": ("akimat", "11"),
    "f_investor": ("investor", None),
    "f_employer": ("employer", None),
    "f_public": ("public", None),
}


@pytest.fixture
def conditions_app(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> Iterator[tuple[FastAPI, ForeignWorld]]:
    """The wage cells of tests/reports/foreign_world.py, a permit of UNDER ending in 10 days, arrears at UNDER
    (region 75) and NORTH (region 11), and a user per role."""
    w = ForeignWorld(engine, settings, tmp_path)
    wages_world(w)
    w.permit(w.iins["UNDER"][0], "UNDER", "2024-07-11", "2025-07-11")
    w.arrear("UNDER", "2025-05-01", amount_kzt="3000000", workers="7")
    w.arrear("NORTH", "2025-05-01", amount_kzt="1500000", workers="3")
    w.ingest()
    yield create_app(settings, engine=engine), w


def _as(app: FastAPI, who: str | None) -> TestClient:
    """A client signed in as who, or anonymous."""
    client = TestClient(app, follow_redirects=False)
    if who is None:
        return client
    role, region = USERS[who]
    bins = (INVESTOR_BIN,) if role in ("investor", "employer") else ()
    with app.state.door.engine.begin() as conn:
        add_user(conn, who, role, known_regions=region_codes(), region=region, bins=bins, password=PASSWORD)
    return sign_in(client, who)


def test_inspectors_see_the_three_parts_in_three_languages(
    conditions_app: tuple[FastAPI, ForeignWorld],
) -> None:
    app, w = conditions_app
    client = _as(app, "f_inspector")
    en = client.get(f"/foreign-workers?{ON}&lang=en")
    assert en.status_code == 200
    text = html.unescape(en.text).replace("\u00a0", " ")
    assert "Foreign workers' conditions" in text and "Wages against citizens" in text
    assert "Group 7, other occupations" in text and "50.0%" in text
    assert w.bins["UNDER"] in text and w.bins["NORTH"] in text  # underpaid, arrears in both regions
    assert "Permits ending within 30 days, the worker still employed" in text and "Open-ended" in text
    assert not any(i in en.text for rows in w.iins.values() for i in rows)  # never an IIN
    ru = client.get(f"/foreign-workers?{ON}&lang=ru")
    assert "Условия труда иностранных работников" in ru.text and "Группа 7, прочие занятия" in ru.text
    assert "Бессрочный" in ru.text
    kk = client.get(f"/foreign-workers?{ON}&lang=kk")
    assert "Шетелдік қызметкерлердің еңбек жағдайлары" in kk.text and "7 тобы, басқа кәсіптер" in kk.text


def test_days_narrow_the_permits(conditions_app: tuple[FastAPI, ForeignWorld]) -> None:
    app, _w = conditions_app
    client = _as(app, "f_ministry")
    page = html.unescape(client.get(f"/foreign-workers?{ON}&days=5&lang=en").text)
    assert "Permits ending within 5 days" in page and "No permit ends within these days" in page
    assert client.get(f"/foreign-workers?{ON}&days=0&lang=en").status_code == 422


def test_an_akimat_sees_its_region_only(conditions_app: tuple[FastAPI, ForeignWorld]) -> None:
    app, w = conditions_app
    client = _as(app, "f_akimat11")
    page = client.get(f"/foreign-workers?{ON}&lang=en")
    assert page.status_code == 200 and w.bins["NORTH"] in page.text and w.bins["UNDER"] not in page.text
    assert client.get(f"/foreign-workers?{ON}&region=75").status_code == 403


@pytest.mark.parametrize("who", ["f_investor", "f_employer", "f_public"])
def test_employers_investors_and_the_public_are_refused(
    conditions_app: tuple[FastAPI, ForeignWorld], who: str
) -> None:
    app, w = conditions_app
    page = _as(app, who).get(f"/foreign-workers?{ON}&lang=en")
    assert page.status_code == 403 and w.bins["UNDER"] not in page.text


def test_the_quotas_and_illegal_work_pages_link_to_it(conditions_app: tuple[FastAPI, ForeignWorld]) -> None:
    app, _w = conditions_app
    inspector = _as(app, "f_inspector")
    assert 'href="/foreign-workers"' in inspector.get("/quotas?lang=en").text
    assert 'href="/foreign-workers"' in inspector.get("/illegal-work?lang=en").text
    assert 'href="/foreign-workers"' not in _as(app, None).get("/quotas?lang=en").text
