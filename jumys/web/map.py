"""The pages of the digital map of enterprises: the map with its filters and counts, and the enterprise card.

The map draws the region borders (/map/shapes.json) and, for inspectors, the ministry and akimats,
asks the API for clusters and points of the box in view at each move (/api/v1/map/clusters, with
the page's filters); the public sees counts by region and class only. Both pages read the same read
models as the API (jumys/reports/map.py, jumys/reports/enterprise.py); the card is an audited read.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from jumys.access.principal import Principal
from jumys.doors.core import door_of
from jumys.reference.regions import regions
from jumys.reports.enterprise import enterprise_card
from jumys.reports.map import (
    SECTIONS,
    MapFilter,
    resolve_risk_as_of,
    risk_dates,
    sees_enterprises,
)
from jumys.reports.map_regions import map_regions
from jumys.reports.map_schemas import EnterpriseCard, MapRegions
from jumys.web import views
from jumys.web.i18n import Translator, translator
from jumys.web.labels import (
    RISK_CLASSES,
    RISK_COLOURS,
    factor_label,
    factor_value,
    incident_label,
    inspection_kind_label,
    risk_class_label,
    sector_labels,
)
from jumys.web.page import PageRoute, Visitor
from jumys.web.render import lang_of, region_name, render
from jumys.web.routes import parse_day, reading

router = APIRouter(route_class=PageRoute, include_in_schema=False)
CITIES = frozenset(r.kato2 for r in regions() if r.kind == "city")  # a few pixels wide: drawn as a dot too
DATES_AT = "/map"
HIDDEN = "#e6e9ee"
NO_DATA = "#c3ccd8"
# the public's region colours: the share of high-risk enterprises (of those scored), light to dark
SHARES = ((0.05, "#fde0c5"), (0.1, "#facba6"), (0.15, "#f59e72"), (0.2, "#e8654f"), (None, "#c0392b"))


def _day(conn: sa.Connection, value: str | None) -> dt.date | None:
    return resolve_risk_as_of(conn, parse_day(value), listed_at=DATES_AT)


def _yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def _share_colour(high: int | None, total: int | None) -> str:
    if high is None or not total:
        return HIDDEN if total is None or high is None else NO_DATA
    share = high / total
    for upper, c in SHARES:
        if upper is None or share < upper:
            return c
    return SHARES[-1][1]


def _rows(found: MapRegions, t: Translator) -> list[dict[str, Any]]:
    """The regions the asker sees, by name in the page's language, with a colour and a one-line summary."""
    out = []
    for r in found.regions:
        row = r.model_dump()
        name = region_name(t.lang, r.kato2, row)
        if not r.visible:
            summary = t.gettext("not yours to see")
        elif r.enterprises is None:
            summary = t.gettext("Hidden: too few enterprises to publish")
        else:
            summary = t.gettext(
                "{count} enterprises: {high} high, {medium} medium, {low} low risk",
                count=t.num(r.enterprises),
                high=t.num(r.high) if r.high is not None else "…",
                medium=t.num(r.medium) if r.medium is not None else "…",
                low=t.num(r.low) if r.low is not None else "…",
            )
        colour = HIDDEN if not r.visible else _share_colour(r.high, r.enterprises)
        out.append(row | {"name": name, "summary": summary, "colour": colour})
    return sorted(out, key=lambda r: views.region_sort_key(r["name"], t.lang))


def _map_data(
    p: Principal, rows: list[dict[str, Any]], day: dt.date | None, f: MapFilter, t: Translator
) -> dict[str, Any]:
    """What the map script needs: where to ask, the filters, colours and words."""
    filters = {
        "region": f.region,
        "section": f.section,
        "class": f.risk_class,
        "vision_zero": None if f.vision_zero is None else str(f.vision_zero).lower(),
        "arrears": None if f.arrears is None else str(f.arrears).lower(),
        "as_of": day.isoformat() if day else None,
    }
    return {
        "shapes": "/map/shapes.json",
        "clusters": "/api/v1/map/clusters" if sees_enterprises(p) and day else None,
        "card": "/enterprises/",
        "as_of": day.isoformat() if day else None,
        "filters": {k: v for k, v in filters.items() if v is not None},
        "focus": f.region or (p.region if p.role == "akimat" else None),
        "colours": RISK_COLOURS,
        "classes": {k: risk_class_label(t, k) for k in RISK_CLASSES},
        "regions": {
            r["kato2"]: {"name": r["name"], "summary": r["summary"], "colour": r["colour"]} for r in rows
        },
        "words": {
            "enterprises": t.gettext("enterprises"),
            "score": t.gettext("score"),
            "zoom_in": t.gettext("Zoom in"),
            "zoom_out": t.gettext("Zoom out"),
            "failed": t.gettext("The map could not be loaded; try again."),
        },
    }


