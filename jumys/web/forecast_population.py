"""The page /forecasts/population: population by region to 2035 or 2050 (cohort-component), a fan of the
low, medium and high variants, a table of totals by region and year, and a region's age groups.

Everyone may open it, the public too: the forecast is made of regional aggregates.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from jumys.errors import NotFound
from jumys.forecasting.population import DEFAULT_TO, PopulationForecast, check_region, forecast_population
from jumys.forecasting.population_report import (
    NATION,
    PopulationForecastOut,
    RegionTotals,
    data_note,
    forecast_out,
    shown_years,
)
from jumys.reference.regions import region_codes
from jumys.web.fanchart import fan_chart, fan_series
from jumys.web.i18n import Translator, translator
from jumys.web.page import PageRoute, Visitor
from jumys.web.render import lang_of, region_name, render
from jumys.web.routes import reading
from jumys.web.views import region_sort_key

router = APIRouter(route_class=PageRoute, include_in_schema=False)

PYRAMID_COLOURS = (
    ("#9ecae1", "#fcbba1"),
    ("#3182bd", "#de2d26"),
)  # (men, women) of the first and the last year
BAND = 5  # years of age in a bar of the pyramid
GROUP_COLOURS = {"0-5": "#fdae6b", "6-17": "#e6550d", "18-62": "#3182bd", "63+": "#756bb1"}
HORIZONS = (2030, 2035, 2040, 2050)


def _name(t: Translator, kato2: str) -> str:
    return t.gettext("Kazakhstan") if kato2 == NATION else region_name(t.lang, kato2)


def _sentence(text: str) -> str:
    """A message (written to follow a colon on the command line) as a sentence of its own."""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _fan(t: Translator, f: PopulationForecastOut, totals: RegionTotals) -> dict[str, Any]:
    line = fan_series(
        _name(t, totals.kato2),
        "#2c7fb8",
        {f.years[0]: totals.medium[0]},
        {"point": totals.medium, "low80": totals.low, "high80": totals.high},
        f.years,
    )
    chart = fan_chart(t, [line], t.gettext("Persons at 1 January"))
    chart["words"] |= {"band80": t.gettext("low and high variants"), "forecast": t.gettext("medium variant")}
    chart["words"].pop("band95")
    return chart


def _groups_chart(t: Translator, f: PopulationForecastOut, years: list[int]) -> dict[str, Any]:
    at = [f.years.index(y) for y in years]
    return {
        "type": "bar",
        "stacked": True,
        "labels": years,
        "datasets": [
            {
                "label": t.gettext("aged {ages}", ages=name),
                "data": [values[i] for i in at],
                "colour": GROUP_COLOURS[name],
            }
            for name, values in f.age_groups.groups.items()
        ],
        "y_title": t.gettext("Persons at 1 January"),
    }


def pyramid_chart(t: Translator, f: PopulationForecastOut) -> dict[str, Any]:
    """The pyramid of the forecast's scope in its first and last year, by five-year age band, oldest on top."""
    p = f.pyramid
    bands = list(range(0, 100, BAND))
    labels = [f"{a}-{a + BAND - 1}" for a in bands] + ["100+"]

    def banded(values: list[float]) -> list[int]:
        return [round(sum(values[a : a + BAND])) for a in bands] + [round(values[100])]

    datasets = []
    for k, year in enumerate(p.years):
        men, women = PYRAMID_COLOURS[k]
        datasets.append(
            {
                "label": t.gettext("men, {year}", year=str(year)),
                "stack": str(year),
                "colour": men,
                "data": [-x for x in banded(p.men[k])][::-1],
            }
        )
        datasets.append(
            {
                "label": t.gettext("women, {year}", year=str(year)),
                "stack": str(year),
                "colour": women,
                "data": banded(p.women[k])[::-1],
            }
        )
    return {"labels": labels[::-1], "datasets": datasets, "x_title": t.gettext("Persons at 1 January")}


def _rows(t: Translator, f: PopulationForecastOut, years: list[int]) -> list[dict[str, Any]]:
    at = [f.years.index(y) for y in years]
    rows = [
        {
            "kato2": r.kato2,
            "name": _name(t, r.kato2),
            "cells": [t.num(r.medium[i]) for i in at],
            "low": t.num(r.low[-1]),
            "high": t.num(r.high[-1]),
        }
        for r in f.regions
    ]
    return sorted(rows, key=lambda r: region_sort_key(r["name"], t.lang))


@router.get("/forecasts/population")
def population_page(
    request: Request,
    principal: Visitor,
    region: Annotated[str | None, Query()] = None,
    to: Annotated[int, Query()] = DEFAULT_TO,
    data: Annotated[Literal["store", "shipped"], Query()] = "store",
) -> Response:
    """Population by region to `to`: the fan of the variants, totals by region and year, a region's age groups."""
    t = translator(lang_of(request))
    region = region or None
    check_region(region)
    options = sorted(
        ((k, region_name(t.lang, k)) for k in region_codes()), key=lambda o: region_sort_key(o[1], t.lang)
    )
    context: dict[str, Any] = {
        "region": region or "",
        "region_options": options,
        "to": to,
        "horizons": sorted({*HORIZONS, to}),
        "data": data,
    }
    try:
        with reading(request) as conn:
            result = forecast_population(conn, data, to)
    except NotFound as e:  # an empty store: say so, and offer the shipped statistics
        return render(
            request,
            "forecast_population.html",
            principal,
            active="forecast_population",
            empty=t.render(e.text),
            **context,
        )
    return render(
        request,
        "forecast_population.html",
        principal,
        active="forecast_population",
        **context,
        **_shown(t, result, region),
    )


def _shown(t: Translator, result: PopulationForecast, region: str | None) -> dict[str, Any]:
    """What the page shows of a forecast: every region's totals, the region's (or the country's) fan and ages."""
    f = forecast_out(result)  # every region, for the table
    scoped = forecast_out(result, region) if region else f  # the chosen region's ages
    years = shown_years(f.years, 7)
    scope = scoped.regions[0] if region else f.national
    return {
        "f": f,
        "note": _sentence(t.render(data_note(f.data.base_year))),
        "years": years,
        "scope_name": _name(t, scope.kato2),
        "fan": _fan(t, f, scope),
        "groups_chart": _groups_chart(t, scoped, years),
        "pyramid": pyramid_chart(t, scoped),
        "groups": [
            {"name": name, "cells": [t.num(values[f.years.index(y)]) for y in years]}
            for name, values in scoped.age_groups.groups.items()
        ],
        "rows": _rows(t, f, years),
        "national": {"cells": [t.num(f.national.medium[f.years.index(y)]) for y in years]},
    }
