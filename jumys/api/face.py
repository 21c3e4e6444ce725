"""The API's face: its routers under /api/v1 and how its errors are answered (JSON with a status)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException

from jumys.api import (
    cabinet,
    events,
    forecast_migration,
    forecast_population,
    forecasts,
    foreign_workers,
    illegal_work,
    matching,
    mobility,
    permits,
    report,
    resettlement,
    routes,
    safety,
    scenarios,
    warnings,
    writes,
)
from jumys.api import map as map_routes
from jumys.api.deps import BAD_REQUEST
from jumys.api.messages import (
    HTTP_REFUSED,
    INTERNAL_ERROR,
    INVALID_REQUEST,
    METHOD_NOT_ALLOWED,
    NO_SUCH_PATH,
    SERVER_SET_UP,
    error_body,
)
from jumys.doors.manners import allowed_methods
from jumys.errors import JumysError, TooManyAttempts

log = logging.getLogger(__name__)
API_PREFIX = "/api/v1"

DESCRIPTION = """
Job-creation verification of investment projects in Kazakhstan, read and fed by other systems.

Sign in as a person with `POST /api/v1/session` (a `jumys_session` cookie), or send a machine
token as `Authorization: Bearer TOKEN`; without either you are the public, who sees region
aggregates with every number built from fewer than 5 persons left out. What each role sees is
in docs/api.md. Errors are `{"error": "...", "code": "...", "params": {...}, "text": "..."}` with the status:
`code` is stable, `text` is in the language of Accept-Language; invalid parameters are 422.
"""

DOCS_PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Jumys API</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css">
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js" defer></script>
<script src="/static/api-docs.js" defer></script>
</head>
<body>
<div id="swagger-ui" data-schema="{API_PREFIX}/openapi.json"></div>
</body>
</html>
"""


def _validation_issues(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {
            "loc": [str(part) for part in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors()
    ]


def mount_api(app: FastAPI) -> None:
    """Include the API's routes under API_PREFIX and answer its errors as JSON."""

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
        fields = ", ".join(dict.fromkeys(".".join(i["loc"]) for i in issues[:5]))
        text = INVALID_REQUEST(fields=fields)
        return JSONResponse(error_body(_request, text) | {"detail": issues}, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        headers = dict(exc.headers or {})
        path = request.url.path
        if exc.status_code == 405:
            # a path served by several routes allows the methods of all of them, not of the first one found
            headers["Allow"] = ", ".join(sorted(allowed_methods(app, path)))
            text = METHOD_NOT_ALLOWED(method=request.method, path=path, allowed=headers["Allow"])
        elif exc.status_code == 404:
            text = NO_SUCH_PATH(path=path)
        else:  # the framework's detail is English: the status says what happened, in every language
            text = HTTP_REFUSED(status=exc.status_code)
        return JSONResponse(error_body(request, text), status_code=exc.status_code, headers=headers)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        log.exception("%s %s failed", request.method, request.url.path)
        return JSONResponse(error_body(request, INTERNAL_ERROR()), status_code=500)

    @app.get(f"{API_PREFIX}/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        """The interactive docs: Swagger UI from /static/vendor (nothing loaded from another host)."""
        return HTMLResponse(DOCS_PAGE)

    app.include_router(routes.router, prefix=API_PREFIX, responses=BAD_REQUEST)
    app.include_router(writes.router, prefix=API_PREFIX, responses=BAD_REQUEST)
    app.include_router(events.router, prefix=API_PREFIX, responses=BAD_REQUEST)
    app.include_router(safety.router, prefix=API_PREFIX, responses=BAD_REQUEST)
    app.include_router(warnings.router, prefix=API_PREFIX, responses=BAD_REQUEST)
    app.include_router(illegal_work.router, prefix=API_PREFIX, responses=BAD_REQUEST)
    app.include_router(foreign_workers.router, prefix=API_PREFIX, responses=BAD_REQUEST)
    app.include_router(map_routes.router, prefix=API_PREFIX, responses=BAD_REQUEST)
    app.include_router(report.router, prefix=API_PREFIX, responses=BAD_REQUEST)
    app.include_router(permits.router, prefix=API_PREFIX, responses=BAD_REQUEST)
    app.include_router(matching.router, prefix=API_PREFIX, responses=BAD_REQUEST)
    app.include_router(mobility.router, prefix=API_PREFIX, responses=BAD_REQUEST)
    app.include_router(cabinet.router, prefix=API_PREFIX, responses=BAD_REQUEST)
    app.include_router(resettlement.router, prefix=API_PREFIX, responses=BAD_REQUEST)
    app.include_router(scenarios.router, prefix=API_PREFIX, responses=BAD_REQUEST)
    app.include_router(forecast_population.router, prefix=API_PREFIX, responses=BAD_REQUEST)
    app.include_router(forecasts.router, prefix=API_PREFIX, responses=BAD_REQUEST)
    app.include_router(forecast_migration.router, prefix=API_PREFIX, responses=BAD_REQUEST)
