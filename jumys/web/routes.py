"""The dashboard's pages: sign-in, the national map, regions, projects, alerts and batch upload.

Every page is a thin door onto the read models of jumys.reports: they take the principal and filter
in SQL, so a page never sees a row its user may not. Errors become a message on the page, in its
language (jumys/web/messages.py): 401 sends the user to sign in, 403 says so politely, anything
unexpected is logged and never shown as a traceback.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import tempfile
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import sqlalchemy as sa
from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.routing import APIRoute

from jumys.access.messages import SIGN_IN_FIRST
from jumys.access.principal import PUBLIC, Principal
from jumys.access.service import (
    authenticate,
    create_session,
    end_session,
    record_audit,
    record_failed_sign_in,
    resolve_session,
)
from jumys.config import Settings, get_settings
from jumys.errors import Forbidden, InvalidInput, JumysError, NotFound, TooManyAttempts, Unauthorized
from jumys.reference.regions import region_shapes, regions
from jumys.registry.ingest import BatchReport, ingest_batch
from jumys.reports import (
    as_of_dates,
    latest_as_of,
    list_alerts,
    list_projects,
    national_map,
    project_detail,
    region_overview,
    region_trend,
)
from jumys.web import messages as M
from jumys.web import views
from jumys.web.i18n import translator
from jumys.web.render import error_page, lang_of, region_name, render

log = logging.getLogger(__name__)
SESSION_COOKIE = "jumys_session"
PAGE_SIZE = 25


def _principal_of(request: Request) -> Principal | None:
    found = getattr(request.state, "principal", None)
    return found if isinstance(found, Principal) else None


def _login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


class PageRoute(APIRoute):
    """A route whose errors render as pages: sign-in for 401, a message for the rest."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Wrap the handler so no error escapes as JSON or a traceback."""
        handler = super().get_route_handler()

        async def page(request: Request) -> Response:
            try:
                return await handler(request)
            except Unauthorized:
                return _login_redirect(request)
            except JumysError as e:
                who = _principal_of(request)
                if isinstance(e, Forbidden) and (who is None or who.via == "anonymous"):
                    return _login_redirect(request)
                t = translator(lang_of(request))
                if e.status >= 500:  # the server's set-up (paths, keys): for its administrator, in the log
                    log.error("page %s: %s", request.url.path, e.message)
                    message = t.gettext(
                        "The server is not set up correctly; it has been logged for its administrator."
                    )
                else:
                    message = t.render(e.text)
                return error_page(request, who, e.status, message)
            except RequestValidationError:
                t = translator(lang_of(request))
                message = t.gettext("The request is not valid.")
                return error_page(request, _principal_of(request), 422, message)
            except Exception:
                log.exception("page %s failed", request.url.path)
                t = translator(lang_of(request))
                message = t.gettext("An internal error occurred; it has been logged. Please try again later.")
                return error_page(request, _principal_of(request), 500, message)

        return page


router = APIRouter(route_class=PageRoute, include_in_schema=False)


def _engine(request: Request) -> sa.Engine:
    engine = getattr(request.app.state, "engine", None)
    if not isinstance(engine, sa.Engine):
        raise JumysError(M.NO_STORE, 500)
    return engine


def _settings(request: Request) -> Settings:
    found = getattr(request.app.state, "settings", None)
    return found if isinstance(found, Settings) else get_settings()


@contextmanager
def _write_lock(request: Request) -> Iterator[None]:
    """The app's writes to the store go one at a time (DuckDB has a single writer)."""
    lock = getattr(request.app.state, "write_lock", None)
    if lock is None:
        yield
        return
    with lock:
        yield


@contextmanager
def _writing(request: Request) -> Iterator[sa.Connection]:
    """One write transaction, under the app's write lock."""
    with _write_lock(request), _engine(request).begin() as conn:
        yield conn


@contextmanager
def _reading(request: Request) -> Iterator[tuple[sa.Connection, Principal]]:
    """A connection and the signed-in principal (the public when no valid session)."""
    with _engine(request).connect() as conn:
        principal = PUBLIC
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie:
            try:
                principal = resolve_session(conn, cookie)
            except Unauthorized:
                principal = PUBLIC
        request.state.principal = principal
        yield conn, principal


