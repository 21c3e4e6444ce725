"""The pages of migration flows between regions and of labour supply and demand by region. Aggregates by
region: everyone may open them, the public too (docs/forecasting.md)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from jumys.access.principal import PUBLIC
from jumys.forecasting.flows_and_labour import labour_forecast, migration_forecast
from jumys.web.i18n import Translator, translator
from jumys.web.page import PageRoute, Visitor
from jumys.web.render import lang_of, region_name, render
from jumys.web.routes import reading
from jumys.web.views import region_options, region_sort_key

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def coefficient_label(t: Translator, name: str) -> str:
    """A coefficient of the gravity model in the page's language."""
    labels = {
        "const": t.gettext("Constant"),
        "log_pop_origin": t.gettext("Population of origin, log"),
        "log_pop_dest": t.gettext("Population of destination, log"),
        "log_distance": t.gettext("Distance between centres, log km"),
        "unemployment_origin": t.gettext("Unemployment rate of origin, %"),
        "unemployment_dest": t.gettext("Unemployment rate of destination, %"),
        "log_wage_origin": t.gettext("Average wage of origin, log"),
        "log_wage_dest": t.gettext("Average wage of destination, log"),
    }
    return labels.get(name, name)


@router.get("/forecasts/migration")
def migration_page(
    request: Request,
    principal: Visitor,
    year: Annotated[int | None, Query(ge=1991, le=2100)] = None,
    region: str | None = None,
    change: Annotated[float | None, Query(ge=-1000, le=1000)] = None,
    wage: Annotated[list[str] | None, Query()] = None,
) -> Response:
    """The gravity model's coefficients, the largest predicted flows and net migration by region, base
    against a region's wage changed."""
    t = translator(lang_of(request))
    changes = list(wage or [])
    if region and change is not None:
        changes.append(f"{region}={change:+g}%")
    with reading(request) as conn:
        f = migration_forecast(conn, year, changes)
    coefficients = [c.model_dump() | {"label": coefficient_label(t, c.name)} for c in f.coefficients]
    # whole persons, so that a small negative shows as 0 and not -0
    regions = [
        r.model_dump()
        | {"name": region_name(t.lang, r.kato2), "base": round(r.base), "changed": round(r.changed)}
        | {"difference": round(r.difference)}
        for r in f.regions
    ]
    regions.sort(key=lambda r: region_sort_key(r["name"], t.lang))
    flows = [
        fl.model_dump()
        | {"from_name": region_name(t.lang, fl.from_kato2), "to_name": region_name(t.lang, fl.to_kato2)}
        for fl in f.top_flows
    ]
    return render(
        request,
        "forecast_migration.html",
        principal,
        active="forecast_migration",
        f=f,
        coefficients=coefficients,
        regions=regions,
        flows=flows,
        changed=bool(changes),
        region=region or "",
        change=change,
        region_options=region_options(PUBLIC, t.lang),  # any region's wage may be changed, by anyone
    )


@router.get("/forecasts/labour")
def labour_page(
    request: Request,
    principal: Visitor,
    to: Annotated[int | None, Query(ge=1992, le=2100)] = None,
    year: Annotated[int | None, Query(ge=1991, le=2100)] = None,
) -> Response:
    """Labour supply, demand and the gap by region in a year, and the gap per 1,000 by region and year."""
    t = translator(lang_of(request))
    with reading(request) as conn:
        f = labour_forecast(conn, to)
    years = sorted({r.year for r in f.rows})
    shown = year if year in years else years[0]
    by_region: dict[str, dict[str, Any]] = {}
    for r in f.rows:
        row = by_region.setdefault(
            r.kato2, {"kato2": r.kato2, "name": region_name(t.lang, r.kato2), "gaps": {}}
        )
        row["gaps"][r.year] = r.gap_per_1000
        if r.year == shown:
            row |= r.model_dump()
    rows = sorted(by_region.values(), key=lambda r: region_sort_key(r["name"], t.lang))
    return render(
        request,
        "forecast_labour.html",
        principal,
        active="forecast_labour",
        f=f,
        rows=rows,
        years=years,
        year=shown,
        to=to or years[-1],
    )
