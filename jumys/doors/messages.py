"""The messages of the door core's own checks: identity, the as-of date, uploads, runs (jumys/kit/messages.py)."""

from __future__ import annotations

from jumys.kit.messages import Message

NO_STORE = Message("doors.no_store", "the app has no store configured")
TOKEN_FORMAT = Message("doors.token_format", "send the token as: Authorization: Bearer TOKEN")
SIGN_IN_WITH_ROLE = Message("doors.sign_in_with_role", "sign in with a role that may see this")
WRITE_SIGN_IN = Message("doors.write_sign_in", "sign in first: only the ministry may write")
WRITE_ROLE = Message("doors.write_role", "role {role} may not do this: only the ministry may write")
NOT_VERIFIED = Message("doors.not_verified", "no verification is stored for {date}")
NOT_VERIFIED_SEE = Message("doors.not_verified_see", "no verification is stored for {date}: see {where}")
AS_OF_FUTURE = Message(
    "doors.as_of_future", "the as-of date {date} is after today ({today}): verify at today or an earlier date"
)
UPLOAD_NOT_ZIP = Message("doors.upload_not_zip", "upload the batch as one .zip of its folder")
UPLOAD_TOO_LARGE = Message("doors.upload_too_large", "the upload is larger than {n} MB (JUMYS_UPLOAD_MAX_MB)")
WRITE_BUSY = Message(
    "doors.write_busy", "another write (a batch or a verification) is running: try again when it is done"
)
NO_JOB_KIND = Message("doors.no_job_kind", "no kind of job {name!r}: one of {kinds}")
ALREADY_SERVED = Message(
    "doors.already_served",
    "JUMYS_HOME {home} is already served by process {pid} on port {port}: stop it first (Ctrl+C where it runs, "
    "or kill {pid}), or use that one",
)
EVENTS_BUSY = Message(
    "doors.events_busy",
    "another write is running and the events were not read: send them again after Retry-After",
)
