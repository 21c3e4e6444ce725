"""The messages of the dashboard's own checks (jumys/kit/messages.py); each page renders a JumysError's code
in its language (jumys/kit/i18n.py)."""

from __future__ import annotations

from jumys.kit.messages import Message

AS_OF_NOT_A_DATE = Message("web.as_of_not_a_date", "as_of {value!r} is not a date YYYY-MM-DD")
NO_REJECTS_REPORT = Message("web.no_rejects_report", "no rejects report of batch {batch!r}")
