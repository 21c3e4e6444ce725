"""The messages of the command line's own options (jumys/kit/messages.py)."""

from __future__ import annotations

from jumys.kit.messages import Message

AS_OF_NOT_A_DATE = Message("cli.as_of_not_a_date", "--as-of {value!r} is not a date YYYY-MM-DD")
FORMAT_UNKNOWN = Message("cli.format_unknown", "--format must be csv or parquet")
LANG_UNKNOWN = Message("cli.lang_unknown", "--lang must be ru, kk or en")
