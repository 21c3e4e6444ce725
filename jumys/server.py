"""The composition root: one Door over the store, the API under /api/v1 and the pages mounted on it.

This is the one module that knows both faces; the import contracts (pyproject.toml) let nothing
below it import it, and let neither face import the other.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version

import sqlalchemy as sa
from fastapi import FastAPI

from jumys.api.face import API_PREFIX, DESCRIPTION, mount_api
from jumys.cabinet.outbox import Smtp
from jumys.config import Settings, get_settings
from jumys.doors.cabinet import Mailer
from jumys.doors.core import open_door
from jumys.doors.manners import Manners
from jumys.doors.origin import SameOriginWrites
from jumys.projects.jobs import JOB_KINDS
from jumys.registry.scratch import remove_stale
from jumys.safety.jobs import JOB_KINDS as SAFETY_JOB_KINDS
from jumys.safety.warning_jobs import JOB_KINDS as WARNING_JOB_KINDS
from jumys.storage.engine import make_engine
from jumys.storage.revisions import upgrade
from jumys.web.face import mount_pages

JOB_KINDS_SERVED = (
    *JOB_KINDS,
    *SAFETY_JOB_KINDS,
    *WARNING_JOB_KINDS,
)  # every domain's background jobs: add a domain's JOB_KINDS here


def create_app(settings: Settings | None = None, engine: sa.Engine | None = None) -> FastAPI:
    """The application over the configured store (or engine), its schema brought to the newest revision."""
    settings = settings or get_settings()
    remove_stale(settings)  # what a killed ingest left (jumys/registry/scratch.py)
    own_engine = engine is None
    engine = engine or make_engine(settings=settings)
    upgrade(engine)
    door = open_door(settings, engine, JOB_KINDS_SERVED)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # the cabinet's e-mails, drained to the SMTP server while the app is served (docs/cabinet.md)
        mailer = Mailer(engine, Smtp.of(settings)) if settings.smtp_host else None
        if mailer is not None:
            mailer.start()
        door.reverifier.start()  # verifies at once what the events of a killed server left queued
        yield
        if mailer is not None:
            mailer.stop()
        door.close()
        if own_engine:
            engine.dispose()

    app = FastAPI(
        title="Jumys",
        version=version("jumys"),
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # the API's face serves its docs from the vendored Swagger UI (jumys/api/face.py)
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    app.state.door = door
    mount_api(app)
    mount_pages(app)
    app.add_middleware(SameOriginWrites)
    app.add_middleware(Manners)  # outermost: its headers on every answer, the refused writes' too
    return app