@router.get("/map")
def enterprise_map(
    request: Request,
    principal: Visitor,
    as_of: str | None = None,
    region: Annotated[str | None, Query(max_length=2)] = None,
    section: Annotated[str | None, Query(max_length=1)] = None,
    risk_class: Annotated[str | None, Query(alias="class", max_length=6)] = None,
    vision_zero: Annotated[str | None, Query(max_length=3)] = None,
    arrears: Annotated[str | None, Query(max_length=3)] = None,
) -> Response:
    """The digital map of enterprises: clusters and points by risk class, filters, counts by region and class."""
    t = translator(lang_of(request))
    sees = sees_enterprises(principal)
    # the public sees counts by region and class only: its filters are not read at all
    f = (
        MapFilter(
            region or None,
            section.upper() if section and section.upper() in SECTIONS else None,
            risk_class if risk_class in RISK_CLASSES else None,
            _yes_no(vision_zero),
            _yes_no(arrears),
        )
        if sees
        else MapFilter()
    )
    counted = MapFilter(f.region, f.section, None, f.vision_zero, f.arrears)  # the table breaks down by class
    with reading(request) as conn:
        day = _day(conn, as_of)
        found = map_regions(conn, principal, day, counted)
    rows = _rows(found, t)
    return render(
        request,
        "enterprise_map.html",
        principal,
        active="enterprises",
        as_of=day,
        dates=sorted(found.dates),
        rows=[r for r in rows if r["visible"]],
        totals=found.totals,
        sees=sees,
        filters={
            "region": f.region or "",
            "section": f.section or "",
            "class": f.risk_class or "",
            "vision_zero": vision_zero if f.vision_zero is not None else "",
            "arrears": arrears if f.arrears is not None else "",
        },
        region_options=views.region_options(principal, t.lang),
        sections=sector_labels(t),
        classes=[(k, risk_class_label(t, k), RISK_COLOURS[k]) for k in RISK_CLASSES],
        map_data=_map_data(principal, rows, day, f, t),
        share_legend=_share_legend(t),
    )


def _share_legend(t: Translator) -> list[dict[str, str]]:
    bounds = [0.0] + [u for u, _ in SHARES[:-1] if u is not None]
    items = [
        {"colour": c, "label": t.gettext("{low} to {high}", low=t.pct(lo, 0), high=t.pct(hi, 0))}
        for lo, hi, (_u, c) in zip(bounds, bounds[1:], SHARES, strict=False)
    ]
    items.append({"colour": SHARES[-1][1], "label": t.gettext("{share} or more", share=t.pct(bounds[-1], 0))})
    items.append({"colour": NO_DATA, "label": t.gettext("no enterprises scored")})
    items.append({"colour": HIDDEN, "label": t.gettext("hidden or not yours to see")})
    return items


def _card_view(card: EnterpriseCard, t: Translator) -> dict[str, Any]:
    """The card in the page's words: factors with labels and values, lists with their kinds."""
    top = max((abs(f.points) for f in card.factors), default=0) or 1
    return {
        "factors": [
            {
                "label": factor_label(t, f.factor),
                "code": f.factor,
                "value": factor_value(t, f.factor, f.value),
                "points": f.points,
                "width": min(100.0, 100 * abs(f.points) / top),
                "lowers": f.points < 0,
            }
            for f in card.factors
        ],
        "inspections": [
            i.model_dump() | {"kind_label": inspection_kind_label(t, i.kind)} for i in card.inspections
        ],
        "incidents": [
            i.model_dump() | {"severity_label": incident_label(t, i.severity)} for i in card.incidents
        ],
        "arrears": [a.model_dump() for a in card.arrears],
        "class_label": risk_class_label(t, card.risk_class),
        "colour": RISK_COLOURS.get(card.risk_class or "", NO_DATA),
        "sector": dict(sector_labels(t)).get(card.section, card.section),
    }


@router.get("/enterprises/{bin}")
def enterprise(request: Request, principal: Visitor, bin: str, as_of: str | None = None) -> Response:
    """An enterprise's card: risk with its factors and points, inspections, incidents, arrears, staff, wages."""
    t = translator(lang_of(request))
    with reading(request) as conn:
        day = _day(conn, as_of)
        card = enterprise_card(conn, principal, bin, day)
        dates = sorted(risk_dates(conn))
    door_of(request).auditor.write(
        principal, "read_enterprise", f"enterprise {bin}", {"as_of": as_of or "newest"}
    ).result()
    return render(
        request,
        "enterprise.html",
        principal,
        active="enterprises",
        as_of=day,
        dates=dates,
        card=card,
        view=_card_view(card, t),
        region_label=region_name(t.lang, card.region),
    )
