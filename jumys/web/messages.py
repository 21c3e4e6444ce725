"""The messages of the dashboard's own checks (jumys/kit/messages.py); each page renders a JumysError's code
in its language (jumys/kit/i18n.py)."""

from __future__ import annotations

from jumys.kit.messages import Message

NO_STORE = Message("web.no_store", "the dashboard has no store configured")
AS_OF_NOT_A_DATE = Message("web.as_of_not_a_date", "as_of {value!r} is not a date YYYY-MM-DD")
NOT_VERIFIED = Message("web.not_verified", "no verification is stored for {date}")
MINISTRY_UPLOADS = Message("web.ministry_uploads", "only the ministry uploads batches")
FILE_TOO_LARGE = Message("web.file_too_large", "the file is larger than {n} MB")
NO_REJECTS_REPORT = Message("web.no_rejects_report", "no rejects report of batch {batch!r}")
