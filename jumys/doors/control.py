"""The serving end of the control channel (jumys/doors/channel.py): commands handed over by the CLI.

One thread accepts; each caller gets a thread that checks its uid, reads its one request and runs it
in a worker thread through the handler the composition gives (the CLI's: `jumys.cli.forward`),
while it watches the connection: when the caller goes (Ctrl+C), the worker gets a KeyboardInterrupt
at its next Python step (a DuckDB statement under way finishes first). The answer ends with
{"exit": CODE}.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from jumys.config import Settings
from jumys.doors import channel
from jumys.doors import messages as M
from jumys.errors import JumysError

log = logging.getLogger("jumys.control")
SOCKET_PATH_MAX = 107  # sun_path holds 108 bytes with its NUL


class Call:
    """One forwarded command: its request, the way back to its caller, and whether the caller went."""

    def __init__(self, request: dict[str, Any], conn: socket.socket) -> None:
        self.request = request
        self._conn = conn
        self._send_lock = threading.Lock()
        self._guard = threading.Lock()
        self._armed: int | None = None  # the worker's thread id while it may be interrupted
        self.cancelled = threading.Event()
        self.gone = False

    def send(self, message: dict[str, Any]) -> None:
        """Send a message to the caller (dropped once the caller is gone)."""
        with self._send_lock:
            if self.gone:
                return
            try:
                channel.send(self._conn, message)
            except OSError:
                self.gone = True
                self.cancel()

    def done(self) -> None:
        """The command ended: stop watching the caller (whose end stays open while it waits for the answer)."""
        with contextlib.suppress(OSError):
            self._conn.shutdown(socket.SHUT_RD)

    @contextlib.contextmanager
    def interruptible(self) -> Iterator[None]:
        """While inside, the caller going raises KeyboardInterrupt in this thread."""
        with self._guard:
            if self.cancelled.is_set():
                raise KeyboardInterrupt
            self._armed = threading.get_ident()
        try:
            yield
        finally:
            with self._guard:
                tid, self._armed = self._armed, None
                if tid is not None:  # an interrupt sent but not yet raised is withdrawn
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), None)

    def cancel(self) -> None:
        """The caller went: interrupt the command (now if it runs, at its start if it waits)."""
        with self._guard:
            self.cancelled.set()
            if self._armed is not None:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(self._armed), ctypes.py_object(KeyboardInterrupt)
                )


Handler = Callable[[Call], int]


class ControlChannel:
    """The channel of one serving process: opened before it serves, closed when it stops."""

    def __init__(self, settings: Settings, port: int, handler: Handler) -> None:
        self.settings = settings
        self.port = port
        self.handler = handler
        self.folder = channel.folder(settings)
        self.path = self.folder / channel.SOCKET
        self._listener: socket.socket | None = None
        self._thread: threading.Thread | None = None

    def open(self) -> bool:
        """Listen on the channel and write serve.json; False (and a log line) where the path cannot hold a socket."""
        refuse_second(self.settings)
        store = channel.embedded_store(self.settings)
        if store is None:
            return False
        self.folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder, 0o700)
        remove_stale(self.settings)
        path = str(self.path.resolve())
        if len(os.fsencode(path)) > SOCKET_PATH_MAX:
            log.warning(
                "JUMYS_HOME is too deep for a Unix socket (%s): CLI commands cannot reach this server", path
            )
            return False
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(path)
        os.chmod(path, 0o600)
        listener.listen(16)
        self._listener = listener
        channel.write_served(self.settings, channel.Served(os.getpid(), self.port, path, store))
        self._thread = threading.Thread(target=self._accept, name="jumys-control", daemon=True)
        self._thread.start()
        return True

    def close(self) -> None:
        """Stop listening and remove the channel's files (only ours)."""
        listener, self._listener = self._listener, None
        if listener is None:
            return
        served = channel.read_served(self.settings)
        if served is not None and served.pid == os.getpid():
            (self.folder / channel.INFO).unlink(missing_ok=True)
            Path(served.socket).unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)
        listener.close()

    def _accept(self) -> None:
        while (listener := self._listener) is not None:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), name="jumys-control-call", daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            if channel.peer_uid(conn) != os.getuid():  # the 0600 socket says so already; this says it again
                channel.send(conn, {"err": "refused: not the user who serves\n", "exit": 2})
                return
            messages = channel.receive(conn)
            try:
                request = next(messages, None)
            except (OSError, ValueError):  # not a request of ours
                return
            if request is None:
                return
            call = Call(request, conn)
            code: list[int] = []
            worker = threading.Thread(
                target=self._work, args=(call, code), name="jumys-control-command", daemon=True
            )
            worker.start()
            with contextlib.suppress(OSError, ValueError):
                for _ in messages:  # nothing more is expected: the caller's end closing is the signal
                    pass
            if worker.is_alive():
                call.cancel()
            worker.join()
            call.send({"exit": code[0] if code else 1})

    def _work(self, call: Call, code: list[int]) -> None:
        try:
            code.append(self.handler(call))
        except BaseException:  # the worker must answer whatever happened
            log.exception("a forwarded command failed")
            code.append(1)
        finally:
            call.done()


def refuse_second(settings: Settings) -> None:
    """Raise when another live process serves this embedded store (naming its pid and port)."""
    served = channel.live_server(settings)
    if served is not None and channel.answers(served):
        raise JumysError(M.ALREADY_SERVED, 409, pid=served.pid, port=served.port, home=str(settings.home))


def remove_stale(settings: Settings) -> None:
    """Remove serve.json and the socket a server that died left behind (its pid gone, or nobody listening)."""
    folder = channel.folder(settings)
    served = channel.read_served(settings)
    if (
        served is not None
        and served.pid != os.getpid()
        and channel.alive(served.pid)
        and channel.answers(served)
    ):
        return
    (folder / channel.INFO).unlink(missing_ok=True)
    (folder / channel.SOCKET).unlink(missing_ok=True)
    if served is not None:
        Path(served.socket).unlink(missing_ok=True)
