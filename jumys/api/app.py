"""The one application factory: the API under /api/v1, and the dashboard when jumys.web is installed."""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version
from pathlib import Path

import sqlalchemy as sa
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from jumys.api import routes, writes
from jumys.api.runs import Runner
from jumys.config import Settings, get_settings
from jumys.errors import JumysError
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


def create_app(settings: Settings | None = None, engine: sa.Engine | None = None) -> FastAPI:
    """The application over the configured store (or engine), its schema brought to the newest revision."""
    settings = settings or get_settings()
    own_engine = engine is None
    engine = engine or make_engine(settings=settings)
    upgrade(engine)
    write_lock = threading.Lock()
    runner = Runner(engine, write_lock)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        runner.shutdown()
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
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.write_lock = write_lock
    app.state.runner = runner

    @app.exception_handler(JumysError)
    async def jumys_error(_request: Request, exc: JumysError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse({"error": exc.message}, status_code=exc.status, headers=headers)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        log.exception("%s %s failed", request.method, request.url.path)
        return JSONResponse({"error": "internal error: it has been logged"}, status_code=500)

    app.include_router(routes.router, prefix=API_PREFIX)
    app.include_router(writes.router, prefix=API_PREFIX)
    _mount_dashboard(app)
    return app
