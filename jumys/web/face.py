"""The pages' face: their routes and static files, mounted by the composition root (jumys.server)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from jumys.web import (
    cabinet,
    forecast_migration,
    forecast_population,
    forecasts,
    foreign_workers,
    illegal_work,
    live,
    matching,
    mobility,
    permits,
    resettlement,
    routes,
    scenarios,
    skills,
    warnings,
    writes,
)
from jumys.web import map as map_pages

STATIC = Path(__file__).parent / "static"


def mount_pages(app: FastAPI) -> None:
    """Include the pages and their static files (vendored scripts, styles, map images)."""
    app.include_router(routes.router)
    app.include_router(live.router)
    app.include_router(writes.router)
    app.include_router(warnings.router)
    app.include_router(illegal_work.router)
    app.include_router(foreign_workers.router)
    app.include_router(map_pages.router)
    app.include_router(skills.router)
    app.include_router(permits.router)
    app.include_router(matching.router)
    app.include_router(mobility.router)
    app.include_router(cabinet.router)
    app.include_router(resettlement.router)
    app.include_router(scenarios.router)
    app.include_router(forecast_population.router)
    app.include_router(forecasts.router)
    app.include_router(forecast_migration.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
