"""The page of labour-conflict warnings: employers warned at a date, each signal with its evidence.

The ministry and inspectors see every region, an akimat its own (jumys.reports.warnings decides it in
SQL); anyone else is refused. Every sentence of evidence is the signal's message in the page's language.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from jumys.errors import InvalidInput
from jumys.reference.regions import regions
from jumys.reports.warnings import Level, list_warnings, require_warnings, warning_as_of
from jumys.safety.warning_texts import signal_sentence
from jumys.safety.warnings import SIGNALS, run_dates
from jumys.web import messages as WM
from jumys.web.i18n import Translator, translator
from jumys.web.page import PageRoute, Visitor
from jumys.web.render import lang_of, region_name, render
from jumys.web.routes import MAX_PAGE, PAGE_SIZE, reading
from jumys.web.views import Pages, region_sort_key

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def signal_label(t: Translator, code: str) -> str:
    """A signal's name in the page's language."""
    labels = {
        "arrears": t.gettext("Wage arrears"),
        "wage_cut": t.gettext("Wage cut"),
        "mass_layoff": t.gettext("Mass layoff"),
        "missing_contributions": t.gettext("Missing pension contributions"),
        "fatal_incident": t.gettext("Fatal accident"),
        "unplanned_inspections": t.gettext("Unplanned inspections"),
    }
    return labels.get(code, code)


def level_label(t: Translator, level: str) -> str:
    """A warning level in the page's language."""
    return {"high": t.gettext("High alert"), "watch": t.gettext("Watch")}.get(level, level)


def query_day(value: str | None) -> dt.date | None:
    """The as_of of the query, a date or nothing."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(WM.AS_OF_NOT_A_DATE, value=value) from None


@router.get("/warnings")
def warnings_page(
    request: Request,
    principal: Visitor,
    as_of: str | None = None,
    region: str | None = None,
    level: Level | None = None,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> Response:
    """The warnings at a date, high first: the employer, its region and each signal with its evidence."""
    require_warnings(principal)
    lang = lang_of(request)
    t = translator(lang)
    region = region or None
    with reading(request) as conn:
        day = warning_as_of(conn, query_day(as_of), "/warnings")
        dates = sorted(run_dates(conn))
        rows, total = list_warnings(
            conn, principal, day, region=region, level=level, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
        )
    shown = [
        {
            "bin": r.bin,
            "name": r.name,
            "region": r.region,
            "level": r.level,
            "signals": [
                {
                    "code": s.signal,
                    "label": signal_label(t, s.signal),
                    "text": signal_sentence(s.model_dump(), lang),
                }
                for s in r.signals
            ],
        }
        for r in rows
    ]
    options = [
        (r.kato2, region_name(lang, r.kato2))
        for r in regions()
        if principal.sees_all_regions or principal.region == r.kato2
    ]
    query = {"as_of": day.isoformat() if day else None, "region": region, "level": level}
    return render(
        request,
        "warnings.html",
        principal,
        active="warnings",
        as_of=day,
        dates=dates,
        region=region or "",
        level=level or "",
        region_options=sorted(options, key=lambda o: region_sort_key(o[1], lang)),
        level_options=[(v, level_label(t, v)) for v in ("high", "watch")],
        level_label=lambda v: level_label(t, v),
        signal_labels=[signal_label(t, c) for c in SIGNALS],
        warnings=shown,
        total=total,
        pages=Pages("/warnings", query, page, PAGE_SIZE, total),
    )
