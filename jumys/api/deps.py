"""What every API request needs: a transaction on the store, and who is asking (by token or session)."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import threading
import weakref
from collections.abc import Callable, Coroutine, Iterator
from functools import lru_cache
from typing import Annotated, Any, TypeVar

import sqlalchemy as sa
from fastapi import Depends, Request, Response, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import TypeAdapter

from jumys.access.principal import PUBLIC, Principal
from jumys.access.service import record_audit, resolve_session, resolve_token
from jumys.api import messages as M
from jumys.api.audit import AuditWriter
from jumys.api.cache import TTLCache
from jumys.api.runs import Runner
from jumys.api.schemas import ErrorBody
from jumys.config import Settings
from jumys.errors import Forbidden, Unauthorized

SESSION_COOKIE = "jumys_session"

T = TypeVar("T")

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="A machine token: `jumys users add NAME --role ROLE --token` prints one, once.",
)
session_cookie = APIKeyCookie(
    name=SESSION_COOKIE,
    auto_error=False,
    scheme_name="session",
    description="A person's session, set by POST /api/v1/session.",
)


Responses = dict[int | str, dict[str, Any]]


def error_response(description: str) -> dict[str, Any]:
    """An OpenAPI response of ErrorBody with a description."""
    return {"model": ErrorBody, "description": description}


UNAUTHORIZED: Responses = {401: error_response("The token or session is not valid.")}
FORBIDDEN: Responses = {403: error_response("The role does not allow this.")}
NOT_FOUND: Responses = {404: error_response("No such thing, or not one the asker may see.")}
READ_ERRORS: Responses = UNAUTHORIZED | FORBIDDEN | NOT_FOUND
# routes the public may call without signing in: the empty requirement says so in the schema
ANYONE: dict[str, Any] = {"security": [{}]}
# every route: a body or parameters that cannot be read (400) or are not valid (422)
BAD_REQUEST: Responses = {
    400: error_response("The request's body cannot be read."),
    422: error_response("Invalid parameters or body: `error` sums them up, `detail` lists each."),
}


def engine_of(request: Request) -> sa.Engine:
    """The store the app serves."""
    engine: sa.Engine = request.app.state.engine
    return engine


def settings_of(request: Request) -> Settings:
    """The settings the app was made with."""
    settings: Settings = request.app.state.settings
    return settings


def write_lock_of(request: Request) -> threading.Lock:
    """The lock that makes the app's writes to the store one at a time."""
    lock: threading.Lock = request.app.state.write_lock
    return lock


def runner_of(request: Request) -> Runner:
    """The background runner of verifications."""
    runner: Runner = request.app.state.runner
    return runner


def principals_of(request: Request) -> TTLCache:
    """Tokens and sessions resolved a moment ago."""
    cache: TTLCache = request.app.state.principals
    return cache


def answers_of(request: Request) -> TTLCache:
    """Answers of the read models given a moment ago."""
    cache: TTLCache = request.app.state.answers
    return cache


def forget_answers(request: Request) -> None:
    """The store was written to: no answer given before holds."""
    answers_of(request).clear()


async def answer(
    request: Request,
    p: Principal,
    shape: Any,
    compute: Callable[[sa.Connection], Any],
    audit: tuple[str, str, dict[str, Any] | None] | None = None,
) -> Response:
    """The read model's answer as JSON of shape, from memory when the same scope just asked it; audit every time."""
    # async: an answer from memory costs no thread; the store is read in the thread pool
    key = (
        p.role,
        p.region,
        tuple(sorted(p.bins)),
        request.url.path,
        tuple(sorted(request.query_params.multi_items())),
    )
    cache = answers_of(request)
    kept = cache.lookup(key, renewing=_under_way(request, ("answer", key, cache.generation)))
    if kept is None:
        body = await asyncio.shield(_flight(request, key, shape, compute))  # a client leaving stops no one
    else:
        body, fresh = kept
        if not fresh:  # given as it is; the next asker gets it computed again
            _flight(request, key, shape, compute, behind=True)
    if audit is not None:
        auditor: AuditWriter = request.app.state.auditor
        await asyncio.wrap_future(auditor.write(p, *audit))
    return Response(content=body, media_type="application/json")


REFRESHES = 1  # answers computed again behind stale ones at the same time, per event loop


def _flight(
    request: Request,
    key: Any,
    shape: Any,
    compute: Callable[[sa.Connection], Any],
    behind: bool = False,
) -> asyncio.Future[bytes]:
    """The computation of key's answer, kept when done unless the store was written to meanwhile.

    Answers computed again behind stale ones (behind=True) take turns, REFRESHES at a time: when the
    answers of fifty project pages expired together and were all read again at once, requests
    waited up to 670 ms at scale 1.
    """
    cache, engine = answers_of(request), engine_of(request)
    generation = cache.generation

    async def compute_and_keep() -> bytes:
        try:
            async with _refresh_turns(request) if behind else contextlib.nullcontext():
                body = await run_in_threadpool(_read, engine, shape, compute)
        except BaseException:
            cache.drop(key)  # no stale answer outlives a failed recomputation: the next asker sees why
            raise
        cache.put(key, body, generation)
        return body

    return _once(request, ("answer", key, generation), compute_and_keep)


