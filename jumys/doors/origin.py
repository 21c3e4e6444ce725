"""Writes from another site's pages are refused: a check of the Origin (or Referer) header.

The session cookie is SameSite=Lax, so a modern browser does not send it with another site's POST.
This check adds what Lax leaves open: the sign-in form (which needs no cookie, and could sign a
visitor in under someone else's name), and browsers that do not honour SameSite. Requests without
either header (machines with tokens, curl) are let through: they carry no one's cookie by accident.
A proxy in front must pass the Host it was asked for, as Host or X-Forwarded-Host.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


class SameOriginWrites:
    """ASGI middleware: a write whose Origin or Referer names another host than Host gets 403."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in SAFE and _foreign(scope):
            body = json.dumps({"error": "a write from another site's page is refused"}).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 403,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)


def _foreign(scope: Scope) -> bool:
    headers = dict(scope["headers"])
    source = headers.get(b"origin") or headers.get(b"referer")
    if source is None:
        return False
    # the host asked for, and the one a proxy in front says it was asked for (it may rewrite Host)
    hosts = {
        headers.get(name, b"").decode("latin-1").split(",")[0].strip().lower()
        for name in (b"host", b"x-forwarded-host")
    }
    # "null" (a sandboxed page, a redirect across sites) has no host and is never this site
    netloc = urlsplit(source.decode("latin-1")).netloc.lower()
    return not netloc or netloc not in hosts
