"""The messages of the API's own checks (jumys/kit/messages.py), and the body of an error: the English text,
and the code, params and text in the language the request names."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from jumys.kit.i18n import translator
from jumys.kit.messages import Message, Text

NO_RUN = Message("api.no_run", "no verification run {run!r}")
LEDGER_FORBIDDEN = Message("api.ledger_forbidden", "the ledger is for the ministry and inspectors")
# pydantic's sentences ("Input should be a valid date") are English: `text` names the parameters, and the
# body's `detail` keeps pydantic's issues for programs
INVALID_REQUEST = Message("api.invalid_request", "invalid request: check {fields}")
# the refusals the web framework makes itself (no route, a method a route does not take, a body it cannot
# parse): our own words, so its English ("Not Found") never reaches a Russian or Kazakh reader
NO_SUCH_PATH = Message("api.no_such_path", "there is nothing at {path}")
METHOD_NOT_ALLOWED = Message(
    "api.method_not_allowed", "{method} is not allowed at {path}; allowed: {allowed}"
)
HTTP_REFUSED = Message("api.http_refused", "the request was refused (HTTP status {status})")
INTERNAL_ERROR = Message("api.internal_error", "internal error: it has been logged")
SERVER_SET_UP = Message(
    "api.server_set_up", "the server is not set up correctly: it has been logged for its administrator"
)


def error_body(request: Request, text: Text) -> dict[str, Any]:
    """The body of a refused or failed request: `error`, the English text; the message's `code` and `params`;
    and `text`, the message in the language the request names (Accept-Language: ru, kk or en; English when
    it names none)."""
    asked = request.headers.get("accept-language") or "en"
    first = asked.split(",")[0].split(";")[0].strip().split("-")[0].lower()
    return {"error": text.english} | text.as_json() | {"text": translator(first).render(text)}
