"""The messages of the command line's own options (jumys/kit/messages.py)."""

from __future__ import annotations

from jumys.kit.messages import Message

AS_OF_NOT_A_DATE = Message("cli.as_of_not_a_date", "--as-of {value!r} is not a date YYYY-MM-DD")
FORMAT_UNKNOWN = Message("cli.format_unknown", "--format must be csv or parquet")
LANG_UNKNOWN = Message("cli.lang_unknown", "--lang must be ru, kk or en")
STORE_LOCKED = Message(
    "cli.store_locked",
    "the store {path} is open in another process (pid {pid}): wait until it finishes or stop it, then run this "
    "command again",
)
SERVER_SILENT = Message(
    "cli.server_silent",
    "jumys serve (process {pid}, port {port}) holds the store but its control channel does not answer ({reason}): "
    "stop it (Ctrl+C where it runs, or kill {pid}) to run this command on the store directly",
)
SERVER_WENT = Message(
    "cli.server_went",
    "jumys serve (process {pid}) stopped before the command finished: see its log; run the command again",
)
WAITING_FOR_WRITE = Message(
    "cli.waiting_for_write", "waiting for the server's write under way (a batch or a verification) to finish"
)
NOT_BY_SERVER = Message("cli.not_by_server", "jumys serve cannot be run by a server")
