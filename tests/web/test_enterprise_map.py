"""The pages of the digital map of enterprises: the map and its counts per role, the card, in three languages."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from jumys.access.service import add_user, list_audit
from jumys.config import Settings
from jumys.reference.regions import region_codes
from jumys.server import create_app
from jumys.storage.engine import make_engine
from jumys.storage.revisions import upgrade
from tests.conftest import TEST_KEY
from tests.enterprise_map.world import MapWorld, add_history, build_map_world

PASSWORD = "map-password-1234"
USERS = {"min": ("ministry", None), "ak11": ("akimat", "11"), "ak75": ("akimat", "75")}


class MapSite:
    """The app over a store holding the map world, its engine and who signs in."""

    def __init__(self, app: FastAPI, engine: sa.Engine, world: MapWorld) -> None:
        self.app, self.engine, self.world = app, engine, world
        self.cookies: dict[str, str] = {}

    def client(self, username: str | None = None) -> TestClient:
        """A client, signed in as username (once per module)."""
        c = TestClient(self.app, follow_redirects=False)
        if username is None:
            return c
        if username not in self.cookies:
            r = c.post("/login", data={"username": username, "password": PASSWORD, "next": "/"})
            assert r.status_code == 303, r.text
            self.cookies[username] = c.cookies["jumys_session"]
        c.cookies.set("jumys_session", self.cookies[username])
        return c


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MapSite]:
    tmp: Path = tmp_path_factory.mktemp("emap")
    settings = Settings(home=tmp / "home", pseudonym_key=TEST_KEY)
    engine = make_engine(settings=settings)
    upgrade(engine)
    world = build_map_world(engine)
    add_history(engine, world.placed("75")[0].bin)
    with engine.begin() as conn:
        for name, (role, region) in USERS.items():
            add_user(conn, name, role, known_regions=region_codes(), region=region, password=PASSWORD)
    yield MapSite(create_app(settings=settings, engine=engine), engine, world)
    engine.dispose()


def _map_data(html: str) -> dict:  # type: ignore[type-arg]
    found = re.search(r'<script type="application/json" id="emap-data">(.*?)</script>', html, re.S)
    assert found, "no map data on the page"
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def _row(html: str, name: str) -> list[str]:
    """The cells of the counts table's row of a region (by its name)."""
    table = html.split('id="risk-regions"', 1)[1]
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
        if name in row:
            return [
                re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            ]
    raise AssertionError(f"no row {name}")


def test_the_public_sees_counts_only(site: MapSite) -> None:
    r = site.client().get("/map?lang=en")
    assert r.status_code == 200
    data = _map_data(r.text)
    assert data["clusters"] is None
    assert _row(r.text, "Akmola") == ["Akmola Region", "7", "…", "0", "…"]
    assert _row(r.text, "Almaty") == ["Almaty", "43", "6", "10", "27"]
    assert 'name="section"' not in r.text and "Sign in to see the enterprises" in r.text
    # the public's filters are not read: the same counts
    filtered = site.client().get("/map?lang=en&section=F&vision_zero=yes&arrears=yes&region=11")
    assert _row(filtered.text, "Almaty") == ["Almaty", "43", "6", "10", "27"]


def test_the_ministry_sees_enterprises_and_filters(site: MapSite) -> None:
    c = site.client("min")
    r = c.get("/map?lang=en")
    data = _map_data(r.text)
    assert data["clusters"] == "/api/v1/map/clusters" and data["filters"]["as_of"] == "2026-01-01"
    assert 'name="section"' in r.text and 'name="region"' in r.text
    assert _row(r.text, "Akmola") == ["Akmola Region", "7", "1", "0", "6", "0"]
    assert _row(r.text, "Almaty")[-1] == "3"  # without coordinates
    r = c.get("/map?lang=en&region=75&section=F&class=high&vision_zero=no&arrears=yes")
    data = _map_data(r.text)
    assert data["filters"] | {"as_of": None} == {
        "region": "75",
        "section": "F",
        "class": "high",
        "vision_zero": "false",
        "arrears": "true",
        "as_of": None,
    }
    assert data["focus"] == "75"
    answer = c.get(data["clusters"], params=data["filters"] | {"bbox": "46,40,88,56", "zoom": "6"}).json()
    expected = [
        f
        for f in site.world.placed("75")
        if f.section == "F" and f.risk_class == "high" and not f.vision_zero and f.arrears_kzt
    ]
    assert answer["total"] == len(expected)
    # a filter that is not one is left out, not passed on to the map's requests
    assert "section" not in _map_data(c.get("/map?section=Z&class=red").text)["filters"]


def test_an_akimat_sees_its_region(site: MapSite) -> None:
    r = site.client("ak11").get("/map?lang=en")
    data = _map_data(r.text)
    assert data["focus"] == "11" and data["clusters"]
    assert 'name="region"' not in r.text
    assert (
        "Akmola" in r.text.split('id="risk-regions"', 1)[1]
        and "Almaty" not in r.text.split('id="risk-regions"', 1)[1]
    )


def test_an_akimat_asking_for_another_region_is_refused_not_shown_zeros(site: MapSite) -> None:
    """/map?region=75 for Akmola's akimat (a link the ministry shared) is a 403 as /warnings?region=75 is,
    not a map of zeros whose points fail to load."""
    c = site.client("ak11")
    assert c.get("/map?region=75").status_code == 403
    assert c.get("/map?region=11").status_code == 200


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("ru", ("Травмы за 3 года", "Высокий риск", "Проверки", "не погашена")),
        ("kk", ("3 жылдағы жарақаттар", "Жоғары тәуекел", "Тексерулер", "өтелмеген")),
        ("en", ("Injuries over 3 years", "High risk", "Inspections", "open")),
    ],
)
def test_the_card_in_three_languages(site: MapSite, lang: str, words: tuple[str, ...]) -> None:
    firm = site.world.placed("75")[0]
    r = site.client("min").get(f"/enterprises/{firm.bin}?lang={lang}")
    assert r.status_code == 200
    for word in words:
        assert word in r.text, word
    assert 'data-factor="injuries_weighted"' in r.text
    assert r.text.count('class="points-bar lowers"') == 1  # fines_kzt: -2.5 points


def test_the_card_is_scoped_and_audited(site: MapSite) -> None:
    theirs = site.world.placed("75")[0].bin
    assert site.client("ak11").get(f"/enterprises/{theirs}").status_code == 404
    assert site.client("ak75").get(f"/enterprises/{theirs}").status_code == 200
    anonymous = site.client().get(f"/enterprises/{theirs}")
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    site.app.state.door.auditor.stop()  # audited reads reach the store from the journal a moment later
    with site.engine.connect() as conn:
        lines = list_audit(conn, action="read_enterprise", username="ak75")
    assert lines and lines[0]["resource"] == f"enterprise {theirs}"


def test_a_date_not_scored_is_a_page_not_a_traceback(site: MapSite) -> None:
    r = site.client("min").get("/map?as_of=2020-01-01&lang=en")
    assert r.status_code == 404 and "no risk scoring at 2020-01-01" in r.text
    assert site.client("min").get("/map?as_of=soon").status_code == 422
