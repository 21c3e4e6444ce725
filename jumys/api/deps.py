"""What every API request needs: a transaction on the store, and who is asking (by token or session)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Annotated, Any

import pydantic_core
import sqlalchemy as sa
from fastapi import Depends, Request, Response, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import TypeAdapter

from jumys.access.principal import Principal
from jumys.api.schemas import ErrorBody
from jumys.doors.core import door_of
from jumys.doors.identity import SESSION_COOKIE, identify, signed_in
from jumys.reports.schemas import Shaped

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
    return door_of(request).engine


async def answer(
    request: Request,
    p: Principal,
    shape: Any,
    compute: Callable[[sa.Connection], Any],
    audit: tuple[str, str, dict[str, Any] | None] | None = None,
    at_hand: Callable[[], Any] | None = None,
) -> Response:
    """The read model's answer as JSON of shape, from memory when the same scope just asked it; audit every time.
    at_hand: the answer computed from what the door keeps, or None to read the store with compute (a
    connection taken costs 0.5 ms on DuckDB even when nothing is read)."""
    # async: an answer from memory costs no thread; the store is read in the thread pool
    key = (
        p.role,
        p.region,
        tuple(sorted(p.bins)),
        request.url.path,
        tuple(sorted(request.query_params.multi_items())),
    )
    door = door_of(request)
    cache = door.answers
    kept = cache.lookup(key, renewing=door.under_way(("answer", key, cache.generation)))
    if kept is None:
        body = await asyncio.shield(
            _flight(request, key, shape, compute, at_hand=at_hand)
        )  # a client leaving stops no one
    else:
        body, fresh = kept
        if not fresh:  # given as it is; the next asker gets it computed again
            _flight(request, key, shape, compute, behind=True, at_hand=at_hand)
    if audit is not None:
        await asyncio.wrap_future(door.auditor.write(p, *audit))
    return Response(content=body, media_type="application/json")


REFRESHES = 1  # answers computed again behind stale ones at the same time, per event loop


def _flight(
    request: Request,
    key: Any,
    shape: Any,
    compute: Callable[[sa.Connection], Any],
    behind: bool = False,
    at_hand: Callable[[], Any] | None = None,
) -> asyncio.Future[bytes]:
    """The computation of key's answer, kept when done unless the store was written to meanwhile.

    Answers computed again behind stale ones (behind=True) take turns, REFRESHES at a time: when the
    answers of fifty project pages expired together and were all read again at once, requests
    waited up to 670 ms at scale 1.
    """
    door = door_of(request)
    cache, engine = door.answers, door.engine
    generation = cache.generation

    async def compute_and_keep() -> bytes:
        try:
            async with _refresh_turns(request) if behind else contextlib.nullcontext():
                # what the door keeps is answered here, on the loop: a hop to a thread and back cost more than
                # the map's clustering, and 40 threads wanting the interpreter's lock stalled the loop
                found = at_hand() if at_hand is not None else None
                if found is not None:
                    body = _encode(shape, found)
                else:
                    body = await run_in_threadpool(_read, engine, shape, compute)
        except BaseException:
            cache.drop(key)  # no stale answer outlives a failed recomputation: the next asker sees why
            raise
        cache.put(key, body, generation)
        return body

    return door.once(("answer", key, generation), compute_and_keep)


def _refresh_turns(request: Request) -> asyncio.Semaphore:
    """The turns of refreshes on the running loop (a semaphore belongs to one loop)."""
    turns = door_of(request).refresh_turns
    loop = asyncio.get_running_loop()
    if loop not in turns:
        turns[loop] = asyncio.Semaphore(REFRESHES)
    return turns[loop]


def _read(engine: sa.Engine, shape: Any, compute: Callable[[sa.Connection], Any]) -> bytes:
    with engine.connect() as conn:
        return _encode(shape, compute(conn))


def _encode(shape: Any, found: Any) -> bytes:
    """found as JSON of shape: validated by it, or as it is when it was built in its shape (Shaped)."""
    if isinstance(found, Shaped):
        body = pydantic_core.to_json(found)  # the schema's own encoder, given plain values
        if found.raw:  # the last fields, JSON already
            body = body[:-1] + b"".join(b',"%s":%s' % (k.encode(), v) for k, v in found.raw.items()) + b"}"
        return body
    adapter = _adapter(shape)
    return adapter.dump_json(adapter.validate_python(found))


@lru_cache(maxsize=64)
def _adapter(shape: Any) -> TypeAdapter[Any]:
    return TypeAdapter(shape)


def connection(request: Request) -> Iterator[sa.Connection]:
    """One transaction per request: committed when the request succeeds (audit lines with it)."""
    with engine_of(request).begin() as conn:
        yield conn


Conn = Annotated[sa.Connection, Depends(connection)]


async def principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
    session: Annotated[str | None, Security(session_cookie)],
) -> Principal:
    """Who is asking: a machine token (Authorization: Bearer), else a session cookie, else the public."""
    token = credentials.credentials if credentials is not None else None
    return await identify(
        door_of(request), token, session, bearer_sent=bool(request.headers.get("authorization"))
    )


Asker = Annotated[Principal, Depends(principal)]


async def signed_in_asker(p: Asker) -> Principal:
    """The principal, when signed in; the public is refused."""
    return signed_in(p)


SignedIn = Annotated[Principal, Depends(signed_in_asker)]
