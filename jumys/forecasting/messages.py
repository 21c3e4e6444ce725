"""The messages of forecasting (jumys/kit/messages.py)."""

from __future__ import annotations

from jumys.kit.messages import Message

BEYOND_DATA = Message(
    "forecasting.beyond_data", "{series}: the data go from {first} to {last}; {year} is beyond them"
)