def _signed_in(principal: Principal) -> Principal:
    if principal.via == "anonymous":
        raise Unauthorized(SIGN_IN_FIRST)
    return principal


def _as_of(conn: sa.Connection, value: str | None) -> tuple[dt.date | None, list[dt.date]]:
    """The as-of date asked for (newest when none) and every stored date, oldest first."""
    dates = sorted(as_of_dates(conn))
    if not value:
        return latest_as_of(conn), dates
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(M.AS_OF_NOT_A_DATE, value=value) from None
    if day not in dates:
        raise NotFound(M.NOT_VERIFIED, date=day.isoformat())
    return day, dates


# --- sign-in ------------------------------------------------------------------------------------


def _safe_next(target: str | None) -> str:
    """Only a path of this site: never another host."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(ch.isspace() or not ch.isprintable() for ch in target):  # browsers drop tabs: "/\t/x" is "//x"
        return "/"
    return target


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    """The sign-in form."""
    with _reading(request) as (_conn, principal):
        return render(request, "login.html", principal, next=_safe_next(next), username="", error=None)


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the password, open a session and go where the user was headed."""
    t = translator(lang_of(request))
    with _writing(request) as conn:
        try:
            principal = authenticate(conn, username.strip(), password)
        except (Unauthorized, TooManyAttempts) as e:
            waiting = e if isinstance(e, TooManyAttempts) else None
            record_failed_sign_in(conn, username.strip(), "login", waiting)
            if waiting is None:
                error = t.gettext("Wrong user name or password.")
            else:
                error = t.gettext("Too many failed sign-ins. Try again after %(time)s UTC.") % {
                    "time": f"{waiting.until:%H:%M}"
                }
            return render(
                request,
                "login.html",
                None,
                status_code=e.status,
                next=_safe_next(next),
                username=username,
                error=error,
            )
        value, expires = create_session(conn, principal, _settings(request).session_hours)
        record_audit(conn, principal, "login", "/login")
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        value,
        expires=expires,
        httponly=True,
        samesite="lax",
        secure=_settings(request).cookie_secure or request.url.scheme == "https",
    )
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    """End the session and return to the sign-in page."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        with _writing(request) as conn:
            end_session(conn, cookie)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


# --- the map ------------------------------------------------------------------------------------


@router.get("/")
def national(request: Request, as_of: str | None = None) -> Response:
    """The national map: the 20 regions coloured by verified ÷ promised jobs, and their table."""
    t = translator(lang_of(request))
    with _reading(request) as (conn, principal):
        day, dates = _as_of(conn, as_of)
        rows = national_map(conn, principal, day) if day else []
    rows = views.map_rows(rows, t)
    return render(
        request,
        "map.html",
        principal,
        active="map",
        as_of=day,
        dates=dates,
        rows=rows,
        totals=views.totals(rows),
        legend=views.legend(t),
        map_data=views.map_data(rows, t, day, lang_of(request)),
    )


@router.get("/map/shapes.json")
def shapes(request: Request) -> Response:
    """The regions' borders as GeoJSON (kato2 in each feature), cached by the browser for a day."""
    data = region_shapes()
    for f in data["features"]:
        f["properties"] = {"kato2": f["properties"]["kato2"]}
    return JSONResponse(data, headers={"Cache-Control": "public, max-age=86400"})


# --- a region -----------------------------------------------------------------------------------


def _project_filters(status: str | None, sector: str | None, q: str | None) -> dict[str, str | None]:
    sector = (sector or "").upper() or None
    return {"status": status or None, "sector": sector, "q": (q or "").strip() or None}


