"""The population page in Chromium: the fan of variants and the age groups are drawn in three languages, without
a console error or a request leaving the host, and the page fits a phone's width."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.forecasting.test_cohort_store import ingest
from tests.forecasting.test_population_store import generated
from tests.web.test_browser import LAPTOP, PHONE, Site, Visit, browser, pytestmark, served_store

__all__ = ["browser", "pytestmark"]

DRAWN = (
    "[...document.querySelectorAll('canvas[data-chart], canvas[data-fan], canvas[data-pyramid]')]"
    ".every(c => c.dataset.ready === '1')"
)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The synthetic country's population of 2019-2021 and its migration, served."""
    tmp = tmp_path_factory.mktemp("population-browser")
    with served_store(tmp, lambda engine, settings: ingest(engine, settings, tmp, generated(2021))) as served:
        yield served


VARIANTS = {
    "ru": "низкий и высокий варианты",
    "kk": "төмен және жоғары нұсқалар",
    "en": "low and high variants",
}


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("ru", "Население по регионам, полу и возрасту"),
        ("kk", "Өңірлер, жыныс және жас бойынша халық"),
        ("en", "Population by region, sex and age"),
    ],
)
def test_the_fan_and_the_age_groups_are_drawn(browser: Any, served: Site, lang: str, title: str) -> None:
    v = Visit(browser, served, f"population-{lang}", viewport=LAPTOP)  # type: ignore[arg-type]
    v.go(f"/forecasts/population?region=75&to=2050&lang={lang}")
    assert v.page.locator("h1").inner_text() == title
    v.until(DRAWN)
    assert v.page.locator("#population-regions tbody tr").count() == 20
    assert v.page.locator("canvas[data-pyramid][data-ready='1']").count() == 1
    # the tooltip of a forecast year names the band as the legend does: the variants, not an 80 % interval
    tip = v.page.evaluate(
        """() => {
          const c = Chart.getChart(document.querySelector('canvas[data-fan]'));
          const d = c.data.datasets.find(x => x.borderDash && !x.band);
          const k = c.data.labels.length - 1;
          const ctx = {dataset: d, raw: d.data[k], label: String(c.data.labels[k])};
          return c.options.plugins.tooltip.callbacks.label(ctx);
        }"""
    )
    assert VARIANTS[lang] in tip and "80 %" not in tip, tip
    v.shot("region")
    v.go(f"/forecasts/population?data=shipped&lang={lang}")
    v.until(DRAWN)
    v.shot("shipped")
    v.close()


def test_the_page_fits_a_phone(browser: Any, served: Site) -> None:
    v = Visit(browser, served, "population-phone", viewport=PHONE)  # type: ignore[arg-type]
    v.go("/forecasts/population?lang=ru")
    v.until(DRAWN)
    v.no_sideways_scroll()
    v.shot("phone")
    v.close()
