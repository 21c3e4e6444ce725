"""The messages of the API's own checks (jumys/kit/messages.py), and the body of an error: the English text,
and the code, params and text in the language the request names."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from jumys.kit.i18n import translator
from jumys.kit.messages import Message, Text

NO_RUN = Message("api.no_run", "no verification run {run!r}")
LEDGER_FORBIDDEN = Message("api.ledger_forbidden", "the ledger is for the ministry and inspectors")
UPLOAD_NOT_ZIP = Message("api.upload_not_zip", "upload the batch as one .zip of its folder")
UPLOAD_TOO_LARGE = Message("api.upload_too_large", "the upload is larger than {n} MB (JUMYS_UPLOAD_MAX_MB)")
WRITE_BUSY = Message(
    "api.write_busy", "another write (a batch or a verification) is running: try again when it is done"
)
NOT_VERIFIED = Message("api.not_verified", "nothing was verified at {date}: see GET /api/v1/as-of-dates")
TOKEN_FORMAT = Message("api.token_format", "send the token as: Authorization: Bearer TOKEN")
SIGN_IN_WITH_ROLE = Message("api.sign_in_with_role", "sign in with a role that may see this")
WRITE_SIGN_IN = Message("api.write_sign_in", "sign in first: only the ministry may write")
WRITE_ROLE = Message("api.write_role", "role {role} may not do this: only the ministry may write")
INVALID_REQUEST = Message("api.invalid_request", "invalid request: {summary}")
HTTP_ERROR = Message("api.http_error", "{detail}")
INTERNAL_ERROR = Message("api.internal_error", "internal error: it has been logged")
SERVER_SET_UP = Message(
    "api.server_set_up", "the server is not set up correctly: it has been logged for its administrator"
)


def error_body(request: Request, text: Text) -> dict[str, Any]:
    """The body of a refused or failed request: `error`, the English text; and when the request names a
    language (Accept-Language: ru, kk or en), also the message's `code`, its `params` and `text` in it."""
    body: dict[str, Any] = {"error": text.english}
    asked = request.headers.get("accept-language")
    if asked:
        first = asked.split(",")[0].split(";")[0].strip().split("-")[0].lower()
        body |= text.as_json() | {"text": translator(first).render(text)}
    return body
