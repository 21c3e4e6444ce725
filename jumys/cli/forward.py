"""A command handed to the `jumys serve` that owns the embedded store, and run there.

DuckDB lets one process open its file, and `jumys serve` keeps it open. So `store()` (common.py)
asks first whether a live server owns the store (jumys/doors/channel.py): if so, the command goes
to it whole (its words, options with paths made absolute, what it read from standard input, the
terminal's width), the server runs the same Typer command in a worker thread on its own engine and
its output comes back as it is written, then its exit code. Commands that write take the server's
write lock (they wait for an upload or a verification run under way), and the server forgets its
remembered answers and sign-ins afterwards. The command runs with the server's settings.

This module is imported by common.py at start-up: nothing heavy at the top.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import typer
from rich.console import Console, ConsoleDimensions
from typer._click.core import Context  # typer carries its own click
from typer._click.exceptions import ClickException
from typer._click.globals import get_current_context
from typer.core import TyperArgument, TyperOption

if TYPE_CHECKING:
    import sqlalchemy as sa

    from jumys.config import Settings
    from jumys.doors.control import Call
    from jumys.doors.core import Door

# The commands that only read: they run beside others; every other command takes the write lock.
READ_ONLY = {
    ("batches",),
    ("summary",),
    ("audit",),
    ("users", "list"),
    ("db", "check"),
    ("quotas",),
    ("cabinet", "persons"),
    ("outbox", "list"),
}
INTERRUPTED = "interrupted: nothing was applied by the unfinished step\n"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

_here = threading.local()  # in the server: the forwarded command this thread runs, if any
_stdin_read: list[str] = []  # in the caller: what the command read from standard input


class _Caller:
    """A forwarded command's caller, as its worker thread sees it."""

    def __init__(self, send: Callable[[dict[str, Any]], None], request: dict[str, Any]) -> None:
        self._send = send
        self.said_interrupted = False
        self.stdin = io.StringIO(str(request.get("stdin") or ""))
        self.width = int(request.get("width") or 80)
        self.colours = bool(request.get("colours"))

    def send(self, message: dict[str, Any]) -> None:
        self.said_interrupted = self.said_interrupted or "interrupted:" in str(message.get("err", ""))
        self._send(message)


def _caller() -> _Caller | None:
    return getattr(_here, "caller", None)


class CallerConsole(Console):
    """A rich console as wide as the caller's terminal in a forwarded command's thread."""

    @property
    def size(self) -> ConsoleDimensions:
        caller = _caller()
        return super().size if caller is None else ConsoleDimensions(caller.width, 25)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        Console.size.fset(self, new_size)  # type: ignore[attr-defined]


class _Routed(io.TextIOBase):
    """sys.stdout, sys.stderr or sys.stdin of the server: a forwarded command's own in its thread."""

    def __init__(self, original: IO[str], key: str) -> None:
        self.original = original
        self.key = key

    def write(self, text: str) -> int:
        caller = _caller()
        if caller is None:
            return self.original.write(text)
        caller.send({self.key: text if caller.colours else ANSI.sub("", text)})
        return len(text)

    def readline(self, size: int = -1, /) -> str:  # type: ignore[override]
        caller = _caller()
        return (self.original if caller is None else caller.stdin).readline(size)

    def read(self, size: int | None = -1, /) -> str:
        caller = _caller()
        return (self.original if caller is None else caller.stdin).read(-1 if size is None else size)

    def flush(self) -> None:
        if _caller() is None:
            self.original.flush()

    def isatty(self) -> bool:
        return False if _caller() is not None else self.original.isatty()

    def writable(self) -> bool:
        return self.key != "in"

    def readable(self) -> bool:
        return self.key == "in"

    def fileno(self) -> int:
        if _caller() is not None:
            raise io.UnsupportedOperation("a forwarded command has no file descriptor")
        return self.original.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8" if _caller() is not None else str(getattr(self.original, "encoding", "utf-8"))


def route_stdio() -> None:
    """In the server: let each forwarded command's thread have standard streams of its own."""
    if not isinstance(sys.stdout, _Routed):
        sys.stdout = _Routed(sys.stdout, "out")
        sys.stderr = _Routed(sys.stderr, "err")
        sys.stdin = _Routed(sys.stdin, "in")


def served_engine() -> sa.Engine | None:
    """In the server, within a forwarded command: the server's engine; elsewhere None."""
    engine: sa.Engine | None = getattr(_here, "engine", None)
    return engine


def read_stdin_line() -> str:
    """A line of standard input, kept so that a command forwarded afterwards sends it along."""
    line = sys.stdin.readline()
    if _caller() is None:
        _stdin_read.append(line)
    return line.rstrip("\r\n")


# ---- the caller's end -----------------------------------------------------------------------------


