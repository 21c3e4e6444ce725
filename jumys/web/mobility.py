"""The pages of internal mobility: the regions coloured by labour class on the map, the index explained per
region, the migration balance by year, and the repatriation plan of compatriots.

Everyone may open them (jumys.reports.mobility decides what each sees): the ministry and inspectors
every region, an akimat its own, the public every region with small counts left out.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from jumys.kit.messages import Text
from jumys.mobility import messages as M
from jumys.reference.regions import get_region, region_codes
from jumys.reports.mobility import (
    MAX_YEAR,
    MIN_YEAR,
    Missing,
    RegionIndexRow,
    balance,
    compatriots_plan,
    region_index,
)
from jumys.web.i18n import Translator, translator
from jumys.web.page import PageRoute, Visitor
from jumys.web.render import lang_of, region_name, render
from jumys.web.routes import parse_day, reading
from jumys.web.views import HIDDEN, NO_DATA, region_sort_key

router = APIRouter(route_class=PageRoute, include_in_schema=False)

COLOURS = {"surplus": "#2c7fb8", "balanced": "#fee08b", "deficit": "#d7301f"}
Year = Annotated[int | None, Query(ge=MIN_YEAR, le=MAX_YEAR)]


def class_label(t: Translator, cls: str | None) -> str:
    """A labour class in the page's language."""
    labels = {
        "surplus": t.gettext("labour surplus"),
        "deficit": t.gettext("labour deficit"),
        "balanced": t.gettext("balanced"),
    }
    return labels.get(cls or "", t.gettext("not known"))


def component_label(t: Translator, name: str) -> str:
    """A component of the labour index in the page's language."""
    labels = {
        "unemployment": t.gettext("Unemployment rate, %"),
        "seekers_per_vacancy": t.gettext("Job seekers per open vacancy"),
        "working_age_growth": t.gettext("Working-age population growth, %"),
        "net_migration": t.gettext("Net migration per 1,000 residents"),
    }
    return labels.get(name, name)


def missing_text(m: Missing) -> Text:
    """What a region lacks, as a message."""
    if m.what == "unemployment_rate":
        return M.MISSING_UNEMPLOYMENT(year=m.year)
    if m.what == "population":
        return M.MISSING_POPULATION(year=m.year)
    if m.what == "net_migration":
        return M.MISSING_NET_MIGRATION(year=m.year)
    if m.what == "job_seekers":
        return M.MISSING_JOB_SEEKERS()
    return M.MISSING_VACANCIES()


def _component(t: Translator, c: Any) -> dict[str, Any]:
    if c.name == "seekers_per_vacancy":
        shown = (
            t.gettext(
                "{seekers} seekers, {vacancies} vacancies",
                seekers=t.num(c.detail.get("seekers")),
                vacancies=t.num(c.detail.get("vacancies")),
            )
            if c.detail and c.detail.get("seekers") is not None
            else "—"
        )
    else:
        shown = t.num(c.value, 1) if c.value is not None else "—"
    return {
        "label": component_label(t, c.name),
        "value": shown,
        "score": t.num(c.score, 2) if c.score is not None else "—",
    }


