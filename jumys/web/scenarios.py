"""The page of scenarios of new growth points: the stored runs, two or more compared side by side, a chart of
the population under each against the baseline, the needs by region and year; the ministry runs a file here.

Everyone may open it, the public too (docs/scenarios.md): runs are projections of whole regions.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from jumys.doors.core import door_of
from jumys.doors.scenarios import receive_scenario
from jumys.errors import JumysError
from jumys.forecasting import messages as M
from jumys.forecasting.scenario_params import LAST_YEAR
from jumys.forecasting.scenario_store import (
    MAX_COMPARED,
    TOTAL,
    RunDetail,
    at_year,
    get_run,
    list_runs,
    series_of,
)
from jumys.kit.messages import Text
from jumys.web.i18n import Translator, translator
from jumys.web.page import PageRoute, Visitor
from jumys.web.render import lang_of, region_name, render
from jumys.web.routes import reading
from jumys.web.views import region_sort_key

router = APIRouter(route_class=PageRoute, include_in_schema=False)
PALETTE = ("#2c7fb8", "#d7301f", "#31a354", "#756bb1", "#e6550d", "#636363")
BASELINE = "#555555"
NEEDS = ("school_places", "kindergarten_places", "hospital_beds", "housing_m2")


def measure_label(t: Translator, measure: str) -> str:
    """A measure of a run in the page's language."""
    labels = {
        "population": t.gettext("Population"),
        "net_migration": t.gettext("Net migration during the year"),
        "age_0_5": t.gettext("Aged 0-5"),
        "age_6_17": t.gettext("Aged 6-17"),
        "age_18_62": t.gettext("Aged 18-62"),
        "age_63_plus": t.gettext("Aged 63 and over"),
        "school_places": t.gettext("School places"),
        "kindergarten_places": t.gettext("Kindergarten places"),
        "hospital_beds": t.gettext("Hospital beds"),
        "housing_m2": t.gettext("Housing, m²"),
    }
    return labels.get(measure, measure)


def _diff(t: Translator, s: float | None, b: float | None) -> str:
    if s is None or b is None:
        return "—"
    d = round(s - b)
    return ("+" if d > 0 else "") + t.num(d)


def _cell(t: Translator, detail: RunDetail, kato2: str, measure: str, year: int) -> dict[str, str]:
    s, b = at_year(series_of(detail, kato2, measure), detail, year)
    return {"value": _whole(t, s), "baseline": _whole(t, b), "diff": _diff(t, s, b)}


def _whole(t: Translator, v: float | None) -> str:
    """A value rounded to a whole number, never "-0"."""
    return "—" if v is None else t.num(round(v) + 0)


