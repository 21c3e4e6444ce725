"""The events' projects verified again in the background, right after the events are applied.

A request of events answers as soon as its transaction commits; the BINs it named wait in verify_queue, in
the store (jumys/projects/live.py). One thread per served store takes what waits and verifies those projects
again in one transaction. On the embedded store it holds the write lock meanwhile (DuckDB writes one
transaction at a time here); on PostgreSQL it does not, so that events go on being applied while it runs: it
reads one snapshot and waits only for another verification (jumys/projects/live.py, one_snapshot). It is
woken by every request that applied events and looks at the queue when it starts, so that what a killed
server left waiting is verified by the next one. A failure is logged and tried again a moment later: the
queue keeps the BINs until a verification of them commits.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from jumys.projects.live import one_snapshot, verify_queued

log = logging.getLogger(__name__)
RETRY_SECONDS = 5.0


class Reverifier:
    """One thread that verifies again what verify_queue names, whenever woken."""

    def __init__(
        self, engine: sa.Engine, lock: threading.Lock, on_write: Callable[[], None] | None = None
    ) -> None:
        self.engine = engine
        self.lock = lock  # the store's write lock on DuckDB; on PostgreSQL one of its own (see the module)
        self.on_write = on_write or (lambda: None)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._failed = False  # the last try failed: try again after RETRY_SECONDS
        self.last: dict[str, Any] | None = None  # what the last verification did

    def start(self) -> None:
        """Start the thread; it looks at the queue at once."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="jumys-reverify", daemon=True)
            self._wake.set()
            self._thread.start()

    def wake(self) -> None:
        """Events were applied: verify again what they named."""
        self._wake.set()

    def stop(self) -> None:
        """Let a verification under way end, then stop."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def run_once(self) -> dict[str, Any] | None:
        """Verify again what waits in the queue now, under the write lock; None when nothing waited."""
        with self.lock, one_snapshot(self.engine) as conn:
            done = verify_queued(conn)
        if done is not None:
            self.last = done
            self.on_write()
        return done

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(timeout=RETRY_SECONDS if self._failed else None)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                self.run_once()
                self._failed = False
            except Exception:  # the queue keeps the BINs: tried again a moment later
                log.exception("verifying the events' projects again failed; trying again")
                self._failed = True
