"""The page of illegal work and fictitious contracts: employers flagged at a date, each signal with its evidence.

The ministry and inspectors see every region, an akimat its own (jumys.reports.illegal_work decides it
in SQL); anyone else is refused. Every sentence of evidence is the signal's message in the page's
language; persons are shown by the first characters of their pseudonym only.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from jumys.illegal_work.signals import SIGNALS, run_dates
from jumys.illegal_work.texts import signal_sentence
from jumys.reference.regions import regions
from jumys.reports.illegal_work import illegal_work_as_of, list_illegal_work, require_illegal_work
from jumys.web.i18n import Translator, translator
from jumys.web.page import PageRoute, Visitor
from jumys.web.render import lang_of, region_name, render
from jumys.web.routes import MAX_PAGE, PAGE_SIZE, reading
from jumys.web.views import Pages, region_sort_key
from jumys.web.warnings import query_day

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def signal_label(t: Translator, code: str) -> str:
    """A signal's name in the page's language."""
    labels = {
        "unconfirmed": t.gettext("Unconfirmed contracts"),
        "unregistered": t.gettext("Work without a contract"),
        "foreign_no_permit": t.gettext("Foreigners without a permit"),
        "below_minimum": t.gettext("Salary under the minimum wage"),
        "mass_hiring": t.gettext("Mass hiring and termination"),
        "multi_employer": t.gettext("Contracts at many employers at once"),
        "few_contributions": t.gettext("Almost no contributions"),
    }
    return labels.get(code, code)


@router.get("/illegal-work")
def illegal_work_page(
    request: Request,
    principal: Visitor,
    as_of: str | None = None,
    region: str | None = None,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> Response:
    """The employers flagged at a date, highest score first: each signal with its evidence."""
    require_illegal_work(principal)
    lang = lang_of(request)
    t = translator(lang)
    region = region or None
    with reading(request) as conn:
        day = illegal_work_as_of(conn, query_day(as_of))
        dates = sorted(run_dates(conn))
        rows, total = list_illegal_work(
            conn, principal, day, region=region, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
        )
    shown = [
        {
            "bin": r.bin,
            "name": r.name,
            "region": r.region,
            "score": r.score,
            "persons": r.persons,
            "amount_kzt": r.amount_kzt,
            "signals": [
                {
                    "code": s.signal,
                    "label": signal_label(t, s.signal),
                    "text": signal_sentence(s.model_dump(), lang),
                    "persons": [p[:8] for p in s.person_ids[:5]],
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
    query = {"as_of": day.isoformat() if day else None, "region": region}
    return render(
        request,
        "illegal_work.html",
        principal,
        active="illegal_work",
        as_of=day,
        dates=dates,
        region=region or "",
        region_options=sorted(options, key=lambda o: region_sort_key(o[1], lang)),
        signal_labels=[signal_label(t, c) for c in SIGNALS],
        findings=shown,
        total=total,
        pages=Pages("/illegal-work", query, page, PAGE_SIZE, total),
    )