def _project_list(
    conn: sa.Connection,
    principal: Principal,
    kato2: str,
    day: dt.date | None,
    filters: dict[str, str | None],
    page: int,
) -> dict[str, Any]:
    """The context of the project list: rows, total, pages; a message instead for the public."""
    if principal.role == "public":
        return {"projects": [], "total": 0, "pages": None, "projects_hidden": True}
    page = max(1, page)
    rows, total = list_projects(
        conn, principal, day, region=kato2, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, **filters
    )
    base = {"as_of": day.isoformat() if day else None, **filters}
    query = {k: v for k, v in base.items() if v}
    return {
        "projects": rows,
        "total": total,
        "projects_hidden": False,
        "pages": views.Pages(f"/regions/{kato2}/projects", query, page, PAGE_SIZE, total),
    }


@router.get("/regions/{kato2}")
def region(
    request: Request,
    kato2: str,
    as_of: str | None = None,
    status: str | None = None,
    sector: str | None = None,
    q: str | None = None,
    page: int = 1,
) -> Response:
    """A region: its scorecard, trend and projects (with filters)."""
    t = translator(lang_of(request))
    lang = lang_of(request)
    with _reading(request) as (conn, principal):
        day, dates = _as_of(conn, as_of)
        overview = region_overview(conn, principal, kato2, day)
        trend = region_trend(conn, principal, kato2)
        filters = _project_filters(status, sector, q)
        listing = _project_list(conn, principal, kato2, day, filters, page)
        alerts_count = (
            len(list_alerts(conn, principal, day, region=kato2)) if principal.role != "public" and day else 0
        )
    return render(
        request,
        "region.html",
        principal,
        active="map",
        kato2=kato2,
        as_of=day,
        dates=dates,
        name=region_name(lang, kato2, overview),
        overview=overview,
        trend_chart=views.region_trend_chart(trend, t),
        filters=filters,
        sectors=views.sectors(t),
        alerts_count=alerts_count,
        **listing,
    )


@router.get("/regions/{kato2}/projects")
def region_projects(
    request: Request,
    kato2: str,
    as_of: str | None = None,
    status: str | None = None,
    sector: str | None = None,
    q: str | None = None,
    page: int = 1,
) -> Response:
    """The project list of a region alone: what htmx swaps in when a filter or the page changes."""
    with _reading(request) as (conn, principal):
        day, _dates = _as_of(conn, as_of)
        filters = _project_filters(status, sector, q)
        listing = _project_list(conn, principal, kato2, day, filters, page)
    if request.headers.get("HX-Request") != "true":
        query = urlencode({k: v for k, v in {"as_of": as_of, **filters, "page": str(page)}.items() if v})
        return RedirectResponse(f"/regions/{kato2}?{query}#projects-title", status_code=303)
    return render(request, "_projects.html", principal, as_of=day, **listing)


# --- a project ----------------------------------------------------------------------------------


@router.get("/projects/{project_id}")
def project(request: Request, project_id: str, as_of: str | None = None) -> Response:
    """A project: promise against verified jobs over time, the quality indicators and the evidence."""
    t = translator(lang_of(request))
    lang = lang_of(request)
    with _reading(request) as (conn, principal):
        day, dates = _as_of(conn, as_of)
        detail = project_detail(conn, principal, project_id, day)
        alerts = (
            [
                a
                for a in list_alerts(conn, principal, day, region=detail["region"])
                if a["project_id"] == project_id
            ]
            if day
            else []
        )
    return render(
        request,
        "project.html",
        principal,
        active="map",
        as_of=day,
        dates=dates,
        p=views.project_view(detail, t, lang),
        occupations=views.occupations(detail, lang),
        trend_chart=views.project_trend_chart(detail, t),
        evidence_chart=views.evidence_chart(detail, t),
        alerts=views.alert_rows(alerts, lang),
    )


# --- alerts -------------------------------------------------------------------------------------


@router.get("/alerts")
def alerts_page(request: Request, as_of: str | None = None, region: str | None = None) -> Response:
    """The alerts at a date, high severity first; filtered by region."""
    lang = lang_of(request)
    with _reading(request) as (conn, principal):
        day, dates = _as_of(conn, as_of)
        rows = list_alerts(conn, principal, day, region=region or None)
    options = [
        (r.kato2, region_name(lang, r.kato2))
        for r in regions()
        if principal.sees_all_regions or principal.region in (None, r.kato2)
    ]
    return render(
        request,
        "alerts.html",
        principal,
        active="alerts",
        as_of=day,
        dates=dates,
        region=region or "",
        region_options=sorted(options, key=lambda o: o[1]),
        alerts=views.alert_rows(rows, lang),
    )


