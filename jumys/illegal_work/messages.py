"""The words of the illegal-work domain as messages (jumys/kit/messages.py): errors and refusals."""

from __future__ import annotations

from jumys.kit.messages import Message

ILLEGAL_WORK_FORBIDDEN = Message(
    "illegal_work.forbidden",
    "illegal-work signals are for the ministry, inspectors and akimats (its own region)",
)
ILLEGAL_WORK_NOT_RUN = Message(
    "illegal_work.not_run",
    "the illegal-work signals were not computed at {date}: run `jumys illegal-work --as-of {date}`",
)
