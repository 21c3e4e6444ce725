"""The page /forecasts in Chromium: the fan chart draws its history, forecast and bands without a console error or
a request leaving the host (the Content-Security-Policy holds), in three languages; screenshots."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.test_browser import LAPTOP, PHONE, Visit, browser, pytestmark, served_store

__all__ = ["browser", "pytestmark"]  # the browser fixture, and the marks that skip without Chromium


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The app over an empty store (the shipped series need none), on a local port: what Visit needs of it."""
    with served_store(tmp_path_factory.mktemp("forecasts-browser")) as served:
        yield served


def _datasets(v: Visit) -> list[dict[str, Any]]:
    """The drawn chart's datasets: label, points drawn, and whether a band is filled."""
    return list(
        v.page.evaluate(
            """() => Chart.getChart(document.querySelector('canvas[data-fan]')).data.datasets.map(d => (
                 {label: d.label, points: d.data.filter(x => x !== null).length, fill: d.fill}))"""
        )
    )


@pytest.mark.parametrize(
    ("lang", "title", "band"),
    [
        ("ru", "Прогнозы опубликованных рядов", "интервал 80 %"),
        ("kk", "Жарияланған қатарлардың болжамдары", "80 % аралық"),
        ("en", "Forecasts of the published series", "80 % interval"),
    ],
)
def test_the_fan_chart_draws_history_forecast_and_both_bands(
    browser: Any, served: Any, lang: str, title: str, band: str
) -> None:
    v = Visit(browser, served, f"forecasts-{lang}", viewport=LAPTOP)
    v.go(f"/forecasts?family=population&region=75&horizon=5&lang={lang}")
    v.page.wait_for_selector("canvas[data-fan][data-ready='1']")
    assert v.page.locator("h1").inner_text() == title
    found = _datasets(v)
    filled = [d for d in found if d["fill"] == "-1"]
    assert len(filled) == 2 and any(band in d["label"] for d in filled)  # the 95 % and the 80 % band
    assert all(d["points"] == 6 for d in filled)  # from the last published year to 5 years after it
    history = [d for d in found if d["fill"] is False and d["points"] > 6]
    assert history, "no history line"
    v.shot("population-75")
    assert not v.errors and not v.outside
    v.close()


def test_migration_on_a_phone(browser: Any, served: Any) -> None:
    v = Visit(browser, served, "forecasts-phone", viewport=PHONE)
    v.go("/forecasts?family=migration&horizon=3&lang=en")
    v.page.wait_for_selector("canvas[data-fan][data-ready='1']")
    assert sum(1 for d in _datasets(v) if d["fill"] == "-1") == 4  # two series, two bands each
    v.shot("migration")
    assert not v.errors and not v.outside
    v.close()
