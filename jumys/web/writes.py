"""The dashboard's writes: sign-in and sign-out, and a batch upload with its rejects (ministry only).

Each is a thin face over the door core (jumys.doors), which the API calls too: the same sessions,
the same checks of who may write, the same upload (size limit, write lock, audit).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, RedirectResponse, Response

from jumys.doors import sessions
from jumys.doors.core import door_of
from jumys.doors.identity import SESSION_COOKIE
from jumys.doors.uploads import check_uploader, receive_batch
from jumys.errors import JumysError, NotFound, TooManyAttempts, Unauthorized
from jumys.web import messages as M
from jumys.web import views
from jumys.web.i18n import translator
from jumys.web.page import PageRoute, Visitor
from jumys.web.render import lang_of, render

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only a path of this site: never another host."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(ch.isspace() or not ch.isprintable() for ch in target):  # browsers drop tabs: "/\t/x" is "//x"
        return "/"
    return target


@router.get("/login")
def login_form(request: Request, principal: Visitor, next: str | None = None) -> Response:
    """The sign-in form."""
    return render(request, "login.html", principal, next=_safe_next(next), username="", error=None)


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the password, open a session and go where the user was headed."""
    door = door_of(request)
    try:
        _principal, value, expires = sessions.sign_in(door, username, password, "login")
    except (Unauthorized, TooManyAttempts) as e:
        t = translator(lang_of(request))
        if isinstance(e, TooManyAttempts):
            error = t.gettext("Too many failed sign-ins. Try again after %(time)s UTC.") % {
                "time": f"{e.until:%H:%M}"
            }
        else:
            error = t.gettext("Wrong user name or password.")
        return render(
            request,
            "login.html",
            None,
            status_code=e.status,
            next=_safe_next(next),
            username=username,
            error=error,
        )
    response = RedirectResponse(_safe_next(next), status_code=303)
    sessions.set_session_cookie(response, request, door, value, expires)
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    """End the session and return to the sign-in page."""
    sessions.sign_out(door_of(request), request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    sessions.clear_session_cookie(response)
    return response


@router.get("/upload")
def upload_form(request: Request, principal: Visitor) -> Response:
    """The upload form (ministry only)."""
    check_uploader(door_of(request), principal)
    return render(request, "upload.html", principal, active="upload", report=None, error=None)


@router.get("/upload/rejects/{batch_id}.csv")
def rejects_csv(request: Request, principal: Visitor, batch_id: str) -> Response:
    """The full rejects report of an uploaded batch (ministry only)."""
    door = door_of(request)
    check_uploader(door, principal)
    folder = (door.settings.home / "rejects").resolve()
    path = (folder / views.safe_batch_folder(batch_id) / "rejects.csv").resolve()
    if not path.is_relative_to(folder) or not path.is_file():
        raise NotFound(M.NO_REJECTS_REPORT, batch=batch_id)
    return FileResponse(
        path, media_type="text/csv; charset=utf-8", filename=f"rejects-{path.parent.name}.csv"
    )


@router.post("/upload")
def upload(request: Request, principal: Visitor, batch: Annotated[UploadFile, File()]) -> Response:
    """Ingest an uploaded .zip batch and show its summary and rejects (ministry only)."""
    t = translator(lang_of(request))
    try:
        report = receive_batch(door_of(request), principal, batch.file, batch.filename)
    except JumysError as e:
        if e.status >= 500 or e.status in (401, 403):
            raise
        error = t.render(e.text)
        return render(
            request, "upload.html", principal, status_code=e.status, active="upload", report=None, error=error
        )
    shown = views.report_view(report, t)
    return render(request, "upload.html", principal, active="upload", report=shown, error=None)