# --- upload -------------------------------------------------------------------------------------


def _ministry(request: Request, principal: Principal) -> Principal:
    """The principal when it is the ministry's; a refusal otherwise (audited when signed in)."""
    _signed_in(principal)
    if principal.role != "ministry":
        with _writing(request) as conn:
            record_audit(
                conn, principal, "upload_batch", "/upload", {"reason": f"role {principal.role}"}, "denied"
            )
        raise Forbidden(M.MINISTRY_UPLOADS)
    return principal


@router.get("/upload")
def upload_form(request: Request) -> Response:
    """The upload form (ministry only)."""
    with _reading(request) as (_conn, principal):
        _ministry(request, principal)
    return render(request, "upload.html", principal, active="upload", report=None, error=None)


def _ingest_upload(request: Request, principal: Principal, batch: UploadFile, name: str) -> BatchReport:
    """Save the upload under JUMYS_HOME/tmp, ingest it under the write lock, audit the outcome."""
    settings = _settings(request)
    engine = _engine(request)
    (settings.home / "tmp").mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="upload-", dir=settings.home / "tmp"))
    path = work / name
    try:
        with path.open("wb") as out:
            size = 0
            while chunk := batch.file.read(1 << 20):
                size += len(chunk)
                if size > settings.upload_max_mb * 1024 * 1024:
                    raise InvalidInput(M.FILE_TOO_LARGE, n=settings.upload_max_mb)
                out.write(chunk)
        with _write_lock(request):
            report = ingest_batch(engine, path, settings=settings)
    except JumysError as e:
        # the server's folders are nobody's business: name the file as the user knows it
        e.redact(str(path), name)
        e.redact(str(work), "")
        with _writing(request) as conn:
            record_audit(conn, principal, "upload_batch", name, {"error": e.message}, outcome="failed")
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    summary = {
        "batch_id": report.batch_id,
        "batch_no": report.batch_no,
        "status": report.status,
        "accepted": report.rows_accepted,
        "rejected": report.rows_rejected,
    }
    with _writing(request) as conn:
        record_audit(conn, principal, "upload_batch", name, summary)
    return report


@router.get("/upload/rejects/{batch_id}.csv")
def rejects_csv(request: Request, batch_id: str) -> Response:
    """The full rejects report of an uploaded batch (ministry only)."""
    with _reading(request) as (_conn, principal):
        _ministry(request, principal)
    folder = (_settings(request).home / "rejects").resolve()
    path = (folder / views.safe_batch_folder(batch_id) / "rejects.csv").resolve()
    if not path.is_relative_to(folder) or not path.is_file():
        raise NotFound(M.NO_REJECTS_REPORT, batch=batch_id)
    return FileResponse(
        path, media_type="text/csv; charset=utf-8", filename=f"rejects-{path.parent.name}.csv"
    )


@router.post("/upload")
def upload(request: Request, batch: Annotated[UploadFile, File()]) -> Response:
    """Ingest an uploaded .zip batch and show its summary and rejects (ministry only)."""
    with _reading(request) as (_conn, principal):
        _ministry(request, principal)
    t = translator(lang_of(request))
    name = Path(batch.filename or "batch.zip").name
    if not name.lower().endswith(".zip"):
        error = t.gettext("A batch is uploaded as a .zip file.")
        return render(
            request, "upload.html", principal, status_code=422, active="upload", report=None, error=error
        )
    try:
        report = _ingest_upload(request, principal, batch, name)
    except JumysError as e:
        if e.status >= 500:
            raise
        return render(
            request,
            "upload.html",
            principal,
            status_code=e.status,
            active="upload",
            report=None,
            error=t.render(e.text),
        )
    shown = views.report_view(report, t)
    return render(request, "upload.html", principal, active="upload", report=shown, error=None)
