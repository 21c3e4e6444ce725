"""Errors a user may see: each carries a coded message (jumys/kit/messages.py) and an HTTP-like status."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from jumys.kit.messages import Message, Param, Text


class JumysError(Exception):
    """An error meant for the user: the API renders it as JSON, the pages in their language, the CLI as one line.

    `message` is the English sentence (the CLI, the API's `error` and the audit log show it); `code` and
    `params` let each door render it in the user's language.
    """

    status = 400

    def __init__(self, message: Message | Text, status: int | None = None, **params: Param) -> None:
        if not isinstance(message, Message | Text):
            raise TypeError(f"a JumysError takes a declared Message, not {type(message).__name__}")
        self.text = message(**params) if isinstance(message, Message) else message
        super().__init__(self.text.english)
        self.message = self.text.english
        if status is not None:
            self.status = status

    @property
    def code(self) -> str:
        """The message's stable code."""
        return self.text.code

    @property
    def params(self) -> dict[str, Any]:
        """The message's parameters as JSON (nested messages as {"code", "params"})."""
        return dict(self.text.as_json()["params"])

    def redact(self, old: str, new: str) -> None:
        """Replace old by new in the message and its parameters (a server's path the user must not see)."""
        self.text = self.text.replaced(old, new)
        self.message = self.text.english
        self.args = (self.message,)

    def __str__(self) -> str:
        return self.message


class NotFound(JumysError):
    """The thing asked for does not exist."""

    status = 404


class InvalidInput(JumysError):
    """The input cannot be used at all (not one of its rows: those go to a rejects report)."""

    status = 422


class Conflict(JumysError):
    """The request clashes with what is stored."""

    status = 409


class ConfigurationError(JumysError):
    """A setting is missing or wrong."""

    status = 500


class Unauthorized(JumysError):
    """No valid session or token."""

    status = 401


class Forbidden(JumysError):
    """The user's role does not allow this."""

    status = 403


class TooManyAttempts(JumysError):
    """Too many requests: failed sign-ins of one user in a short time, or events while another write runs;
    the sender must wait until `until`."""

    status = 429

    def __init__(self, message: Message | Text, until: dt.datetime, **params: Param) -> None:
        super().__init__(message, **params)
        self.until = until

    def seconds_left(self) -> int:
        """Whole seconds until another attempt may be made (at least 1): an HTTP Retry-After."""
        return max(1, math.ceil((self.until - dt.datetime.now(dt.UTC)).total_seconds()))
