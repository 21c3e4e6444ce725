"""The routes an app serves, as the tests that go through every one of them enumerate them."""

from __future__ import annotations

from typing import Any

from fastapi.routing import APIRoute


def app_routes(app: Any) -> set[tuple[str, str]]:
    """(method, path) of every route of the API and the pages the app serves (HEAD left out)."""
    try:
        from fastapi.routing import iter_route_contexts

        contexts = list(iter_route_contexts(app.routes))
    except ImportError:  # older FastAPI: routes are flat
        contexts = [r for r in app.routes if isinstance(r, APIRoute)]
    return {
        (method, route.path)
        for route in contexts
        for method in route.methods or ()
        if method != "HEAD" and route.path
    }
