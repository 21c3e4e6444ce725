"""The Door: the state both faces share (store, settings, write lock, memories, audit, jobs), one per app."""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import sqlalchemy as sa
from starlette.requests import HTTPConnection

from jumys.config import Settings
from jumys.doors import messages as M
from jumys.doors.audit import AuditWriter
from jumys.doors.cache import TTLCache
from jumys.doors.live import Reverifier
from jumys.doors.runs import Runner
from jumys.errors import JumysError
from jumys.reports.map_cells import GridMemory
from jumys.storage.jobs import JobKind

T = TypeVar("T")


@dataclass
class Door:
    """One store served: what every request of the API and of the pages reaches through door_of."""

    settings: Settings
    engine: sa.Engine
    write_lock: threading.Lock
    answers: TTLCache  # answers of the read models given a moment ago (the API's)
    principals: TTLCache  # tokens and sessions resolved a moment ago
    auditor: AuditWriter
    runner: Runner
    reverifier: Reverifier  # the events' projects verified again (jumys/doors/live.py)
    # how long a request of events waits for the write lock before it is refused with 429: behind one other
    # request and the verification after it (a test holding the lock shortens it)
    events_wait_seconds: float = 3.0
    grids: GridMemory = field(default_factory=GridMemory)  # the map's places of a run, and the runs
    flights: dict[Any, asyncio.Future[Any]] = field(default_factory=dict)  # work under way, by key
    refresh_turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = field(
        default_factory=weakref.WeakKeyDictionary
    )

    def forget_answers(self) -> None:
        """The store was written to: no answer given before holds."""
        self.answers.clear()
        self.grids.clear()

    def close(self) -> None:
        """Let the running job finish and write what the audit queue holds."""
        self.reverifier.stop()
        self.runner.shutdown()
        self.auditor.stop()

    def once(self, key: Any, work: Callable[[], Coroutine[Any, Any, T]]) -> asyncio.Future[T]:
        """work's result, started unless the same key is already under way on this loop: however many ask
        at once, the store is read once (a key begun before the store was written to differs by generation)."""
        if self.under_way(key):
            return self.flights[key]
        flight = asyncio.ensure_future(work())
        self.flights[key] = flight
        flights = self.flights

        def landed(done: asyncio.Future[Any]) -> None:
            if flights.get(key) is done:
                del flights[key]
            if not done.cancelled():
                done.exception()  # retrieved: a failure nobody waited for is not reported as lost

        flight.add_done_callback(landed)
        return flight

    def under_way(self, key: Any) -> bool:
        """True when work for key was started by once on this loop and has not ended."""
        flight = self.flights.get(key)
        return flight is not None and not flight.done() and flight.get_loop() is asyncio.get_running_loop()


def open_door(settings: Settings, engine: sa.Engine, kinds: Iterable[JobKind]) -> Door:
    """A Door over engine, running jobs of kinds; jobs left by a killed process of this host marked failed."""
    write_lock = threading.Lock()
    answers = TTLCache(settings.api_cache_seconds)
    grids = GridMemory(seconds=settings.api_cache_seconds)

    def written() -> None:
        answers.clear()
        grids.clear()

    runner = Runner(engine, write_lock, {k.name: k for k in kinds}, on_write=written)
    runner.recover()
    return Door(
        settings=settings,
        engine=engine,
        write_lock=write_lock,
        answers=answers,
        principals=TTLCache(settings.api_cache_seconds),
        auditor=AuditWriter(engine, journal=settings.home / "audit" if settings.audit_journal else None),
        runner=runner,
        # on PostgreSQL the events' projects are verified again beside the events' writes (jumys/doors/live.py)
        reverifier=Reverifier(
            engine, write_lock if engine.dialect.name == "duckdb" else threading.Lock(), on_write=written
        ),
        grids=grids,
    )


def door_of(request: HTTPConnection) -> Door:
    """The Door of the app serving request."""
    door = getattr(request.app.state, "door", None)
    if not isinstance(door, Door):
        raise JumysError(M.NO_STORE, 500)
    return door
