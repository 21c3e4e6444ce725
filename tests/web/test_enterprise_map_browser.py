"""The digital map of enterprises in Chromium: clusters and points drawn from the API, a point opens its card,
the public's map of counts. Screenshots go to test-artifacts/screenshots/ (emap-*)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from jumys.access.service import add_user
from jumys.config import Settings
from jumys.reference.regions import region_codes
from jumys.server import create_app
from jumys.storage.engine import make_engine
from jumys.storage.revisions import upgrade
from tests.conftest import TEST_KEY
from tests.enterprise_map.world import MapWorld, add_history, build_map_world
from tests.web.test_browser import CHROMIUM, LAPTOP, Visit, browser, serving  # noqa: F401 (a fixture)
from tests.web.world import PASSWORD

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium is not installed (`make chromium`)"),
]


class MapServed:
    """The app on a local port over the map world."""

    def __init__(self, url: str, world: MapWorld) -> None:
        self.url, self.world = url, world


@pytest.fixture(scope="module")
def map_served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MapServed]:
    tmp = tmp_path_factory.mktemp("emap-browser")
    settings = Settings(home=tmp / "home", pseudonym_key=TEST_KEY)
    engine = make_engine(settings=settings)
    upgrade(engine)
    world = build_map_world(engine, extra=60)  # Almaty: 100 enterprises, a cluster at national zoom
    add_history(engine, world.placed("75")[0].bin)
    with engine.begin() as conn:
        for name, role, region in (("emap-min", "ministry", None), ("emap-ak11", "akimat", "11")):
            add_user(conn, name, role, known_regions=region_codes(), region=region, password=PASSWORD)
    with serving(create_app(settings=settings, engine=engine)) as url:
        yield MapServed(url, world)
    engine.dispose()


def _features(v: Visit) -> None:
    v.page.wait_for_selector("#emap[data-ready='1']")
    v.until("Number(document.getElementById('emap').dataset.features || 0) > 0")


def test_the_ministry_opens_a_card_from_the_map(browser: Any, map_served: MapServed) -> None:  # noqa: F811
    v = Visit(browser, map_served, "emap-ministry", viewport=LAPTOP)  # type: ignore[arg-type]
    page = v.page
    v.sign_in("emap-min")
    v.go("/map")
    _features(v)
    # national zoom: Almaty's 100 enterprises are one cluster; Akmola's and Astana's are points
    v.until("document.querySelectorAll('.cluster-icon').length >= 1")
    assert page.locator(".cluster-icon span").first.inner_text() == "100"
    v.shot("map-ru")
    page.locator(".cluster-icon").first.click()  # zooms to the cluster's extent: its enterprises one by one
    v.until("document.querySelectorAll('.cluster-icon').length === 0")
    v.until("document.querySelectorAll('path.point').length >= 100")
    v.shot("map-zoomed")
    page.locator("path.point").first.click(force=True)
    page.wait_for_url(re.compile(r".*/enterprises/\d{12}.*"))
    assert page.locator("#factors tbody tr").count() == 11
    v.shot("card-ru")
    page.get_by_role("link", name="KK", exact=True).click()
    page.wait_for_selector("html[lang=kk]")
    assert "3 жылдағы жарақаттар" in page.content()
    v.shot("card-kk")
    page.get_by_role("link", name="EN", exact=True).click()
    page.wait_for_selector("html[lang=en]")
    v.shot("card-en")
    v.go("/map?lang=en&class=high")
    _features(v)
    v.shot("map-en-high")
    v.close()


def test_an_akimat_sees_its_region_on_the_map(browser: Any, map_served: MapServed) -> None:  # noqa: F811
    v = Visit(browser, map_served, "emap-akimat", viewport=LAPTOP)  # type: ignore[arg-type]
    v.sign_in("emap-ak11")
    v.go("/map?lang=kk")
    _features(v)
    v.until("document.querySelectorAll('path.point').length === 7")
    v.shot("map-kk")
    v.close()


def test_the_public_sees_counts_by_region(browser: Any, map_served: MapServed) -> None:  # noqa: F811
    v = Visit(browser, map_served, "emap-public", viewport=LAPTOP)  # type: ignore[arg-type]
    v.go("/map")
    v.page.wait_for_selector("#emap[data-ready='1']")
    v.page.wait_for_selector("path.region-75", state="attached")
    assert v.page.locator("path.point").count() == 0
    v.shot("map-public-ru")
    v.go("/map?lang=en")
    v.page.wait_for_selector("#emap[data-ready='1']")
    v.shot("map-public-en")
    v.close()
