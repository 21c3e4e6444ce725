"""The data of a fan chart (jumys.web.fanchart): JSON the browser can parse, bands as given, words translated."""

from __future__ import annotations

import json

from jumys.web.fanchart import fan_chart, fan_series
from jumys.web.i18n import translator
from jumys.web.render import json_script


def test_a_value_not_published_is_null_not_nan() -> None:
    """JSON.parse refuses NaN: a gap in the history is null."""
    s = fan_series("x", "#000000", {2020: 1.0, 2021: float("nan"), 2022: 3.0})
    text = str(json_script(fan_chart(translator("en"), [s], "persons")))
    assert "NaN" not in text
    assert json.loads(text)["series"][0]["history"] == {
        "years": [2020, 2021, 2022],
        "values": [1.0, None, 3.0],
    }


def test_the_forecast_keeps_the_bands_it_is_given() -> None:
    s = fan_series(
        "x", "#000000", None, {"point": [1.0, 2.0], "low80": [0.5, 1.0], "high80": [1.5, 3.0]}, [2024, 2025]
    )
    assert "history" not in s
    assert s["forecast"] == {
        "years": [2024, 2025],
        "point": [1.0, 2.0],
        "low80": [0.5, 1.0],
        "high80": [1.5, 3.0],
    }


def test_the_legend_speaks_the_pages_language() -> None:
    words = fan_chart(translator("ru"), [], "чел.")["words"]
    assert words["forecast"] == "прогноз" and words["band80"] == "интервал 80 %"
