"""The one application factory: the API under /api/v1, and the dashboard when jumys.web is installed."""

from __future__ import annotations

import importlib
import logging
import re
import threading
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.routing import compile_path

from jumys.api import routes, writes
from jumys.api.audit import AuditWriter
from jumys.api.cache import TTLCache
from jumys.api.deps import BAD_REQUEST
from jumys.api.messages import HTTP_ERROR, INTERNAL_ERROR, INVALID_REQUEST, SERVER_SET_UP, error_body
from jumys.api.origin import SameOriginWrites
from jumys.api.runs import Runner
from jumys.config import Settings, get_settings
from jumys.errors import JumysError, TooManyAttempts
from jumys.storage.engine import make_engine
from jumys.storage.revisions import upgrade

log = logging.getLogger(__name__)
API_PREFIX = "/api/v1"

DESCRIPTION = """
Job-creation verification of investment projects in Kazakhstan, read and fed by other systems.

Sign in as a person with `POST /api/v1/session` (a `jumys_session` cookie), or send a machine
token as `Authorization: Bearer TOKEN`; without either you are the public, who sees region
aggregates with every number built from fewer than 5 persons left out. What each role sees is
in docs/api.md. Errors are `{"error": "..."}` with the status; invalid parameters are 422.
"""


def _mount_dashboard(app: FastAPI) -> None:
    """The dashboard's pages and static files, when jumys.web is there (the API works without it)."""
    try:
        web = importlib.import_module("jumys.web.routes")
    except ImportError as e:
        log.info("dashboard not mounted: %s", e)
        return
    router = getattr(web, "router", None)
    if isinstance(router, APIRouter):
        app.include_router(router)
    static = Path(str(web.__file__)).parent / "static"
    if static.is_dir():
        app.mount("/static", StaticFiles(directory=static), name="static")


def _methods_by_path(app: FastAPI) -> list[tuple[re.Pattern[str], set[str]]]:
    """Every route's path pattern and methods, to answer 405 with every method a path allows."""
    try:
        from fastapi.routing import iter_route_contexts

        routes: list[Any] = list(iter_route_contexts(app.routes))
    except ImportError:  # pragma: no cover - FastAPI before included routers were kept whole
        routes = list(app.routes)
    out = []
    for route in routes:
        path, methods = getattr(route, "path", None), getattr(route, "methods", None)
        if path and methods:
            out.append((compile_path(path)[0], set(methods)))
    return out


def _validation_issues(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {
            "loc": [str(part) for part in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors()
    ]


def create_app(settings: Settings | None = None, engine: sa.Engine | None = None) -> FastAPI:
    """The application over the configured store (or engine), its schema brought to the newest revision."""
    settings = settings or get_settings()
    own_engine = engine is None
    engine = engine or make_engine(settings=settings)
    upgrade(engine)
    write_lock = threading.Lock()
    answers = TTLCache(settings.api_cache_seconds)
    runner = Runner(engine, write_lock, on_write=answers.clear)
    runner.recover()
    auditor = AuditWriter(engine)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        runner.shutdown()
        auditor.stop()
        if own_engine:
            engine.dispose()

    app = FastAPI(
        title="Jumys",
        version=version("jumys"),
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.write_lock = write_lock
    app.state.runner = runner
    app.state.answers = answers
    app.state.flights = {}  # answers being computed, by request: see deps.answer
    app.state.refresh_turns = weakref.WeakKeyDictionary()
    app.state.principals = TTLCache(settings.api_cache_seconds)
    app.state.auditor = auditor

    @app.exception_handler(JumysError)
    async def jumys_error(request: Request, exc: JumysError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        if isinstance(exc, TooManyAttempts):
            headers = {"Retry-After": str(exc.seconds_left())}
        text = exc.text
        if exc.status >= 500:  # the server's set-up (paths, keys): for its administrator, in the log
            log.error("%s %s: %s", request.method, request.url.path, exc.message)
            text = SERVER_SET_UP()
        return JSONResponse(error_body(request, text), status_code=exc.status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        issues = _validation_issues(exc)
        summary = "; ".join(f"{'.'.join(i['loc'])}: {i['msg']}" for i in issues[:5])
        text = INVALID_REQUEST(summary=summary)
        return JSONResponse(error_body(_request, text) | {"detail": issues}, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # a path served by several routes allows the methods of all of them, not of the first one found
            allowed = set().union(*(m for rx, m in methods_by_path if rx.match(request.url.path)))
            headers["Allow"] = ", ".join(sorted(allowed))
        text = HTTP_ERROR(detail=str(exc.detail))
        return JSONResponse(error_body(request, text), status_code=exc.status_code, headers=headers)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        log.exception("%s %s failed", request.method, request.url.path)
        text = INTERNAL_ERROR()
        return JSONResponse(error_body(request, text), status_code=500)

    app.include_router(routes.router, prefix=API_PREFIX, responses=BAD_REQUEST)
    app.include_router(writes.router, prefix=API_PREFIX, responses=BAD_REQUEST)
    _mount_dashboard(app)
    app.add_middleware(SameOriginWrites)
    methods_by_path = _methods_by_path(app)
    return app
