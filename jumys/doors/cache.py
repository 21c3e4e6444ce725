"""Short-lived memory of the API: answers of the read models and resolved tokens and sessions.

The facts behind an answer change only when a batch is applied or a date is verified again: the
app forgets every answer when it writes, and every entry expires after JUMYS_API_CACHE_SECONDS in
any case (another process may write to a PostgreSQL store, or disable a user); an expired answer
may still be given, once, while the same request computes it again. An answer is kept
per scope (role, region, BINs) and request, never per person, so it is the one the SQL gave that
scope; reads that are audited are audited every time, cached or not.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any


class TTLCache:
    """A thread-safe map whose entries expire after a number of seconds (0: keeps nothing)."""

    def __init__(self, seconds: float, max_entries: int = 4096) -> None:
        self.seconds = seconds
        self.max_entries = max_entries
        self._items: OrderedDict[Any, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.generation = 0  # counts clears: an answer computed before one is not kept after it

    def get(self, key: Any) -> Any | None:
        """The value kept for key, or None when there is none or it expired."""
        kept = self.lookup(key)
        return kept[0] if kept is not None and kept[1] else None

    def lookup(self, key: Any, renewing: bool = False) -> tuple[Any, bool] | None:
        """The value kept for key and whether it is fresh, or None.

        An expired value is kept one period more, stale: it may be given while it is computed again
        (`jumys.api.deps.answer`), so that answers expiring together do not all wait for the store.
        While it is being computed again (renewing) it is given however old, until the new one comes.
        """
        if self.seconds <= 0:
            return None
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            now = time.monotonic()
            if item[0] + self.seconds < now and not renewing:
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return item[1], now <= item[0]

    def put(self, key: Any, value: Any, generation: int | None = None) -> None:
        """Keep value for key (least recently used go first when full), unless cleared since generation."""
        if self.seconds <= 0:
            return
        with self._lock:
            if generation is not None and generation != self.generation:
                return
            self._items[key] = (time.monotonic() + self.seconds, value)
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

    def drop(self, key: Any) -> None:
        """Forget one entry."""
        with self._lock:
            self._items.pop(key, None)

    def clear(self) -> None:
        """Forget everything (the store was written to)."""
        with self._lock:
            self._items.clear()
            self.generation += 1
