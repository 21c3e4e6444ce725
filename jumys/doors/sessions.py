"""Signing in and out, for both faces: the session, its cookie, and the audit of each attempt."""

from __future__ import annotations

import datetime as dt

from starlette.requests import HTTPConnection
from starlette.responses import Response

from jumys.access.principal import Principal
from jumys.access.service import (
    authenticate,
    create_session,
    end_session,
    record_audit,
    record_failed_sign_in,
    resolve_session,
)
from jumys.doors.core import Door
from jumys.doors.identity import SESSION_COOKIE, forget_session
from jumys.errors import TooManyAttempts, Unauthorized


def sign_in(door: Door, username: str, password: str, action: str) -> tuple[Principal, str, dt.datetime]:
    """Check the password and open a session: the principal, the cookie's value and when it ends.

    Every attempt is audited under action (`sign_in` through the API, `login` on the pages: the log
    says which door was used); a refusal in a transaction of its own, so it stays when the caller's
    is rolled back. Unauthorized for a wrong name or password, TooManyAttempts while a user waits.
    """
    username = username.strip()
    try:
        with door.engine.begin() as conn:
            p = authenticate(conn, username, password)
            value, expires = create_session(conn, p, door.settings.session_hours)
            record_audit(conn, p, action, f"user {p.username}")
    except (Unauthorized, TooManyAttempts) as e:
        with door.engine.begin() as conn:
            record_failed_sign_in(conn, username, action, e if isinstance(e, TooManyAttempts) else None)
        raise
    return p, value, expires


def sign_out(door: Door, value: str | None) -> None:
    """End a session (an expired or unknown one too), audited when it was someone's, forgotten at once."""
    if not value:
        return
    with door.engine.begin() as conn:
        try:
            p = resolve_session(conn, value)
        except Unauthorized:
            pass
        else:
            record_audit(conn, p, "sign_out", f"user {p.username}")
        end_session(conn, value)
    forget_session(door, value)


def set_session_cookie(
    response: Response,
    request: HTTPConnection,
    door: Door,
    value: str,
    expires: dt.datetime,
    name: str = SESSION_COOKIE,
) -> None:
    """A session cookie (a user's, or name's): HttpOnly, SameSite=Lax, Secure when configured or over HTTPS."""
    response.set_cookie(
        name,
        value,
        max_age=int(door.settings.session_hours * 3600),
        expires=expires,
        httponly=True,
        samesite="lax",
        secure=door.settings.cookie_secure or request.url.scheme == "https",
        path="/",
    )


def clear_session_cookie(response: Response) -> None:
    """The browser forgets the session cookie."""
    response.delete_cookie(SESSION_COOKIE, path="/")
