"""The server's access log without query strings' values: what was typed into a search (an IIN, a name)
is personal data, and the access log is kept longer and read by more people than the audit log."""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qsl

ACCESS_LOGGER = "uvicorn.access"
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,31}")


def redact_query(target: str) -> str:
    """A request target with each query value replaced by `…` (keys that are not plain names dropped)."""
    path, mark, query = target.partition("?")
    if not mark:
        return target
    keys = [k for k, _ in parse_qsl(query, keep_blank_values=True) if _KEY.fullmatch(k)]
    return f"{path}?{'&'.join(f'{k}=…' for k in keys)}" if keys else f"{path}?…"


class RedactQuery(logging.Filter):
    """A filter for uvicorn's access lines (client, method, target, version, status): the target's query redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the record's target in place; every record is kept."""
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redact_query(args[2]), *args[3:])
        return True


def redact_access_log() -> None:
    """Make uvicorn's access log redact query strings (once, however often called)."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, RedactQuery) for f in logger.filters):
        logger.addFilter(RedactQuery())
