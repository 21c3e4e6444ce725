"""Events in seconds: `jumys serve` over a store, a sustained 1,000 events/s, and the time until they show.

Bounded: SECONDS requests, one a second (BENCH_EVENTS_SECONDS, default 20), loopback only, the server stopped at the end
whatever happens. The sender posts one request of 1,000 events a second to POST /api/v1/events: new hires
(a contract and its payroll rows for the three months before the as-of date) at the operators of the
store's projects, built like the synthetic batch's rows. The first event of each request is sampled: the
time (asked every 0.2 s) from the request's start until GET /api/v1/projects/{id} and the project's page both show a
verification that includes it (data_batch_no at least the batch that applied it; the project is verified
again only after the events commit, so the figure means the verified numbers count the event). Half-way
the server is killed (SIGKILL) and started again; the sender sends the same events again (same ids) until
answered. At the end the events stored are counted against those sent: nothing lost, nothing doubled.
The sender and watchers run in this process, on the cores the server uses. Prints one JSON line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from bench.event_hires import PAYROLL_MONTHS, Hiring, hiring
from jumys.config import Settings

HOST = "127.0.0.1"
SERVE = "from jumys.cli.main import app; app()"  # the `jumys` command of this interpreter
KEY = "bench-key-0123456789abcdef0123456789abcdef"
PASSWORD = "bench-events-password-1"
POLL_SECONDS = 0.2  # how often the watcher asks: each ask is a request the server serves beside the events


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def prepare(settings: Settings, as_of: dt.date) -> tuple[Hiring, str]:
    """The store at the newest schema, verified at as_of (scorecards and alerts too) unless it was, a
    ministry user with a password (the pages) and a token (the API)."""
    from jumys.access.service import add_user, issue_token, user_exists
    from jumys.projects.service import run_verification
    from jumys.projects.tables import verification_runs
    from jumys.reference.regions import region_codes
    from jumys.storage.engine import make_engine
    from jumys.storage.revisions import upgrade

    engine = make_engine(settings=settings)
    upgrade(engine)
    with engine.begin() as conn:
        runs = verification_runs.c
        if not conn.execute(sa.select(runs.as_of).where(runs.as_of == as_of)).first():
            run_verification(conn, as_of)
        if not user_exists(conn, "bench-events"):
            add_user(conn, "bench-events", "ministry", known_regions=region_codes(), password=PASSWORD)
        token = issue_token(conn, "bench-events", days=1)
    found = hiring(engine, as_of)
    engine.dispose()
    return found, token


class Server:
    """`jumys serve` on a fixed loopback port, which can be killed and started again."""

    def __init__(self, settings: Settings) -> None:
        self.port = _free_port()
        self.env = os.environ | {"JUMYS_HOME": str(settings.home), "JUMYS_PSEUDONYM_KEY": KEY}
        self.env.pop("JUMYS_DATABASE_URL", None)
        if settings.database_url:
            self.env["JUMYS_DATABASE_URL"] = settings.database_url
        self.log = settings.home / "bench-events-serve.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Where it answers."""
        return f"http://{HOST}:{self.port}"

    def start(self) -> float:
        """Start it and wait until it answers; seconds that took."""
        t = time.perf_counter()
        with self.log.open("ab") as log:  # a file, not a pipe: a full pipe would stall the server
            self.process = subprocess.Popen(
                [sys.executable, "-c", SERVE, "serve", "--host", HOST, "--port", str(self.port)],
                env=self.env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        while True:
            if self.process.poll() is not None:
                raise SystemExit(f"jumys serve stopped: see {self.log}")
            try:
                if httpx.get(f"{self.url}/api/v1/session", timeout=1).status_code == 200:
                    return time.perf_counter() - t
            except httpx.HTTPError:
                pass
            time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush, as a crash."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        """Stop it as an operator would (SIGTERM), killing it if it does not stop."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()


@dataclass
class Sample:
    """One sampled event: its project, when its request started, the batch that applied it, when it showed."""

    project_id: str
    sent_at: float
    batch_no: int | None = None
    api_at: float | None = None
    page_at: float | None = None


@dataclass
class Tally:
    """What the sender did."""

    requests: int = 0
    events: int = 0
    busy: int = 0  # answers 429
    failed: int = 0  # no answer: the server was down
    answered: list[float] = field(default_factory=list)  # seconds each 200 took
    restart_s: float = 0.0  # from the kill until the server answered again
    killed_at: float = float("inf")
    started: float = field(default_factory=time.perf_counter)
    ended: float = 0.0
    back_at: float = float("inf")
    samples: list[Sample] = field(default_factory=list)


def send(
    server: Server, token: str, found: Hiring, run: str, seconds: float, kill_at: float, tally: Tally
) -> None:
    """One request of 1,000 events a second for `seconds`, each sent again until answered 200; the server
    killed and restarted once at kill_at seconds. Samples go to tally.samples as they are answered."""
    headers = {"Authorization": f"Bearer {token}"}
    start = time.perf_counter()
    killed = False
    with httpx.Client(base_url=server.url, headers=headers, timeout=60) as client:
        k = 0
        while (
            k < seconds
        ):  # one request a second: those due while the server was down are sent when it is back
            due = start + k
            time.sleep(max(0.0, due - time.perf_counter()))
            events, pid = found.events(run, k)
            sample = Sample(pid, time.perf_counter())
            while True:
                if not killed and time.perf_counter() - start >= kill_at:
                    tally.killed_at = time.perf_counter()
                    server.kill()
                    killed = True
                    threading.Thread(target=_restart, args=(server, tally), daemon=True).start()
                try:
                    asked = time.perf_counter()
                    r = client.post("/api/v1/events", json={"events": events})
                except httpx.HTTPError:
                    tally.failed += 1
                    time.sleep(0.2)
                    continue
                if r.status_code == 429:
                    tally.busy += 1
                    time.sleep(float(r.headers.get("Retry-After", "1")))
                    continue
                r.raise_for_status()
                tally.answered.append(time.perf_counter() - asked)
                break
            body = r.json()
            statuses = [e["status"] for e in body["events"]]
            if statuses[0] == "applied":  # sent again after a lost answer: its batch is not this answer's
                sample.batch_no = body["batch_no"]
                tally.samples.append(sample)
            tally.requests += 1
            tally.events += len(events)
            k += 1


def _restart(server: Server, tally: Tally) -> None:
    tally.restart_s = server.start()
    tally.back_at = time.perf_counter()


class Watch:
    """The watcher's orders: the samples to follow, and when to give up after the sender stopped."""

    def __init__(self, samples: list[Sample]) -> None:
        self.samples = samples
        self.deadline = float("inf")

    def over(self) -> bool:
        """Every sample shown, or the deadline passed."""
        if time.perf_counter() > self.deadline:
            return True
        return self.deadline < float("inf") and all(s.page_at is not None for s in self.samples)


def watch(server: Server, token: str, orders: Watch) -> None:
    """Ask the API and the page of each sampled project, every 200 ms, until they show the sample's batch."""
    api = httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    page = httpx.Client(base_url=server.url, timeout=30)
    signed_in = False
    try:
        while not orders.over():
            time.sleep(POLL_SECONDS)
            waiting = [s for s in list(orders.samples) if s.batch_no is not None and s.page_at is None]
            try:
                if not signed_in:
                    login = {"username": "bench-events", "password": PASSWORD}
                    page.post("/login", data=login, headers={"Origin": server.url})
                    signed_in = True
                for s in waiting:
                    if s.api_at is None and _api_batch(api, s.project_id) >= (s.batch_no or 0):
                        s.api_at = time.perf_counter()
                    if s.api_at is not None and _page_batch(page, s.project_id) >= (s.batch_no or 0):
                        s.page_at = time.perf_counter()
            except httpx.HTTPError:  # the server is down a moment: ask again
                signed_in = False
    finally:
        api.close()
        page.close()


def _api_batch(client: httpx.Client, pid: str) -> int:
    r = client.get(f"/api/v1/projects/{pid}")
    return int(r.json().get("data_batch_no") or 0) if r.status_code == 200 else 0


def _page_batch(client: httpx.Client, pid: str) -> int:
    r = client.get(f"/projects/{pid}")
    marker = '<dd id="data-batch">'
    at = r.text.find(marker)
    if r.status_code != 200 or at < 0:
        return 0
    return int(r.text[at + len(marker) : r.text.find("<", at + len(marker))] or 0)


def stored(settings: Settings, run: str) -> dict[str, int]:
    """The run's events, contracts and payroll rows in the store."""
    from jumys.storage.engine import make_engine

    engine = make_engine(settings=settings)
    with engine.connect() as conn:
        counts = {
            name: conn.execute(
                sa.text(f"SELECT count(*) FROM {name} WHERE {column} LIKE :p"), {"p": like}
            ).scalar_one()
            for name, column, like in (
                ("events", "event_id", f"bench-{run}-%"),
                ("contracts", "contract_id", f"EV{run}%"),
            )
        }
    engine.dispose()
    return {k: int(v) for k, v in counts.items()}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(home: Path, url: str | None, as_of: str, seconds: float | None = None) -> dict[str, Any]:
    """Run the bench over the store at home (or url); the figures."""
    seconds = seconds or float(os.environ.get("BENCH_EVENTS_SECONDS", "20"))
    settings = Settings(home=home, database_url=url, pseudonym_key=KEY)
    found, token = prepare(settings, dt.date.fromisoformat(as_of))
    run = f"{int(time.time()) % 100000:05d}"
    server = Server(settings)
    server.start()
    tally = Tally()
    orders = Watch(tally.samples)
    watcher = threading.Thread(target=watch, args=(server, token, orders), daemon=True)
    try:
        watcher.start()
        send(server, token, found, run, seconds, seconds / 2, tally)
        tally.ended = time.perf_counter()
        orders.deadline = time.perf_counter() + 60
        watcher.join()
    finally:
        server.stop()
    shown = [s for s in tally.samples if s.page_at is not None]
    latency = [max(s.api_at or 0, s.page_at or 0) - s.sent_at for s in shown]
    api = [(s.api_at or 0) - s.sent_at for s in shown]
    # the samples the restart did not touch: shown before the kill, or sent after the server was back
    steady = [
        max(s.api_at or 0, s.page_at or 0) - s.sent_at
        for s in shown
        if (s.page_at or 0) < tally.killed_at or s.sent_at > tally.back_at
    ]
    count = stored(settings, run)
    hires = tally.events // (1 + PAYROLL_MONTHS)
    return {
        "engine": "postgresql" if url else "duckdb",
        "seconds": seconds,
        "requests": tally.requests,
        "events_sent": tally.events,
        "events_per_second": tally.events / seconds,
        "sending_s": round(tally.ended - tally.started, 1),
        "events_per_second_up": tally.events / max(1e-9, tally.ended - tally.started - tally.restart_s),
        "events_stored": count["events"],
        "hires_sent": hires,
        "contracts_stored": count["contracts"],
        "answers_429": tally.busy,
        "tries_without_answer": tally.failed,
        "request_p50_s": statistics.median(tally.answered) if tally.answered else None,
        "request_max_s": max(tally.answered) if tally.answered else None,
        "restart_s": tally.restart_s,
        "samples": len(tally.samples),
        "samples_shown": len(shown),
        "p50_s": statistics.median(latency) if latency else None,
        "p95_s": _percentile(latency, 0.95) if latency else None,
        "max_s": max(latency) if latency else None,
        "steady_p50_s": statistics.median(steady) if steady else None,
        "steady_p95_s": _percentile(steady, 0.95) if steady else None,
        "killed_at_s": round(tally.killed_at - tally.started, 1),
        "timeline": [  # each sample: seconds since the start when sent, and until shown
            (round(s.sent_at - tally.started, 1), round(max(s.api_at or 0, s.page_at or 0) - s.sent_at, 2))
            for s in shown
        ],
        "api_p50_s": statistics.median(api) if api else None,
        "api_p95_s": _percentile(api, 0.95) if api else None,
    }


if __name__ == "__main__":
    home_arg, url_arg, as_of_arg = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    print(json.dumps(main(home_arg, None if url_arg == "-" else url_arg, as_of_arg)))
