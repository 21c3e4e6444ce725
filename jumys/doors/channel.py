"""The control channel of a serving process: where it is, who it is, how a message crosses it.

`jumys serve` on the embedded DuckDB store owns the file (DuckDB lets one process open it), so a CLI
command cannot open the store while it serves. Instead it hands its command to the server over a
Unix socket, `JUMYS_HOME/control/serve.sock` (mode 0600 in a 0700 folder, and the server checks the
caller's uid with SO_PEERCRED), described by `JUMYS_HOME/control/serve.json` (pid, port, socket,
store). Messages are JSON objects, one a line. A PostgreSQL store has no such owner and no channel.
The serving end is `jumys.doors.control`; the calling end is `jumys.cli.forward`.
"""

from __future__ import annotations

import json
import os
import socket
import struct
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from jumys.config import Settings

FOLDER = "control"
SOCKET = "serve.sock"
INFO = "serve.json"
MAX_LINE = 64 << 20  # a message is at most this long (a forwarded command's output comes in pieces)


@dataclass(frozen=True)
class Served:
    """What serve.json says: the serving process, its port, its socket and the store it owns."""

    pid: int
    port: int
    socket: str
    store: str


def folder(settings: Settings) -> Path:
    """JUMYS_HOME/control: the channel's folder."""
    return settings.home / FOLDER


def embedded_store(settings: Settings) -> str | None:
    """The absolute path of the embedded DuckDB file settings name, or None for PostgreSQL."""
    if not settings.url.startswith("duckdb"):
        return None
    if settings.database_url is None:
        return str(settings.duckdb_path.resolve())
    from sqlalchemy.engine import make_url  # deferred: only an explicit DuckDB URL needs parsing

    database = make_url(settings.url).database
    return str(Path(database).resolve()) if database and database != ":memory:" else None


def alive(pid: int) -> bool:
    """True when a process pid exists (whoever owns it)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_served(settings: Settings) -> Served | None:
    """What serve.json says, or None when there is none (or it cannot be read)."""
    try:
        data = json.loads((folder(settings) / INFO).read_text(encoding="utf-8"))
        return Served(int(data["pid"]), int(data["port"]), str(data["socket"]), str(data["store"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_served(settings: Settings, served: Served) -> None:
    """Write serve.json (0600), whole or not at all."""
    path = folder(settings) / INFO
    tmp = path.with_name(f".{INFO}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(asdict(served), f)
    os.replace(tmp, path)


def live_server(settings: Settings) -> Served | None:
    """The other live process serving the embedded store settings name, or None."""
    store = embedded_store(settings)
    served = read_served(settings) if store else None
    if served is None or served.pid == os.getpid() or not alive(served.pid):
        return None
    return served if served.store == store else None


def send(sock: socket.socket, message: dict[str, Any]) -> None:
    """Send one message."""
    sock.sendall(json.dumps(message, ensure_ascii=False).encode() + b"\n")


def receive(sock: socket.socket) -> Iterator[dict[str, Any]]:
    """The messages that come on sock until it is closed."""
    with sock.makefile("rb") as stream:
        while line := stream.readline(MAX_LINE):
            message = json.loads(line)
            if isinstance(message, dict):
                yield message


def peer_uid(sock: socket.socket) -> int:
    """The uid of the process at the other end of a Unix socket (Linux: SO_PEERCRED)."""
    creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return int(uid)


def connect(served: Served, timeout: float = 10.0) -> socket.socket:
    """A connection to a serving process's channel (OSError when it does not answer)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect(served.socket)
        sock.settimeout(None)
    except OSError:
        sock.close()
        raise
    return sock


def answers(served: Served) -> bool:
    """True unless nobody listens on served's socket (a killed server's files, its pid taken since)."""
    try:
        connect(served, timeout=5).close()
    except (ConnectionRefusedError, FileNotFoundError):
        return False
    except OSError:
        return True  # there, but not for us (a timeout, another user's socket): not ours to remove
    return True
