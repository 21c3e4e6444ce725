"""What every page shares: a route class whose errors render as pages, and who is asking.

Errors become a message on the page, rendered from their code in its language (jumys/kit/i18n.py): 401 sends the user to
sign in, 403 says so politely (or sends the public to sign in), anything unexpected is logged and
never shown as a traceback. Who is asking is resolved by the door core from the session cookie; a
session that has ended makes the visitor the public, who is sent to sign in where that is needed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.routing import APIRoute

from jumys.access.principal import PUBLIC, Principal
from jumys.doors.core import door_of
from jumys.doors.identity import SESSION_COOKIE, identify
from jumys.errors import Forbidden, JumysError, Unauthorized
from jumys.web.i18n import translator
from jumys.web.render import error_page, lang_of

log = logging.getLogger(__name__)


def _principal_of(request: Request) -> Principal | None:
    found = getattr(request.state, "principal", None)
    return found if isinstance(found, Principal) else None


def login_redirect(request: Request) -> RedirectResponse:
    """To the sign-in form, and back here after it."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


class PageRoute(APIRoute):
    """A route whose errors render as pages: sign-in for 401, a message for the rest."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Wrap the handler so no error escapes as JSON or a traceback."""
        handler = super().get_route_handler()

        async def page(request: Request) -> Response:
            t = translator(lang_of(request))
            try:
                return await handler(request)
            except Unauthorized:
                return login_redirect(request)
            except JumysError as e:
                who = _principal_of(request)
                if isinstance(e, Forbidden) and (who is None or who.via == "anonymous"):
                    return login_redirect(request)
                if e.status >= 500:  # the server's set-up (paths, keys): for its administrator, in the log
                    log.error("page %s: %s", request.url.path, e.message)
                    message = t.gettext(
                        "The server is not set up correctly; it has been logged for its administrator."
                    )
                else:
                    message = t.render(e.text)
                return error_page(request, who, e.status, message)
            except RequestValidationError:
                return error_page(
                    request, _principal_of(request), 422, t.gettext("The request is not valid.")
                )
            except Exception:
                log.exception("page %s failed", request.url.path)
                message = t.gettext("An internal error occurred; it has been logged. Please try again later.")
                return error_page(request, _principal_of(request), 500, message)

        return page


async def visitor(request: Request) -> Principal:
    """Who is looking at the page: the session's principal, or the public (no session, or one that ended)."""
    try:
        principal = await identify(door_of(request), None, request.cookies.get(SESSION_COOKIE))
    except Unauthorized:
        principal = PUBLIC
    request.state.principal = principal
    return principal


Visitor = Annotated[Principal, Depends(visitor)]
