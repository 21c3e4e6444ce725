"""The forecasting landing page /forecasts: a series family's history and forecasts as fan charts (80 % and
95 % bands), the forecast table, the backtest behind the methods, links to the other forecasting pages.

Everyone may open it, the public too: the series are published statistics, by region, with no person in them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from jumys.forecasting.outlook import NATIONAL, Outlook, shipped_backtest, shipped_outlook
from jumys.forecasting.outlook_store import store_outlook
from jumys.forecasting.series import FAMILIES
from jumys.reference.regions import region_codes
from jumys.web.fanchart import fan_chart, fan_series
from jumys.web.i18n import Translator, translator
from jumys.web.page import PageRoute, Visitor
from jumys.web.render import lang_of, region_name, render
from jumys.web.routes import reading
from jumys.web.views import region_sort_key

router = APIRouter(route_class=PageRoute, include_in_schema=False)

COLOURS = ("#2c7fb8", "#d95f0e", "#31a354")
DEFAULT_REGION = "75"  # Choice: a regional family opens on Almaty city, the largest city by population
CHART_YEARS = (
    15  # the years of history the chart shows before the forecast (the 1990s would flatten the rest)
)


def family_label(t: Translator, family: str, source: str = "shipped") -> str:
    """A series family in the page's language (the store's migration is a region's net migration)."""
    if family == "migration" and source == "store":
        return t.gettext("Net migration, persons")
    labels = {
        "employment": t.gettext("Employed persons"),
        "unemployment": t.gettext("Unemployment rate, %"),
        "population": t.gettext("Population at 1 January"),
        "migration": t.gettext("International migration, persons"),
        "wages": t.gettext("Average monthly wage, KZT"),
    }
    return labels[family]


def series_label(t: Translator, o: Outlook) -> str:
    """A series in the page's language: its region, or the national series' name."""
    if o.series.isdigit():
        return region_name(t.lang, o.series)
    labels = {
        "arrivals": t.gettext("arrivals"),
        "departures": t.gettext("departures"),
        "average wage": t.gettext("Kazakhstan"),
    }
    return labels.get(o.series, o.series)


def _digits(family: str) -> int:
    return 1 if family == "unemployment" else 0


def _chart(t: Translator, found: list[Outlook], family: str, source: str) -> dict[str, Any]:
    lines = [
        fan_series(
            series_label(t, o),
            COLOURS[i % len(COLOURS)],
            {y: v for y, v in o.history.items() if y > o.last_year - CHART_YEARS},
            vars(o),
            o.years,
        )
        for i, o in enumerate(found)
    ]
    return fan_chart(t, lines, family_label(t, family, source), _digits(family))


def forecast_table(t: Translator, o: Outlook) -> dict[str, Any]:
    """One series' forecast table: its caption's parts and a row per year, numbers in the page's language."""
    d = _digits(o.family)

    def n(x: float) -> str:
        return t.num(round(x, d) + 0.0, d)  # + 0.0: -0.3 is written 0, not -0

    return {
        "label": series_label(t, o),
        "o": o,
        "mase": t.num(o.mase, 2) if o.mase is not None else None,
        "naive": t.num(o.naive_mase, 2) if o.naive_mase is not None else None,
        "rows": [
            {
                "year": y,
                "point": n(o.point[k]),
                "low80": n(o.low80[k]),
                "high80": n(o.high80[k]),
                "low95": n(o.low95[k]),
                "high95": n(o.high95[k]),
            }
            for k, y in enumerate(o.years)
        ],
    }


@router.get("/forecasts")
def forecasts_page(
    request: Request,
    principal: Visitor,
    family: Annotated[str, Query()] = "population",
    region: Annotated[str | None, Query()] = None,
    source: Annotated[Literal["shipped", "store"], Query()] = "shipped",
    horizon: Annotated[int, Query()] = 5,
) -> Response:
    """A family's series forecast beyond their data, as fan charts and a table, and the backtest behind them."""
    t = translator(lang_of(request))
    national = family in NATIONAL and source == "shipped"
    chosen = None if national else (region or principal.region or DEFAULT_REGION)
    if source == "store":
        with reading(request) as conn:
            found = store_outlook(conn, family, chosen, horizon)
    else:
        found = shipped_outlook(family, chosen, horizon)
    backtest = shipped_backtest()
    regions = sorted(region_codes(), key=lambda k: region_sort_key(region_name(t.lang, k), t.lang))
    return render(
        request,
        "forecasts.html",
        principal,
        active="forecasts",
        family=family,
        region=chosen or "",
        source=source,
        horizon=horizon,
        families=[(f, family_label(t, f)) for f in FAMILIES],
        region_options=[(k, region_name(t.lang, k)) for k in regions],
        national=national,
        chart=_chart(t, found, family, source),
        tables=[forecast_table(t, o) for o in found],
        family_name=family_label(t, family, source),
        rows=backtest.rows,
        choices=[(c, family_label(t, c.family)) for c in backtest.choices],
    )