def forward_if_served(settings: Settings, width: int, colours: bool) -> None:
    """When a live `jumys serve` owns the store, run the command there and exit with its code."""
    from jumys.cli import messages as M  # deferred: CLI start-up time
    from jumys.doors import channel
    from jumys.errors import JumysError

    ctx = get_current_context(silent=True)
    served = channel.live_server(settings) if ctx is not None else None
    if served is None or ctx is None:
        return
    request = {"argv": canonical_argv(ctx), "stdin": "".join(_stdin_read), "width": width, "colours": colours}
    try:
        sock = channel.connect(served)
    except (ConnectionRefusedError, FileNotFoundError):
        return  # nobody listens: a killed server's files (its pid taken by another process since)
    except OSError as e:
        raise JumysError(
            M.SERVER_SILENT, pid=served.pid, port=served.port, reason=e.strerror or type(e).__name__
        ) from None
    with sock:
        channel.send(sock, request)
        code = _relay(sock)
    if code is None:
        raise JumysError(M.SERVER_WENT, pid=served.pid)
    raise typer.Exit(code)


def _relay(sock: socket.socket) -> int | None:
    """Write the server's output as it comes; its exit code, or None when the connection ended first.

    A first Ctrl+C asks the server to interrupt the command (by closing this end for writing) and
    waits for its answer; a second leaves at once.
    """
    from jumys.doors.channel import MAX_LINE  # deferred: CLI start-up time

    interrupted = False
    with sock.makefile("rb") as stream:
        while True:
            try:
                line = stream.readline(MAX_LINE)
            except KeyboardInterrupt:
                if interrupted:
                    return 130
                interrupted = True
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_WR)
                sys.stderr.write(
                    "interrupting: the server stops the command at its next step (Ctrl+C again: leave)\n"
                )
                continue
            if not line:
                return None
            message = json.loads(line)
            for key, out in (("out", sys.stdout), ("err", sys.stderr)):
                if key in message:
                    out.write(message[key])
                    out.flush()
            if "exit" in message:
                return int(message["exit"])


def canonical_argv(ctx: Context) -> list[str]:
    """The command of ctx as words a server can parse again: each parameter's value, paths made absolute."""
    words: list[str] = []
    c: Context | None = ctx
    while c is not None and c.parent is not None:
        words.insert(0, c.info_name or "")
        c = c.parent
    options: list[str] = []
    arguments: list[str] = []
    for param in ctx.command.params:
        value = ctx.params.get(param.name or "")
        if isinstance(param, TyperArgument):
            arguments.extend(_tokens(v) for v in (value if isinstance(value, list | tuple) else [value]))
        elif isinstance(param, TyperOption) and not param.hidden:
            if param.is_flag:
                if value:
                    options.append(param.opts[0])
                elif param.secondary_opts:
                    options.append(param.secondary_opts[0])
            elif param.multiple:
                for v in value or ():
                    options.extend([param.opts[0], _tokens(v)])
            elif value is not None:
                options.extend([param.opts[0], _tokens(value)])
    return [*words, *options, "--", *arguments]


def _tokens(value: Any) -> str:
    return str(value.absolute()) if isinstance(value, Path) else str(value)


# ---- the server's end -----------------------------------------------------------------------------


def serving(door: Door) -> Callable[[Call], int]:
    """The handler of the server's control channel: runs each forwarded command over door's engine."""

    from jumys.cli import messages as M  # deferred: CLI start-up time

    def handle(call: Call) -> int:
        argv = [str(a) for a in call.request.get("argv", [])]
        words = tuple(a for a in argv[:2] if not a.startswith("-"))
        writes = not any(words[: len(r)] == r for r in READ_ONLY)
        if words[:1] == ("serve",):  # only a hand-made caller asks this: one server per process
            call.send({"err": f"error: {M.NOT_BY_SERVER().english}\n"})
            return 2
        caller = _here.caller = _Caller(call.send, call.request)
        _here.engine = door.engine
        try:
            code = _handle(call, argv, writes)
            if code == 130 and not caller.said_interrupted:
                # the interrupt may land inside rich's printing, whose buffer then never comes out
                caller.send({"err": INTERRUPTED})
            return code
        finally:
            _here.caller = None
            _here.engine = None

    def _handle(call: Call, argv: list[str], writes: bool) -> int:
        if writes and not door.write_lock.acquire(blocking=False):
            call.send({"err": f"{M.WAITING_FOR_WRITE().english}\n"})
            while not door.write_lock.acquire(timeout=0.5):
                if call.cancelled.is_set():
                    return 130
        try:
            with call.interruptible():
                return run(argv)
        except KeyboardInterrupt:  # the caller went before the command began (or as it ended)
            sys.stderr.write(INTERRUPTED)
            return 130
        finally:
            if writes:
                door.forget_answers()
                door.principals.clear()  # a user disabled or a token issued counts at once
                door.write_lock.release()

    return handle


def run(argv: list[str]) -> int:
    """Run the jumys command argv in this thread; its exit code."""
    from jumys.cli.main import app  # deferred: the command modules import this one

    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="jumys", standalone_mode=False)
    except typer.Exit as e:
        return e.exit_code
    except ClickException as e:
        e.show()
        return e.exit_code
    except (typer.Abort, KeyboardInterrupt):
        sys.stderr.write(INTERRUPTED)
        return 130
    return result if isinstance(result, int) else 0