def _once(request: Request, key: Any, work: Callable[[], Coroutine[Any, Any, T]]) -> asyncio.Future[T]:
    """work's result, started unless the same key is already under way: however many ask at once,
    the store is read once (a key begun before the store was written to differs by generation)."""
    flights: dict[Any, asyncio.Future[Any]] = request.app.state.flights
    if _under_way(request, key):
        return flights[key]
    flight = asyncio.ensure_future(work())
    flights[key] = flight

    def landed(done: asyncio.Future[Any]) -> None:
        if flights.get(key) is done:
            del flights[key]
        if not done.cancelled():
            done.exception()  # retrieved: a failure nobody waited for is not reported as lost

    flight.add_done_callback(landed)
    return flight


def _under_way(request: Request, key: Any) -> bool:
    """True when work for key was started by _once on this loop and has not ended."""
    flight: asyncio.Future[Any] | None = request.app.state.flights.get(key)
    return flight is not None and not flight.done() and flight.get_loop() is asyncio.get_running_loop()


def _refresh_turns(request: Request) -> asyncio.Semaphore:
    """The turns of refreshes on the running loop (a semaphore belongs to one loop)."""
    turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
        request.app.state.refresh_turns
    )
    loop = asyncio.get_running_loop()
    if loop not in turns:
        turns[loop] = asyncio.Semaphore(REFRESHES)
    return turns[loop]


def _read(engine: sa.Engine, shape: Any, compute: Callable[[sa.Connection], Any]) -> bytes:
    with engine.connect() as conn:
        adapter = _adapter(shape)
        return adapter.dump_json(adapter.validate_python(compute(conn)))


@lru_cache(maxsize=64)
def _adapter(shape: Any) -> TypeAdapter[Any]:
    return TypeAdapter(shape)


def connection(request: Request) -> Iterator[sa.Connection]:
    """One transaction per request: committed when the request succeeds (audit lines with it)."""
    with engine_of(request).begin() as conn:
        yield conn


Conn = Annotated[sa.Connection, Depends(connection)]


async def _resolved(request: Request, kind: str, secret: str) -> Principal:
    """The principal of a token or session, from memory when resolved a moment ago."""
    cache = principals_of(request)
    key = (kind, hashlib.sha256(secret.encode()).hexdigest())
    found = cache.get(key)
    if isinstance(found, Principal):
        return found
    engine = engine_of(request)

    async def look_up() -> Principal:
        p = await run_in_threadpool(_lookup, engine, kind, secret)
        cache.put(key, p)
        return p

    return await asyncio.shield(_once(request, ("principal", *key), look_up))


def _lookup(engine: sa.Engine, kind: str, secret: str) -> Principal:
    with engine.begin() as conn:
        return resolve_token(conn, secret) if kind == "token" else resolve_session(conn, secret)


def forget_session(request: Request, value: str) -> None:
    """A signed-out session is not remembered a moment longer."""
    principals_of(request).drop(("session", hashlib.sha256(value.encode()).hexdigest()))


async def principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
    session: Annotated[str | None, Security(session_cookie)],
) -> Principal:
    """Who is asking: a machine token (Authorization: Bearer), else a session cookie, else the public."""
    if credentials is not None:
        return await _resolved(request, "token", credentials.credentials)
    if request.headers.get("authorization"):
        raise Unauthorized(M.TOKEN_FORMAT)
    if session:
        return await _resolved(request, "session", session)
    return PUBLIC


Asker = Annotated[Principal, Depends(principal)]


async def signed_in(p: Asker) -> Principal:
    """The principal, when signed in; the public is refused."""
    if p.role == "public":
        raise (Unauthorized if p.via == "anonymous" else Forbidden)(M.SIGN_IN_WITH_ROLE)
    return p


SignedIn = Annotated[Principal, Depends(signed_in)]


def require_ministry(engine: sa.Engine, p: Principal, action: str, resource: str) -> None:
    """Writes are the ministry's: anyone else is refused, and the refusal is audited."""
    if p.role == "ministry":
        return
    with engine.begin() as conn:
        record_audit(conn, p, action, resource, {"reason": f"role {p.role} may not write"}, "denied")
    if p.via == "anonymous":
        raise Unauthorized(M.WRITE_SIGN_IN)
    raise Forbidden(M.WRITE_ROLE, role=p.role)
