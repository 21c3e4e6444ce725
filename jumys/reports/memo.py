"""Rows of a read model's heavy SQL, kept until the registries change.

The registries change only when a batch is applied, and each applied batch adds a row to the ledger
(`batches`). A computation kept under what it was asked and the ledger's state (its rows, its newest
batch and when that was applied) is therefore right until the next batch, whichever process applies
it: the ledger is read (one small query) before every use. Kept per store (its URL), at most
`max_entries` computations, the least recently used forgotten first; one computation of a key at a
time, the others asking for it waiting for its answer.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import sqlalchemy as sa

from jumys.registry.tables import batches

T = TypeVar("T")


def ledger_stamp(conn: sa.Connection) -> tuple[Any, ...]:
    """The state of the batch ledger: how many batches, the newest one and when it was applied."""
    b = batches.c
    row = conn.execute(sa.select(sa.func.count(), sa.func.max(b.batch_no), sa.func.max(b.ingested_at))).one()
    return tuple(row)


class Memo:
    """Computations kept per store, key and state of the batch ledger (thread-safe)."""

    def __init__(self, max_entries: int = 32) -> None:
        self.max_entries = max_entries
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}

    def get(self, conn: sa.Connection, key: Hashable, compute: Callable[[], T]) -> T:
        """The value kept for key in conn's store at the ledger's present state, computed when there is none."""
        full = (conn.engine.url.render_as_string(hide_password=True), key, ledger_stamp(conn))
        with self._lock:
            if full in self._items:
                self._items.move_to_end(full)
                return self._items[full]  # type: ignore[no-any-return]
            one = self._computing.setdefault(full, threading.Lock())
        with one:  # another thread computing the same key: wait for it, then take its value
            with self._lock:
                if full in self._items:
                    return self._items[full]  # type: ignore[no-any-return]
            try:
                value = compute()
            except BaseException:
                with self._lock:
                    self._computing.pop(full, None)
                raise
            with self._lock:
                self._computing.pop(full, None)
                self._items[full] = value
                self._items.move_to_end(full)
                while len(self._items) > self.max_entries:
                    self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget everything kept."""
        with self._lock:
            self._items.clear()
