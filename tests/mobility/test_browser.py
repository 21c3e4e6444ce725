"""The mobility page in Chromium: the map draws every region in its labour class's colour, without a console
error or a request leaving the host (the Content-Security-Policy holds)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.web.mobility import COLOURS
from tests.mobility.world import MobilityWorld
from tests.web.test_browser import LAPTOP, Site, Visit, browser, pytestmark, served_store

__all__ = ["browser", "pytestmark"]  # the browser fixture, and the marks that skip without Chromium


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The baseline country, Turkistan (61) in surplus and North Kazakhstan (59) in deficit, served."""
    tmp = tmp_path_factory.mktemp("mobility-browser")

    def fill(engine: sa.Engine, settings: Settings) -> None:
        w = MobilityWorld(engine, settings, tmp)
        w.unemployment[("61", 2024)], w.unemployment[("59", 2024)] = 12.0, 1.0
        w.seekers["61"], w.vacancies["61"] = 40, 1
        w.seekers["59"], w.vacancies["59"] = 1, 40
        for y in range(2019, 2025):
            w.move(y, "59", "71", 30)
        w.ingest()

    with served_store(tmp, fill) as served:
        yield served


def test_the_map_colours_each_region_by_its_class_and_the_balance_is_charted(
    browser: Any, served: Site
) -> None:
    v = Visit(browser, served, "mobility", viewport=LAPTOP)  # type: ignore[arg-type]
    v.go("/mobility?year=2024")
    v.page.wait_for_selector("#map[data-ready='1']")
    fill = {r: v.page.locator(f"path.region-{r}").first.get_attribute("fill") for r in ("61", "59", "47")}
    assert fill == {"61": COLOURS["surplus"], "59": COLOURS["deficit"], "47": COLOURS["balanced"]}
    assert v.page.locator("h1").inner_text() == "Трудоизбыточные и трудодефицитные регионы"
    v.until("[...document.querySelectorAll('canvas[data-chart]')].every(c => c.dataset.ready === '1')")
    v.shot("map")
    v.close()


def test_the_compatriots_plan_opens(browser: Any, served: Site) -> None:
    v = Visit(browser, served, "compatriots", viewport=LAPTOP)  # type: ignore[arg-type]
    v.go("/mobility/compatriots?lang=kk")
    assert v.page.locator("h1").inner_text() == "Шетелдегі отандастар: репатриация жоспары"
    v.close()
