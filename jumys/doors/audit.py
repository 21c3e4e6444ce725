"""Audited reads, written in groups: a request's answer leaves only after its audit line is committed.

One thread writes every pending line in one statement and one transaction, so fifty readers at once
cost one commit rather than fifty, and no answer is ever sent whose reading was not recorded first.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import Any

import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.access.service import audit_line, record_audit_lines


class AuditWriter:
    """A queue of audit lines and the thread that commits them in groups."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self._pending: list[tuple[dict[str, Any], Future[None]]] = []
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopping = False

    def write(
        self, p: Principal, action: str, resource: str, detail: dict[str, Any] | None = None
    ) -> Future[None]:
        """Queue a line; the future is done when it is committed (or failed, with the reason)."""
        done: Future[None] = Future()
        with self._wake:
            if self._thread is None:  # the thread clears this itself, under the lock, as it ends
                self._stopping = False
                self._thread = threading.Thread(target=self._run, name="jumys-audit", daemon=True)
                self._thread.start()
            self._pending.append((audit_line(p, action, resource, detail), done))
            self._wake.notify()
        return done

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._pending and not self._stopping:
                    self._wake.wait()
                if not self._pending:
                    self._thread = None
                    return
                batch, self._pending = self._pending, []
            try:
                with self.engine.begin() as conn:
                    record_audit_lines(conn, [line for line, _ in batch])
            except Exception as e:  # every waiting reader is told: none gets its answer unaudited
                for _, done in batch:
                    done.set_exception(e)
            else:
                for _, done in batch:
                    done.set_result(None)

    def stop(self) -> None:
        """Write what is queued, then let the thread end (a later write starts it again)."""
        with self._wake:
            self._stopping = True
            self._wake.notify()
            thread = self._thread
        if thread is not None:
            thread.join(timeout=30)
