"""API latency: `jumys serve` on the loopback over a benchmarked store, 50 concurrent clients per endpoint.

Bounded in count and time: REQUESTS per endpoint (or SECONDS, whichever comes first), loopback
only, and the server is stopped at the end whatever happens. Every URL is asked once before the
clock starts, so the steady state is measured: answers the server keeps included (for
CACHE_SECONDS, against the server's default of 10 s, so that the run takes seconds). Project detail
is measured twice more: when every answer has expired (given as it is while computed again behind
it) and cold (nothing kept: fifty projects computed at once). Each project detail is audited, a
write per request. The clients run in this process on the same cores as the server. Prints one
JSON line: p50, p95 and max in milliseconds and requests per second per endpoint.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

CLIENTS = 50
REQUESTS = int(os.environ.get("BENCH_API_REQUESTS", "2000"))
SECONDS = 30.0
HOST = "127.0.0.1"
SERVE = "from jumys.cli.main import app; app()"  # the `jumys` command of this interpreter
KEY = "bench-key-0123456789abcdef0123456789abcdef"
CACHE_SECONDS = float(os.environ.get("BENCH_API_CACHE_SECONDS", "2"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def prepare(home: Path, as_of: str, url: str | None = None) -> str:
    """Scorecards and alerts at as_of (the verify step stores only projects) and a ministry token; url: the
    PostgreSQL store's, else the embedded store at home."""
    from jumys.access.service import add_user, issue_token, user_exists
    from jumys.config import Settings
    from jumys.projects.service import run_verification
    from jumys.reference.regions import region_codes
    from jumys.storage.engine import make_engine
    from jumys.storage.revisions import upgrade

    engine = make_engine(settings=Settings(home=home, database_url=url, pseudonym_key=KEY))
    upgrade(engine)
    with engine.begin() as conn:
        run_verification(conn, dt.date.fromisoformat(as_of))
        if not user_exists(conn, "bench"):
            add_user(conn, "bench", "ministry", known_regions=region_codes())
        token = issue_token(conn, "bench", days=1)
    engine.dispose()
    return token


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """One keep-alive HTTP/1.1 GET on an open connection; its status."""
    writer.write(request)
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    await reader.readexactly(length)
    return status


async def _hammer(port: int, token: str, paths: list[str]) -> dict[str, Any]:
    """CLIENTS connections share REQUESTS requests over paths (round robin); latency of each in ms.

    The timing loop speaks HTTP/1.1 itself: httpx spends about 2 ms of CPU a request, which on two
    cores shared with the server made the client, not the server, the thing measured.
    """
    latencies: list[float] = []
    failures = 0
    counter = iter(range(REQUESTS))
    deadline = time.perf_counter() + SECONDS
    requests = [
        f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nAuthorization: Bearer {token}\r\n\r\n".encode()
        for path in paths
    ]

    async def client() -> None:
        nonlocal failures
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            for i in counter:
                if time.perf_counter() > deadline:
                    return
                t = time.perf_counter()
                try:
                    status = await _get(reader, writer, requests[i % len(requests)])
                except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                    failures += 1
                    writer.close()
                    reader, writer = await asyncio.open_connection(HOST, port)
                    continue
                latencies.append(1000 * (time.perf_counter() - t))
                if status != 200:
                    failures += 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    elapsed = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "failures": failures,
        "p50_ms": statistics.median(latencies),
        "p95_ms": _percentile(latencies, 0.95),
        "max_ms": max(latencies),
        "rps": len(latencies) / elapsed,
    }


async def _measure(port: int, token: str, as_of: str) -> dict[str, Any]:
    base = f"http://{HOST}:{port}"
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as client:
        page = (await client.get("/api/v1/projects", params={"as_of": as_of, "limit": 50})).json()
        projects = [p["project_id"] for p in page["items"]] or ["none"]
        cards = (await client.get("/api/v1/scorecards", params={"as_of": as_of})).json()["items"]
        regions = [c["kato2"] for c in cards] or ["75"]
        endpoints = {
            "map": [f"/api/v1/map?as_of={as_of}"],
            "scorecards": [f"/api/v1/scorecards?as_of={as_of}"],
            "region overview": [f"/api/v1/regions/{r}?as_of={as_of}" for r in regions],
            "projects list": [f"/api/v1/projects?as_of={as_of}&region={r}&limit=25" for r in regions],
            "project detail": [f"/api/v1/projects/{p}?as_of={as_of}" for p in projects],
            "alerts": [f"/api/v1/alerts?as_of={as_of}&region={r}" for r in regions],
        }
        only = os.environ.get("BENCH_API_ONLY")
        if only:  # one endpoint alone, e.g. project detail with the audit committed in the store
            endpoints = {only: endpoints[only]}
        figures = {}
        for name, paths in endpoints.items():
            await _warm(client, paths)
            figures[name] = await _hammer(port, token, paths)
        if only:
            return figures
        details = endpoints["project detail"]
        # every answer expired but still kept: given as it is while computed again, one at a time
        await _warm(client, details)
        await asyncio.sleep(CACHE_SECONDS + 0.2)
        figures["detail, expired"] = await _hammer(port, token, details)
        # nothing kept: fifty projects computed at once, the first time they are asked for
        await asyncio.sleep(2 * CACHE_SECONDS + 0.2)
        figures["detail, cold"] = await _hammer(port, token, details)
    return figures


async def _warm(client: httpx.AsyncClient, paths: list[str]) -> None:
    """Ask each path once, one at a time: what follows measures the steady state."""
    for path in paths:
        await client.get(path)


@contextmanager
def serving(home: Path, log_name: str, env: dict[str, str], url: str | None = None) -> Iterator[int]:
    """`jumys serve` over the store at home (or at url, PostgreSQL's) on a free loopback port (with env), until
    it answers; its port. Stopped at the end whatever happens; its output goes to home/log_name."""
    port = _free_port()
    env = os.environ | {"JUMYS_HOME": str(home), "JUMYS_PSEUDONYM_KEY": KEY} | env
    env.pop("JUMYS_DATABASE_URL", None)
    if url:
        env["JUMYS_DATABASE_URL"] = url
    log = (home / log_name).open("wb")  # a file, not a pipe: a full pipe would stall the server
    server = subprocess.Popen(
        [sys.executable, "-c", SERVE, "serve", "--host", HOST, "--port", str(port)],
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    try:
        deadline = time.perf_counter() + 60
        while True:
            if server.poll() is not None:
                raise SystemExit(f"jumys serve stopped: see {home / log_name}")
            try:
                if httpx.get(f"http://{HOST}:{port}/api/v1/session", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.perf_counter() > deadline:
                raise SystemExit("jumys serve did not answer within 60 s")
            time.sleep(0.2)
        yield port
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def measure(home: Path, as_of: str, url: str | None = None) -> dict[str, Any]:
    """Serve the store at home (or at url) on a loopback port, measure every endpoint, stop the server."""
    token = prepare(home, as_of, url)
    with serving(home, "serve.log", {"JUMYS_API_CACHE_SECONDS": str(CACHE_SECONDS)}, url) as port:
        endpoints = asyncio.run(_measure(port, token, as_of))
    return {"clients": CLIENTS, "cache_seconds": CACHE_SECONDS, "endpoints": endpoints}


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)))
