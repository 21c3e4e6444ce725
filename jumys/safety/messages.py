"""The words of the safe-work domain as messages (jumys/kit/messages.py): errors, skipped dates, warning signals."""

from __future__ import annotations

from jumys.kit.messages import Message  # noqa: F401  (the domain's messages are declared here)
