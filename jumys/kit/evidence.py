"""Evidence of a signal (warnings, illegal work) as JSON holds it, and back as message parameters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from jumys.kit.messages import Month, Param


def plain(key: str, value: Any) -> Any:
    """An evidence value as JSON holds it: months (key ending in month) YYYY-MM, dates ISO, whole numbers int."""
    if isinstance(value, dt.date):
        return value.isoformat()[:7] if key.endswith("month") else value.isoformat()
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 2)
    return value


def param(key: str, value: Any) -> Param:
    """An evidence value as a message parameter: months and dates typed, so each language writes them."""
    if isinstance(value, str) and key.endswith("month"):
        return Month.of(value)
    if isinstance(value, str) and key.endswith(("_on", "_from", "_to")):
        return dt.date.fromisoformat(value)
    return value
