"""Errors a user may see: each carries a message in plain words and an HTTP-like status."""

from __future__ import annotations

import datetime as dt
import math


class JumysError(Exception):
    """An error meant for the user: the API renders it as JSON, the CLI as one line on stderr."""

    status = 400

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status

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
    """Too many failed sign-ins of one user in a short time: it must wait until `until`."""

    status = 429

    def __init__(self, message: str, until: dt.datetime) -> None:
        super().__init__(message)
        self.until = until

    def seconds_left(self) -> int:
        """Whole seconds until another attempt may be made (at least 1): an HTTP Retry-After."""
        return max(1, math.ceil((self.until - dt.datetime.now(dt.UTC)).total_seconds()))
