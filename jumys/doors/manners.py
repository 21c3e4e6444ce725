"""How every response of the app behaves, whichever face gave it: security headers, HEAD and OPTIONS.

Every response carries a Content-Security-Policy that lets a page run only the app's own scripts
(the vendored ones under /static and the Swagger UI's), never be framed, and send no Referer to
other sites; the app's own styles, plus the inline `style` attributes the pages and their
libraries set (map swatches, htmx's indicator), are allowed. HEAD is answered as GET without the
body; OPTIONS with 204 and the methods the path allows (Allow). No cross-origin reads are allowed:
a CORS preflight gets no Access-Control-Allow-Origin, so a browser refuses the request it asked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from starlette.routing import Mount, compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),  # frame-ancestors for browsers that predate it
    (b"referrer-policy", b"same-origin"),
)


def methods_by_path(routes: Iterable[Any]) -> list[tuple[re.Pattern[str], set[str]]]:
    """Every route's path pattern and the methods it serves (a mount of static files: GET)."""
    try:
        from fastapi.routing import iter_route_contexts

        found: list[Any] = list(iter_route_contexts(list(routes)))
    except ImportError:  # pragma: no cover - FastAPI before included routers were kept whole
        found = list(routes)
    out = []
    for route in found:
        path, methods = getattr(route, "path", None), getattr(route, "methods", None)
        if path and methods:
            out.append((compile_path(path)[0], set(methods)))
        elif path and isinstance(getattr(route, "route", route), Mount):  # /static: its files
            out.append((compile_path(path + "/{rest:path}")[0], {"GET"}))
    return out


def allowed_methods(app: Any, path: str) -> set[str]:
    """The methods the app serves at path (HEAD with GET, OPTIONS with any); empty when no route matches."""
    if not hasattr(app.state, "methods_by_path"):
        app.state.methods_by_path = methods_by_path(app.routes)
    found: set[str] = set().union(*(m for rx, m in app.state.methods_by_path if rx.match(path)))
    if "GET" in found:
        found.add("HEAD")
    return found | {"OPTIONS"} if found else found


class Manners:
    """ASGI middleware: the security headers on every response; HEAD as GET without a body; OPTIONS answered."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        method = scope["method"]
        if method == "OPTIONS":
            allowed = allowed_methods(scope["app"], scope["path"]) if "app" in scope else set()
            if allowed:
                headers = [(b"allow", ", ".join(sorted(allowed)).encode()), (b"content-length", b"0")]
                await send_with_headers({"type": "http.response.start", "status": 204, "headers": headers})
                await send({"type": "http.response.body", "body": b""})
                return
        if method == "HEAD":

            async def send_no_body(message: Message) -> None:
                if message["type"] == "http.response.body":
                    message = {**message, "body": b""}
                await send_with_headers(message)

            await self.app({**scope, "method": "GET"}, receive, send_no_body)
            return
        await self.app(scope, receive, send_with_headers)
