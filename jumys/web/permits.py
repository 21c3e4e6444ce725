"""The pages of foreign-labour quotas: the ledger of a year, foreign workers at a date, the decided applications;
next year's quota proposed, each line with its terms.

Everyone sees the ledger (an akimat its region's lines; the public small counts of workers left out:
jumys.reports.permits decides it in SQL); the decided applications are shown to the roles that may see
them, each refusal in the page's language with the numbers behind it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from jumys.doors.core import door_of
from jumys.errors import NotFound
from jumys.permits.rules import QuotaShares
from jumys.permits.schemas import Points
from jumys.permits.service import check_text
from jumys.reference.countries import country_label
from jumys.reports.permits import list_decisions, newest_quota_year, quota_ledger
from jumys.reports.quota_proposal import newest_data_year, quota_proposal
from jumys.web.i18n import Translator, translator
from jumys.web.page import PageRoute, Visitor
from jumys.web.render import lang_of, render
from jumys.web.views import region_options

router = APIRouter(route_class=PageRoute, include_in_schema=False)
DECISIONS_SHOWN = 50
SEES_DECISIONS = ("ministry", "inspector", "akimat", "employer")


def category_label(t: Translator, category: str) -> str:
    """A permit category in the page's language."""
    labels = {
        "head": t.gettext("Heads and deputies"),
        "division_head": t.gettext("Heads of divisions"),
        "specialist": t.gettext("Specialists"),
        "skilled_worker": t.gettext("Skilled workers"),
        "seasonal": t.gettext("Seasonal workers"),
        "household": t.gettext("Household workers"),
    }
    return labels.get(category, category)


def _decisions(request: Request, principal: Any, t: Translator) -> list[dict[str, Any]]:
    """The newest decisions principal may see, each failed check in the page's language."""
    if principal.role not in SEES_DECISIONS:
        return []
    with door_of(request).engine.connect() as conn:
        rows = list_decisions(conn, principal, DECISIONS_SHOWN)
    return [r | {"why": [t.render(check_text(f)).strip() for f in r["failed_checks"]]} for r in rows]


def points_lines(points: Points | None, lang: str) -> list[str]:
    """Each criterion of an application's points in the page's language."""
    return [] if points is None else [c.sentence[lang] for c in points.components]


@router.get("/quotas")
def quotas_page(
    request: Request,
    principal: Visitor,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> Response:
    """Units, issued and left by region and category; the caps; foreign workers on 1 October; decisions."""
    this_year = dt.date.today().year
    shares = QuotaShares.of(door_of(request).settings)
    with door_of(request).engine.connect() as conn:
        # without a year asked for: the newest year whose quotas are loaded (next year's may be)
        chosen = year or newest_quota_year(conn, this_year + 1) or this_year
        ledger = quota_ledger(conn, principal, chosen, dt.date(chosen, 10, 1), shares)
    lang = lang_of(request)
    t = translator(lang)
    return render(
        request,
        "quotas.html",
        principal,
        active="quotas",
        year=chosen,
        years=sorted({*range(this_year + 1, this_year - 5, -1), chosen}, reverse=True),
        ledger=ledger,
        category_label=lambda c: category_label(t, c),
        country_label=lambda c: country_label(c, lang),
        decisions=_decisions(request, principal, t),
        points_lines=lambda points: points_lines(points, lang),
        sees_decisions=principal.role in SEES_DECISIONS,
    )


@router.get("/quotas/proposal")
def quota_proposal_page(
    request: Request,
    principal: Visitor,
    year: Annotated[int | None, Query(ge=2001, le=2100)] = None,
    region: Annotated[str | None, Query(max_length=9)] = None,
) -> Response:
    """Next year's quota proposed by region and category, each line's terms and the sentence that explains it."""
    lang = lang_of(request)
    t = translator(lang)
    with door_of(request).engine.connect() as conn:
        # without a year asked for: the year after the newest year with a vacancy posted
        chosen = year or (newest_data_year(conn) or dt.date.today().year) + 1
        try:
            proposal = quota_proposal(
                conn, principal, chosen, None, region or None, QuotaShares.of(door_of(request).settings)
            )
        except NotFound as e:
            proposal, missing = None, t.render(e.text)
        else:
            missing = ""
    lines = [] if proposal is None else proposal.lines
    shown = [q for q in lines if q.vacancies_unfilled or q.last_units or q.last_used or q.proposed]
    return render(
        request,
        "quota_proposal.html",
        principal,
        active="quotas",
        year=chosen,
        years=sorted({*range(dt.date.today().year + 1, dt.date.today().year - 5, -1), chosen}, reverse=True),
        proposal=proposal,
        missing=missing,
        lines=shown,
        empty_lines=len(lines) - len(shown),
        region=region or "",
        region_options=region_options(principal, lang),
        category_label=lambda c: category_label(t, c),
    )