def _region_rows(t: Translator, rows: list[RegionIndexRow]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        out.append(
            {
                "kato2": r.kato2,
                "name": region_name(t.lang, r.kato2),
                "cls": r.labour_class or "",
                "label": class_label(t, r.labour_class),
                "colour": COLOURS.get(r.labour_class or "", NO_DATA),
                "source": r.source,
                "index_label": class_label(t, r.index_class),
                "listed": r.listed_class is not None,
                "index": t.num(r.index, 2) if r.index is not None else "—",
                "components": [_component(t, c) for c in r.components],
                "demographic": r.demographic_deficit,
                "change": t.num(r.working_age_change_pct, 1) if r.working_age_change_pct is not None else "—",
                "negative_years": r.negative_years,
                "missing": [t.render(missing_text(m)) for m in r.missing],
                "suppressed": r.suppressed,
                "gap": t.num(r.labour_gap_per_1000, 0) if r.labour_gap_per_1000 is not None else "—",
            }
        )
    return sorted(out, key=lambda r: region_sort_key(r["name"], t.lang))


def _map_data(t: Translator, rows: list[dict[str, Any]]) -> dict[str, Any]:
    shown = {r["kato2"]: r for r in rows}
    regions: dict[str, Any] = {}
    for code in sorted(region_codes()):
        region = get_region(code)
        r = shown.get(code)
        regions[code] = {
            "city": region is not None and region.kind == "city",
            "name": region_name(t.lang, code),
            "colour": r["colour"] if r else HIDDEN,
            "summary": (
                r["label"] + (" · " + t.gettext("demographic deficit") if r["demographic"] else "")
                if r
                else t.gettext("not yours to see")
            ),
            "visible": r is not None,
            "url": None,
        }
    return {
        "regions": regions,
        "no_data_colour": NO_DATA,
        "zoom_in": t.gettext("Zoom in"),
        "zoom_out": t.gettext("Zoom out"),
    }


@router.get("/mobility")
def mobility_page(request: Request, principal: Visitor, year: Year = None) -> Response:
    """The regions by labour class on the map, the index explained per region, the migration balance by year."""
    t = translator(lang_of(request))
    with reading(request) as conn:
        page = region_index(conn, principal, year)
        flows = balance(conn, principal, None, page.year) if page.year else None
    rows = _region_rows(t, page.regions)
    years = (
        list(range(flows.first_year, flows.last_year + 1))
        if flows and flows.first_year is not None and flows.last_year is not None
        else []
    )
    nets: dict[str, dict[int, Any]] = {}
    for b in flows.rows if flows else []:
        nets.setdefault(b.kato2, {})[b.year] = b.net
    balance_rows = [
        {"kato2": k, "name": region_name(t.lang, k), "nets": nets[k]}
        for k in sorted(nets, key=lambda k: region_sort_key(region_name(t.lang, k), t.lang))
    ]
    totals: list[dict[str, Any]] = [
        {
            "cls": cls,
            "label": class_label(t, cls),
            "nets": {x.year: x.net for x in flows.totals if x.labour_class == cls},
        }
        for cls in ("surplus", "balanced", "deficit")
        if flows and any(x.labour_class == cls for x in flows.totals)
    ]
    chart = {
        "type": "line",
        "labels": years,
        "datasets": [
            {
                "label": row["label"],
                "data": [row["nets"].get(y) for y in years],
                "colour": COLOURS[row["cls"]],
            }
            for row in totals
        ],
        "y_title": t.gettext("Net migration, persons"),
    }
    legend = [{"colour": COLOURS[c], "label": class_label(t, c)} for c in ("surplus", "balanced", "deficit")]
    legend += [
        {"colour": NO_DATA, "label": t.gettext("not known")},
        {"colour": HIDDEN, "label": t.gettext("hidden or not yours to see")},
    ]
    latest = page.year or dt.date.today().year - 1
    return render(
        request,
        "mobility.html",
        principal,
        active="mobility",
        year=page.year,
        years=list(range(latest, latest - 7, -1)),
        rules=page.rules,
        rules_list={
            "source": page.list_source,
            "loaded_at": page.list_loaded_at,
            "from_year": page.list_from_year,
        },
        rows=rows,
        legend=legend,
        map_data=_map_data(t, rows),
        balance_years=years,
        balance_rows=balance_rows,
        totals=totals,
        balance_chart=chart if totals else None,
    )


@router.get("/mobility/compatriots")
def compatriots_page(
    request: Request, principal: Visitor, as_of: str | None = None, year: Year = None
) -> Response:
    """The repatriation plan: compatriots expected by destination region and year, against each region's deficit."""
    t = translator(lang_of(request))
    day = parse_day(as_of)
    with reading(request) as conn:
        plan = compatriots_plan(conn, principal, day, year)
    rows = [
        r.model_dump()
        | {
            "name": region_name(t.lang, r.kato2),
            "label": class_label(t, r.labour_class),
            "colour": COLOURS.get(r.labour_class or "", NO_DATA),
        }
        for r in plan.rows
    ]
    rows.sort(key=lambda r: (r["year"] is None, r["year"] or 0, region_sort_key(r["name"], t.lang)))
    return render(
        request,
        "mobility_compatriots.html",
        principal,
        active="compatriots",
        plan=plan,
        rows=rows,
    )
