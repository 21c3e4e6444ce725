"""Pages: the Jinja2 environment, what every template is given, and the error page."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from jumys.access.principal import Principal
from jumys.reference.regions import get_region
from jumys.web.i18n import (
    LANG_COOKIE,
    LANG_NAMES,
    LANGS,
    TEMPLATE_DIR,
    Lang,
    pick_lang,
    translator,
)
from jumys.web.labels import (
    STATUSES,
    alert_kind_label,
    role_label,
    sector_labels,
    severity_label,
    status_label,
)

COOKIE_MAX_AGE = 365 * 24 * 3600


def region_name(lang: Lang, kato2: str | None, row: dict[str, Any] | None = None) -> str:
    """A region's name in lang: from the row when it carries names, else from the reference."""
    if not kato2:
        return "—"
    if row and row.get(f"name_{lang}"):
        return str(row[f"name_{lang}"])
    region = get_region(kato2)
    if region is None:
        return kato2
    return str(getattr(region, f"name_{lang}"))


def json_script(data: Any) -> Markup:
    """Data for a <script type="application/json"> block, safe inside HTML."""
    text = json.dumps(data, ensure_ascii=False, default=str)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The templates' environment (autoescaped HTML)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["json_script"] = json_script
    return env


def lang_of(request: Request) -> Lang:
    """The page's language: ?lang=, else the cookie, else Russian."""
    return pick_lang(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE))


def url_with(request: Request, **changes: str | None) -> str:
    """The current path and query with some parameters changed (None removes one)."""
    params = {k: v for k, v in request.query_params.items() if k not in changes}
    params |= {k: v for k, v in changes.items() if v is not None}
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


def render(
    request: Request,
    template: str,
    principal: Principal | None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render a template with the common context; remember ?lang= in a cookie."""
    lang = lang_of(request)
    t = translator(lang)
    env = environment()
    html = env.get_template(template).render(
        request=request,
        principal=principal,
        lang=lang,
        langs=LANGS,
        lang_names=LANG_NAMES,
        t=t,
        _=t.gettext,
        num=t.num,
        pct=t.pct,
        date=t.date,
        month=t.month,
        status_label=lambda s: status_label(t, s),
        role_label=lambda r: role_label(t, r),
        severity_label=lambda s: severity_label(t, s),
        alert_kind_label=lambda k: alert_kind_label(t, k),
        region_name=lambda k, row=None: region_name(lang, k, row),
        url_with=lambda **kw: url_with(request, **kw),
        statuses=STATUSES,
        sector_names=dict(sector_labels(t)),
        htmx=request.headers.get("HX-Request") == "true",
        **context,
    )
    response = HTMLResponse(html, status_code=status_code)
    asked = request.query_params.get("lang")
    if asked in LANGS and asked != request.cookies.get(LANG_COOKIE):
        response.set_cookie(LANG_COOKIE, asked, max_age=COOKIE_MAX_AGE, httponly=True, samesite="lax")
    return response


def error_page(request: Request, principal: Principal | None, status_code: int, message: str) -> HTMLResponse:
    """A message on the page for an error the user can understand (never a traceback)."""
    t = translator(lang_of(request))
    titles = {
        403: t.gettext("You may not see this page"),
        404: t.gettext("Not found"),
        422: t.gettext("This cannot be used"),
        409: t.gettext("Conflict with stored data"),
    }
    fallback = t.gettext("Something went wrong") if status_code >= 500 else t.gettext("Error")
    title = titles.get(status_code, fallback)
    return render(
        request,
        "error.html",
        principal,
        status_code=status_code,
        code=status_code,
        title=title,
        message=message,
    )
