"""The personal cabinet's pages: a person signs in by IIN and password and sees their own cases, each with its
history, and their notifications. The cabinet's cookie is its own: the other pages never read it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from jumys.cabinet import messages as CM
from jumys.cabinet.accounts import Person
from jumys.cabinet.notices import notifications_of
from jumys.doors import cabinet as door_cabinet
from jumys.doors.core import door_of
from jumys.errors import TooManyAttempts, Unauthorized
from jumys.reports.cabinet import person_cases
from jumys.web.i18n import Translator, translator
from jumys.web.page import PageRoute
from jumys.web.render import lang_of, render

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def _labels(t: Translator) -> dict[str, Any]:
    return {
        "kind_label": lambda k: t.render(CM.KIND_NAMES[k]()) if k in CM.KIND_NAMES else k,
        "status_name": lambda s: t.render(CM.STATUS_NAMES[s]()) if s in CM.STATUS_NAMES else s,
    }


def _signed(request: Request) -> Person | None:
    try:
        return door_cabinet.person_of(door_of(request), request)
    except Unauthorized:
        return None


def _form(request: Request, status_code: int = 200, error: str | None = None) -> Response:
    return render(request, "cabinet_login.html", None, status_code=status_code, active="cabinet", error=error)


@router.get("/cabinet")
def cabinet(request: Request) -> Response:
    """The person's cases and notifications, or the sign-in form when no person is signed in."""
    person = _signed(request)
    if person is None:
        return _form(request)
    door = door_of(request)
    with door.engine.connect() as conn:
        cases = person_cases(conn, person)
        notices = notifications_of(conn, person.account_id)
    door_cabinet.audit_read(door, person, "page")
    t = translator(lang_of(request))
    page = render(
        request,
        "cabinet.html",
        None,
        active="cabinet",
        person=person,
        cases=cases,
        notices=notices,
        **_labels(t),
    )
    door_cabinet.private(page)
    return page


@router.post("/cabinet/login")
def login(
    request: Request, iin: Annotated[str, Form()] = "", password: Annotated[str, Form()] = ""
) -> Response:
    """Check the IIN and password and open the cabinet; the same words for every failure."""
    door = door_of(request)
    t = translator(lang_of(request))
    try:
        _person, value, expires = door_cabinet.sign_in(door, iin[:64], password[:1024], "page")
    except (Unauthorized, TooManyAttempts) as e:
        if isinstance(e, TooManyAttempts):
            error = t.gettext("Too many failed sign-ins. Try again after %(time)s UTC.") % {
                "time": f"{e.until:%H:%M}"
            }
        else:
            error = t.gettext("Wrong IIN or password.")
        return _form(request, e.status, error)
    response = RedirectResponse("/cabinet", status_code=303)
    door_cabinet.set_cookie(response, request, door, value, expires)
    return response


@router.post("/cabinet/logout")
def logout(request: Request) -> Response:
    """Leave the cabinet."""
    door_cabinet.sign_out(door_of(request), request.cookies.get(door_cabinet.CABINET_COOKIE))
    response = RedirectResponse("/cabinet", status_code=303)
    door_cabinet.clear_cookie(response)
    return response
