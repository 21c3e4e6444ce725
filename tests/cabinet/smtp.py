"""A local SMTP server for the tests (aiosmtpd): it keeps what it received, or refuses as told."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Mailbox:
    """An SMTP handler: the messages it took; `refuse` answers DATA with that reply instead."""

    received: list[Message] = field(default_factory=list)
    refuse: str | None = None
    seen: int = 0  # DATA commands it answered, taken or refused

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        """Keep the message, or refuse it."""
        self.seen += 1
        if self.refuse:
            return self.refuse
        self.received.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def free_port() -> int:
    """A TCP port nobody listens on at this moment."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def smtp_server(box: Mailbox) -> Iterator[int]:
    """A running SMTP server on 127.0.0.1 with box as its handler; yields its port."""
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()
