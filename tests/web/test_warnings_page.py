"""The page of labour-conflict warnings: who sees it, each signal's evidence in the page's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from jumys.access.service import add_user
from jumys.config import Settings
from jumys.reference.regions import region_codes
from jumys.safety.warnings import run_warnings
from jumys.server import create_app
from tests.factories import new_bin
from tests.safety.warn_world import WarnWorld
from tests.web.conftest import sign_in
from tests.web.world import PASSWORD

AS_OF = dt.date(2025, 1, 1)
INVESTOR_BIN = new_bin()  # any valid BIN: investors are refused whatever they own
USERS = {
    "w_ministry": ("ministry", None),
    "w_akimat75": ("akimat", "75"),
    "w_akimat11": ("akimat", "11"),
    "w_investor": ("investor", None),
    "w_public": ("public", None),
}


@pytest.fixture
def warned_app(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> Iterator[tuple[FastAPI, dict[str, str]]]:
    """An app over a store with a high warning in region 75 and a watch in region 11, and a user per role."""
    ww = WarnWorld(engine, settings, tmp_path)
    high, watch = ww.employer("751110000"), ww.employer("111010000")
    for iin in ww.staff(high, 6, paid=("2023-01", "2024-09")):
        ww.pay(iin, high, "2024-10", "2025-06", wage=300_000)
    ww.incident(high, "2024-12-05")
    ww.arrear(watch, "2024-12-10")
    ww.ingest()
    with engine.begin() as conn:
        run_warnings(conn, AS_OF)
    app = create_app(settings, engine=engine)
    yield app, {"high": high, "watch": watch}


def _as(app: FastAPI, who: str | None) -> TestClient:
    """A client signed in as who (made now: argon2 costs a third of a second a user), or anonymous."""
    client = TestClient(app, follow_redirects=False)
    if who is None:
        return client
    role, region = USERS[who]
    bins = (INVESTOR_BIN,) if role == "investor" else ()
    with app.state.door.engine.begin() as conn:
        add_user(conn, who, role, known_regions=region_codes(), region=region, bins=bins, password=PASSWORD)
    return sign_in(client, who)


def test_the_ministry_sees_every_warning_with_its_evidence_in_three_languages(
    warned_app: tuple[FastAPI, dict[str, str]],
) -> None:
    app, bins = warned_app
    client = _as(app, "w_ministry")
    ru = client.get("/warnings?lang=ru")
    assert ru.status_code == 200
    assert bins["high"] in ru.text and bins["watch"] in ru.text
    assert ru.text.index(bins["high"]) < ru.text.index(bins["watch"])  # high first
    assert "Трудовые конфликты" in ru.text and "Снижение зарплаты" in ru.text
    assert "400 000 тенге за сентябрь 2024" in ru.text.replace("\u00a0", " ")
    kk = client.get("/warnings?lang=kk")
    assert "Еңбек қақтығыстары" in kk.text and "Қыркүйек 2024" in kk.text
    en = client.get("/warnings?lang=en")
    assert "Labour conflicts" in en.text
    assert "went from 400,000 KZT in September 2024 to 300,000 KZT in December 2024 (-25.0%)" in en.text
    assert "Fatal accidents: 1, victims: 1, the last on Dec 5, 2024." in en.text
    only_high = client.get("/warnings?lang=en&level=high")
    assert bins["high"] in only_high.text and bins["watch"] not in only_high.text
    assert 'href="/warnings"' in only_high.text  # the nav item
    # the main menu groups the pages by domain; the group of the page shown is marked
    menu = only_high.text[only_high.text.index('<nav class="nav"') : only_high.text.index("</nav>")]
    assert [g in menu for g in ("Job creation", "Safe work", "Labour migration")] == [True] * 3
    assert '<summary class="current">Safe work</summary>' in menu
    assert '<a href="/warnings" aria-current="page">Labour conflicts</a>' in menu


def test_an_akimat_sees_its_region_only(warned_app: tuple[FastAPI, dict[str, str]]) -> None:
    app, bins = warned_app
    client = _as(app, "w_akimat11")
    page = client.get("/warnings")
    assert page.status_code == 200
    assert bins["watch"] in page.text and bins["high"] not in page.text
    assert client.get("/warnings?region=75").status_code == 403


@pytest.mark.parametrize("who", ["w_investor", "w_public"])
def test_investors_and_the_public_are_refused(warned_app: tuple[FastAPI, dict[str, str]], who: str) -> None:
    app, bins = warned_app
    client = _as(app, who)
    page = client.get("/warnings?lang=en")
    assert page.status_code == 403 and bins["high"] not in page.text
    home = client.get("/?lang=en").text
    assert 'href="/warnings"' not in home
    if who == "w_public":  # a group with a single page the public may see is that page's link, not a menu
        menu = home[home.index('<nav class="nav"') : home.index("</nav>")]
        assert "Job creation" not in menu and '<a href="/" aria-current="page">Map</a>' in menu


def test_the_anonymous_public_is_asked_to_sign_in(warned_app: tuple[FastAPI, dict[str, str]]) -> None:
    app, _bins = warned_app
    page = _as(app, None).get("/warnings")
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_a_date_never_run_is_a_page_saying_so(warned_app: tuple[FastAPI, dict[str, str]]) -> None:
    app, _bins = warned_app
    client = _as(app, "w_ministry")
    assert client.get("/warnings?as_of=2024-06-01&lang=en").status_code == 404
    assert client.get("/warnings?as_of=junk&lang=en").status_code == 422
