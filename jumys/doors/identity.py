"""Who is asking: a machine token, a person's session, or the public; and what they may write.

Both faces resolve the asker here: the API from `Authorization: Bearer` or the session cookie, the
pages from the cookie alone. A token or session resolved a moment ago is taken from memory
(JUMYS_API_CACHE_SECONDS); signing out forgets it at once.
"""

from __future__ import annotations

import asyncio
import hashlib

import sqlalchemy as sa
from fastapi.concurrency import run_in_threadpool

from jumys.access.principal import PUBLIC, Principal
from jumys.access.service import record_audit, resolve_session, resolve_token
from jumys.doors import messages as M
from jumys.doors.core import Door
from jumys.errors import Forbidden, Unauthorized

SESSION_COOKIE = "jumys_session"


def _key(kind: str, secret: str) -> tuple[str, str]:
    return kind, hashlib.sha256(secret.encode()).hexdigest()


async def resolve(door: Door, kind: str, secret: str) -> Principal:
    """The principal of a token or session (kind), from memory when resolved a moment ago."""
    key = _key(kind, secret)
    found = door.principals.get(key)
    if isinstance(found, Principal):
        return found

    async def look_up() -> Principal:
        p = await run_in_threadpool(_lookup, door.engine, kind, secret)
        door.principals.put(key, p)
        return p

    return await asyncio.shield(door.once(("principal", *key), look_up))


def _lookup(engine: sa.Engine, kind: str, secret: str) -> Principal:
    with engine.begin() as conn:
        return resolve_token(conn, secret) if kind == "token" else resolve_session(conn, secret)


async def identify(
    door: Door, token: str | None, session: str | None, bearer_sent: bool = False
) -> Principal:
    """Who is asking: a machine token, else a session, else the public (Unauthorized for a bad one)."""
    if token is not None:
        return await resolve(door, "token", token)
    if bearer_sent:
        raise Unauthorized(M.TOKEN_FORMAT)
    if session:
        return await resolve(door, "session", session)
    return PUBLIC


def forget_session(door: Door, value: str) -> None:
    """A signed-out session is not remembered a moment longer."""
    door.principals.drop(_key("session", value))


def signed_in(p: Principal) -> Principal:
    """The principal, when signed in with a role that sees more than the public; refused otherwise."""
    if p.role == "public":
        raise (Unauthorized if p.via == "anonymous" else Forbidden)(M.SIGN_IN_WITH_ROLE)
    return p


def require_ministry(door: Door, p: Principal, action: str, resource: str) -> None:
    """Writes are the ministry's: anyone else is refused, and the refusal is audited."""
    if p.role == "ministry":
        return
    with door.engine.begin() as conn:
        record_audit(conn, p, action, resource, {"reason": f"role {p.role} may not write"}, "denied")
    if p.via == "anonymous":
        raise Unauthorized(M.WRITE_SIGN_IN)
    raise Forbidden(M.WRITE_ROLE, role=p.role)
