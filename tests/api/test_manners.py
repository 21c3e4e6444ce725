"""Every answer of the app, API or page: security headers; HEAD as GET without a body; OPTIONS with Allow."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from jumys.doors.manners import CSP
from tests.api.conftest import API, bearer
from tests.reports.world import World


def _paths(app: Any, world: World) -> list[tuple[str, set[str]]]:
    """Every route of the app (API, pages, schema, docs, static files) as a path to ask, with its methods."""
    from fastapi.routing import iter_route_contexts

    values = {
        "project_id": next(iter(world.projects.values())),
        "kato2": "75",
        "region": "75",
        "bin": next(iter(world.bins.values())),
        "run_id": "nope",
        "batch_id": "nope",
        "application_id": "nope",
    }
    out = []
    for route in iter_route_contexts(app.routes):
        if route.methods is None:  # the static files' mount
            out.append((f"{route.path}/app.js", {"GET"}))
            continue
        path = re.sub(r"\{(\w+)(:\w+)?\}", lambda m: values[m.group(1)], route.path)
        out.append((path, set(route.methods)))
    return out


def test_every_route_answers_head_like_get_and_options_with_its_methods(
    client: TestClient, world: World
) -> None:
    """HEAD gives GET's status and headers and no body; OPTIONS gives 204 and every method of the path."""
    headers = bearer(world, "ministry")
    paths = _paths(client.app, world)
    assert len(paths) > 20
    wrong = []
    for path, methods in paths:
        if "GET" in methods:
            got, head = client.get(path, headers=headers), client.head(path, headers=headers)
            if (head.status_code, head.content) != (got.status_code, b""):
                wrong.append(("HEAD", path, head.status_code, got.status_code, head.content[:80]))
            elif head.headers.get("content-type") != got.headers.get("content-type"):
                wrong.append(
                    ("HEAD", path, head.headers.get("content-type"), got.headers.get("content-type"))
                )
        options = client.options(path, headers=headers)
        allowed = set(options.headers.get("allow", "").split(", "))
        want = methods | {"OPTIONS"} | ({"HEAD"} if "GET" in methods else set())
        if options.status_code != 204 or not want <= allowed:
            wrong.append(("OPTIONS", path, options.status_code, sorted(allowed), sorted(want)))
    assert not wrong, wrong


def test_every_answer_carries_the_security_headers(client: TestClient, world: World) -> None:
    """Pages, API answers, errors, static files and refused writes: CSP with frame-ancestors, nosniff, Referrer."""
    answers = [
        client.get("/"),
        client.get("/login"),
        client.get(f"{API}/map"),
        client.get(f"{API}/projects"),  # 401
        client.get(f"{API}/map", params={"as_of": "soon"}),  # 422
        client.get("/no/such/page"),  # 404
        client.get("/static/app.js"),
        client.get(f"{API}/docs"),
        client.post(f"{API}/session", json={}, headers={"Origin": "https://evil.example"}),  # 403
        client.options(
            f"{API}/map", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}
        ),
    ]
    for r in answers:
        assert r.headers.get("content-security-policy") == CSP, r.url
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert r.headers.get("x-content-type-options") == "nosniff", r.url
        assert r.headers.get("referrer-policy") == "same-origin", r.url
        assert r.headers.get("x-frame-options") == "DENY", r.url
    assert answers[8].status_code == 403
    preflight = answers[-1]
    assert preflight.status_code == 204 and "access-control-allow-origin" not in preflight.headers
    assert "script-src 'self'" in CSP and "unsafe-eval" not in CSP


def test_no_page_loads_anything_from_another_host(client: TestClient, world: World) -> None:
    """The docs and every page name scripts, styles, images and links to load only on the app's own host."""
    external = re.compile(r"""(?:src|href|url)\s*[=(]\s*["']?\s*(?:https?:)?//""", re.I)
    paths = [f"{API}/docs", "/", "/login", "/regions/75", "/alerts", "/upload"]
    for path in paths:
        r = client.get(path, headers=bearer(world, "ministry"))
        assert r.status_code == 200, path
        assert not external.search(r.text), (path, external.findall(r.text))
    docs = client.get(f"{API}/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs and "<script>" not in docs
    for asset in (
        "/static/vendor/swagger-ui/swagger-ui-bundle.js",
        "/static/vendor/swagger-ui/swagger-ui.css",
    ):
        assert client.get(asset).status_code == 200
