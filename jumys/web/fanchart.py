"""The data of a fan chart (jumys/web/static/forecast-charts.js): history, forecasts, 80 % and 95 % bands.

A page puts `fan_chart(...)` in a `<script type="application/json" id="ID">` block (`|json_script`) beside
`<canvas data-fan="ID">`, and loads the vendored Chart.js and /static/forecast-charts.js in its head.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from jumys.web.i18n import Translator

BANDS = ("point", "low80", "high80", "low95", "high95")
# the locales the chart's numbers are written in, the first one the browser knows (a browser without Kazakh
# number formats writes them as Russian does: the same spaces and decimal comma as Babel's Kazakh)
LOCALES = {"ru": ["ru-RU"], "kk": ["kk-KZ", "ru-RU"], "en": ["en-GB"]}


def _clean(values: Iterable[float | None]) -> list[float | None]:
    """Numbers for JSON: NaN and infinity become null (JSON.parse refuses NaN)."""
    return [None if v is None or not math.isfinite(float(v)) else float(v) for v in values]


def fan_series(
    label: str,
    colour: str,
    history: Mapping[int, float | None] | None = None,
    forecast: Mapping[str, Sequence[float]] | None = None,
    years: Sequence[int] = (),
) -> dict[str, Any]:
    """One line of a fan chart: history as year -> value; forecast as the years and any of point, low80,
    high80, low95, high95 (each a sequence as long as the years)."""
    out: dict[str, Any] = {"label": label, "colour": colour}
    if history:
        ys = sorted(history)
        out["history"] = {"years": ys, "values": _clean(history[y] for y in ys)}
    if forecast:
        out["forecast"] = {"years": [int(y) for y in years]} | {
            k: _clean(forecast[k]) for k in BANDS if k in forecast
        }
    return out


def fan_chart(
    t: Translator, series: Sequence[dict[str, Any]], y_title: str, digits: int = 0, from_zero: bool = False
) -> dict[str, Any]:
    """The whole chart: its lines (fan_series), the y axis' title, the digits of its numbers, the legend's
    words in the page's language."""
    return {
        "series": list(series),
        "y_title": y_title,
        "digits": digits,
        "from_zero": from_zero,
        "locales": LOCALES.get(t.lang, [t.lang]),
        "words": {
            "history": t.gettext("published"),
            "forecast": t.gettext("forecast"),
            "band80": t.gettext("80 % interval"),
            "band95": t.gettext("95 % interval"),
        },
    }
