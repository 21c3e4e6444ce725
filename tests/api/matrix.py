"""The frame of the authorization matrix (tests/api/test_matrix.py): the roles, one request as each of them,
and the statuses it must get; the rows themselves are in matrix_projects.py, matrix_safety.py and
matrix_people.py, by domain."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi.testclient import TestClient

from tests.api.conftest import API, bearer
from tests.reports.world import World
from tests.routes import app_routes

WHO = (
    "anonymous",
    "public_user",
    "ministry",
    "inspector",
    "akimat75",
    "akimat11",
    "investor_a",
    "investor_b",
)
SEES_PROJECTS = {
    "ministry": {"A75", "B75", "B11"},
    "inspector": {"A75", "B75", "B11"},
    "akimat75": {"A75", "B75"},
    "akimat11": {"B11"},
    "investor_a": {"A75"},
    "investor_b": {"B75", "B11"},
}
Check = Callable[[str, Any], None]


@dataclass
class Case:
    """One request, the status each role must get, and what it must (not) see in the body."""

    method: str
    route: str  # the route's path template
    expect: dict[str, int]
    values: dict[str, str] = field(default_factory=dict)
    request: dict[str, Any] = field(default_factory=dict)
    check: Check | None = None

    def send(self, client: TestClient, world: World, who: str) -> httpx.Response:
        """The request as who."""
        request = dict(self.request)
        if callable(request.get("json")):
            request["json"] = request["json"](who)
        headers = bearer(world, who)
        client.cookies.clear()
        return client.request(self.method, API + self.route.format(**self.values), headers=headers, **request)


def everyone(code: int = 200, **over: int) -> dict[str, int]:
    """Every role gets code (overrides by role)."""
    return dict.fromkeys(WHO, code) | over


def signed_in(code: int = 200, **over: int) -> dict[str, int]:
    """The anonymous public must sign in, a public user is refused, the others get code."""
    return everyone(code, anonymous=401, public_user=403) | over


def ministry_only(code: int) -> dict[str, int]:
    """Writes: the ministry gets code, anyone else is refused."""
    return everyone(403, anonymous=401, ministry=code)


def count(body: Any, n: int) -> None:
    assert len(body) == n


def only(items: list[dict[str, Any]], expected: set[str]) -> None:
    assert {i["project_id"] for i in items} == expected


def api_routes(app: Any) -> set[tuple[str, str]]:
    """(method, path under /api/v1) of every API endpoint the app serves, the schema and docs left out."""
    return {
        (method, path[len(API) :])
        for method, path in app_routes(app)
        if path.startswith(API) and not path.endswith(("/openapi.json", "/docs"))
    }
