"""The words of internal mobility as messages (jumys/kit/messages.py)."""

from __future__ import annotations

from jumys.kit.messages import Message

NO_CLASSES = Message(
    "mobility.no_classes",
    "the regions of {year} are not classed so that seekers can be matched: {surplus} labour-surplus and "
    "{deficit} labour-deficit regions (the labour index needs that year's figures, or the government's list "
    "must name them)",
)