def _charts(t: Translator, runs: list[RunDetail]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The population of the country under each scenario and the baseline; and each one's difference."""
    years = sorted({y for d in runs for y in d.years})
    first = runs[0]
    base = series_of(first, TOTAL, "population")
    at = {y: i for i, y in enumerate(first.years)}
    level: list[dict[str, Any]] = [
        {
            "label": t.gettext("Baseline (no changes)"),
            "data": [round(base.baseline[at[y]] or 0) if base and y in at else None for y in years],
            "colour": BASELINE,
            "dashed": True,
        }
    ]
    diff: list[dict[str, Any]] = []
    for i, d in enumerate(runs):
        s = series_of(d, TOTAL, "population")
        where = {y: k for k, y in enumerate(d.years)}
        label = f"#{d.run_id} {d.name}"
        colour = PALETTE[i % len(PALETTE)]
        level.append(
            {
                "label": label,
                "data": [round(s.scenario[where[y]] or 0) if s and y in where else None for y in years],
                "colour": colour,
            }
        )
        diff.append(
            {
                "label": label,
                "data": [
                    round((s.scenario[where[y]] or 0) - (s.baseline[where[y]] or 0))
                    if s and y in where
                    else None
                    for y in years
                ],
                "colour": colour,
            }
        )
    return (
        {
            "type": "line",
            "labels": years,
            "datasets": level,
            "y_title": t.gettext("Persons at the year's end"),
        },
        {
            "type": "line",
            "labels": years,
            "datasets": diff,
            "y_title": t.gettext("Scenario minus baseline, persons"),
        },
    )


def _view(t: Translator, runs: list[RunDetail], year: int, region: str | None) -> dict[str, Any]:
    first = runs[0]
    where = region or TOTAL
    compared = [
        {"label": measure_label(t, m), "cells": [_cell(t, d, where, m, year) for d in runs]}
        for m in ("population", "net_migration", "age_0_5", "age_6_17", "age_18_62", "age_63_plus", *NEEDS)
    ]
    regions = sorted(
        {s.kato2 for s in first.series if s.kato2 != TOTAL},
        key=lambda k: region_sort_key(region_name(t.lang, k), t.lang),
    )
    by_region = [
        {
            "kato2": k,
            "name": region_name(t.lang, k),
            "cells": [_cell(t, first, k, m, year) for m in ("population", *NEEDS)],
        }
        for k in [TOTAL, *regions]
    ]
    by_region[0]["name"] = t.gettext("Kazakhstan")
    step_years = [
        y for y in first.years if (y - first.base_year + 1) % 5 == 0 or y in (first.years[1], first.horizon)
    ]
    by_year = [
        {"year": y, "cells": [_cell(t, first, where, m, y) for m in ("population", *NEEDS)]}
        for y in step_years
    ]
    level, diff = _charts(t, runs)
    return {
        "compared": compared,
        "by_region": by_region,
        "by_year": by_year,
        "needs_labels": [measure_label(t, m) for m in ("population", *NEEDS)],
        "level_chart": level,
        "diff_chart": diff,
    }


@router.get("/forecasts/scenarios")
def scenarios_page(
    request: Request,
    principal: Visitor,
    run: Annotated[list[int] | None, Query()] = None,
    year: Annotated[int | None, Query(ge=1900, le=LAST_YEAR)] = None,
    region: Annotated[str | None, Query(pattern=r"^\d{2}$")] = None,
) -> Response:
    """The runs; the chosen ones (the newest by default) compared, charted, and their needs by region and year."""
    t = translator(lang_of(request))
    with reading(request) as conn:
        runs = list_runs(conn, principal)
        asked = [i for i in run or [] if 1 <= i < 2**31]
        chosen = list(dict.fromkeys(asked or ([runs[0].run_id] if runs else [])))[:MAX_COMPARED]
        details = [get_run(conn, principal, i) for i in chosen]
    return _page(request, principal, t, runs, details, year, region, None)


def _page(
    request: Request,
    principal: Any,
    t: Translator,
    runs: list[Any],
    details: list[RunDetail],
    year: int | None,
    region: str | None,
    error: dict[str, Any] | None,
    status_code: int = 200,
) -> Response:
    years = sorted({y for d in details for y in d.years[1:]})
    shown_year = year if year in years else (min(d.horizon for d in details) if details else None)
    view = _view(t, details, shown_year, region) if details and shown_year else None
    return render(
        request,
        "scenarios.html",
        principal,
        status_code=status_code,
        active="scenarios",
        runs=runs,
        chosen=[d.run_id for d in details],
        details=details,
        year=shown_year,
        years=years,
        region=region,
        regions=[
            (k, region_name(t.lang, k))
            for k in sorted({s.kato2 for d in details[:1] for s in d.series if s.kato2 != TOTAL})
        ],
        view=view,
        measure_label=lambda m: measure_label(t, m),
        error=error,
        may_run=principal is not None and principal.role == "ministry",
        max_compared=MAX_COMPARED,
        batches_of=lambda d: (
            ", ".join(sorted({b for ids in d.provenance.get("batches", {}).values() for b in ids})) or "—"
        ),
    )


@router.post("/forecasts/scenarios")
def run_scenario_page(
    request: Request,
    principal: Visitor,
    scenario: Annotated[UploadFile, File()],
    to: Annotated[str, Form()] = "",
) -> Response:
    """Run an uploaded scenario file (the ministry) and show it; a refused file is shown with every bad line."""
    t = translator(lang_of(request))
    door = door_of(request)
    try:
        horizon = int(to) if to.strip().isdigit() else None
        run_id = receive_scenario(door, principal, scenario.file, scenario.filename, horizon)
    except JumysError as e:
        if e.status >= 500 or e.status in (401, 403):
            raise
        problems = e.text.params.get("problems")
        lines = (
            [t.render(p) for p in problems if isinstance(p, Text) and p.code != M.SCENARIO_NEXT.code]
            if isinstance(problems, list)
            else [t.render(e.text)]
        )
        with reading(request) as conn:
            runs = list_runs(conn, principal)
        error = {"file": scenario.filename or "", "lines": lines}
        return _page(request, principal, t, runs, [], None, None, error, status_code=e.status)
    return RedirectResponse(f"/forecasts/scenarios?run={run_id}", status_code=303)
