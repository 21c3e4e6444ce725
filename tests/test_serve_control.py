"""CLI commands while `jumys serve` owns the embedded store: run by the server (issue 9, item 9).

A real server runs in a subprocess on a temporary JUMYS_HOME with a small synthetic country; the
commands run as a person runs them, in another process, from another folder.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from jumys.access.service import list_users
from jumys.cli.forward import serving
from jumys.config import Settings
from jumys.doors import channel
from jumys.doors.control import Call, ControlChannel, remove_stale
from jumys.doors.core import open_door
from jumys.synth.service import generate

JUMYS = [sys.executable, "-c", "from jumys.cli.main import main; main()"]


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUMYS_")}
    # the caller's width goes along: the server renders its tables as wide
    return env | {"JUMYS_HOME": str(home), "JUMYS_API_CACHE_SECONDS": "60", "COLUMNS": "200"}


def jumys(
    home: Path, *args: str, cwd: Path | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run a jumys command as a person does, in a process of its own."""
    return subprocess.run(
        [*JUMYS, *args], env=_env(home), cwd=cwd, input=stdin, capture_output=True, text=True, timeout=300
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`jumys serve` in a subprocess, waited for until it answers."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.port = _free_port()
        self.proc = subprocess.Popen(
            [*JUMYS, "serve", "--port", str(self.port)],
            env=_env(home),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(480):  # up to two minutes on a loaded machine: waiting, not timing
            if self.proc.poll() is not None:
                raise AssertionError(
                    f"jumys serve stopped: {self.proc.stderr.read() if self.proc.stderr else ''}"
                )
            try:
                self.get("/api/v1/session")
                if (home / "control" / "serve.json").exists():
                    return
            except OSError:
                pass
            time.sleep(0.25)
        raise AssertionError("jumys serve did not answer")

    def get(self, path: str, token: str | None = None) -> dict[str, object]:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        with urllib.request.urlopen(request, timeout=30) as r:
            return dict(json.loads(r.read()))

    def stop(self) -> tuple[int, str]:
        """Ctrl+C: its exit code and what it wrote on stderr."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            _, stderr = self.proc.communicate(timeout=60)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
        return self.proc.returncode, stderr


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("served") / "batch"
    generate(out, scale=0.0005, seed=3, fmt="csv")
    return out


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = Server(tmp_path_factory.mktemp("served-home"))
    yield server
    server.stop()


def test_control_files_are_private(served: Server) -> None:
    folder = served.home / "control"
    info = json.loads((folder / "serve.json").read_text())
    assert info["pid"] == served.proc.pid and info["port"] == served.port
    assert (folder.stat().st_mode & 0o777) == 0o700
    assert (Path(info["socket"]).stat().st_mode & 0o777) == 0o600
    assert ((folder / "serve.json").stat().st_mode & 0o777) == 0o600


@pytest.mark.parametrize(
    "args", [["batches"], ["summary"], ["users", "list"], ["audit", "--json"], ["db", "check"]]
)
def test_read_only_commands_work_while_it_serves(served: Server, args: list[str]) -> None:
    res = jumys(served.home, *args)
    assert res.returncode == 0, res.stderr
    assert "lock" not in res.stderr.lower()


def test_a_token_for_the_demo_while_it_serves(served: Server) -> None:
    res = jumys(served.home, "users", "add", "robot", "--role", "ministry", "--token")
    assert res.returncode == 0, res.stderr
    assert "user robot (ministry) created" in res.stdout
    token = res.stdout.strip().splitlines()[-1]
    assert served.get("/api/v1/session", token)["username"] == "robot"  # the server knows it at once
    listed = jumys(served.home, "users", "list")
    assert "robot" in listed.stdout


def test_a_password_from_standard_input_goes_along(served: Server) -> None:
    res = jumys(
        served.home,
        "users",
        "add",
        "alice",
        "--role",
        "inspector",
        "--password-stdin",
        stdin="s3cret-pass-of-alice\n",
    )
    assert res.returncode == 0, res.stderr
    body = json.dumps({"username": "alice", "password": "s3cret-pass-of-alice"}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{served.port}/api/v1/session",
        data=body,
        headers={"Content-Type": "application/json", "Origin": f"http://127.0.0.1:{served.port}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as r:
        assert json.loads(r.read())["role"] == "inspector"


def test_ingest_through_the_server_from_another_folder(served: Server, batch: Path) -> None:
    before = served.get("/api/v1/scorecards")  # an answer the server now remembers
    # a relative path, from a folder that is not the server's: it names the caller's batch
    res = jumys(served.home, "ingest", "--json", batch.name, cwd=batch.parent)
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    assert report["status"] == "applied" and report["rows_rejected"] == 0
    listed = jumys(served.home, "batches")
    assert report["batch_id"] in listed.stdout
    verified = jumys(served.home, "verify", "--as-of", "2026-01-01", "--json")
    assert verified.returncode == 0, verified.stderr
    assert len(json.loads(verified.stdout)) > 0
    after = served.get("/api/v1/scorecards")
    assert after != before  # the server forgot what it remembered from before the batch


def test_an_error_comes_back_with_its_exit_code(served: Server, tmp_path: Path) -> None:
    res = jumys(served.home, "ingest", str(tmp_path / "nowhere"))
    assert res.returncode == 2
    assert res.stderr.startswith("error:") and "Traceback" not in res.stderr
    usage = jumys(served.home, "users", "add", "bob", "--role", "emperor")
    assert usage.returncode == 2 and "emperor" in usage.stderr


def test_the_caller_going_stops_the_command_in_the_server(served: Server) -> None:
    served_info = channel.read_served(Settings(home=served.home))
    assert served_info is not None
    with channel.connect(served_info) as sock:
        channel.send(sock, {"argv": ["verify", "--as-of", "2024-03-01", "--"]})
        sock.shutdown(socket.SHUT_WR)  # what the CLI does on Ctrl+C
        answers = list(channel.receive(sock))
    assert answers[-1] == {"exit": 130}
    assert "interrupted: nothing was applied" in "".join(str(a.get("err", "")) for a in answers)
    audit = jumys(served.home, "audit", "--action", "verify", "--json")
    assert "2024-03-01" not in audit.stdout  # rolled back, and the write lock was given back:
    again = jumys(served.home, "verify", "--as-of", "2024-03-01", "--json")
    assert again.returncode == 0, again.stderr


def test_a_second_server_on_the_same_home_is_refused(served: Server) -> None:
    res = jumys(served.home, "serve", "--port", str(_free_port()))
    assert res.returncode == 2
    assert f"process {served.proc.pid} on port {served.port}" in res.stderr
    assert (served.home / "control" / "serve.json").exists()  # the first one's channel stays


def test_stale_control_files_are_cleaned_and_ctrl_c_exits_130_quietly(tmp_path: Path) -> None:
    home = tmp_path / "home"
    folder = home / "control"
    folder.mkdir(parents=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(folder / "serve.sock"))
    listener.close()  # a socket file nobody listens on, as a killed server leaves it
    (folder / "serve.json").write_text(
        json.dumps(
            {
                "pid": dead.pid,
                "port": 1,
                "socket": str(folder / "serve.sock"),
                "store": str((home / "jumys.duckdb").resolve()),
            }
        )
    )
    res = jumys(home, "batches")  # a dead server is no server: the command runs on the store itself
    assert res.returncode == 0, res.stderr
    server = Server(home)
    info = json.loads((folder / "serve.json").read_text())
    assert info["pid"] == server.proc.pid
    assert jumys(home, "batches").returncode == 0
    code, stderr = server.stop()
    assert code == 130, stderr[-2000:]
    assert "interrupted" not in stderr and "Traceback" not in stderr
    assert not (folder / "serve.json").exists() and not (folder / "serve.sock").exists()


def test_a_store_held_by_another_process_says_what_to_do(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys; c = duckdb.connect({str(home / 'jumys.duckdb')!r}); "
            "print('ok', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        res = jumys(home, "batches")
    finally:
        holder.communicate("", timeout=60)
    assert res.returncode == 2
    assert f"is open in another process (pid {holder.pid}): wait until it finishes or stop it" in res.stderr
    assert "internal error" not in res.stderr


def test_postgresql_has_no_channel(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, database_url="postgresql+psycopg://nobody@127.0.0.1/none")
    assert channel.embedded_store(settings) is None
    assert ControlChannel(settings, 8000, lambda _call: 0).open() is False
    assert not (tmp_path / "control").exists()
    assert channel.live_server(settings) is None


def test_remove_stale_keeps_a_live_servers_files(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    channel.folder(settings).mkdir()
    path = str(channel.folder(settings) / "serve.sock")
    alive = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
            listener.bind(path)
            listener.listen()
            channel.write_served(
                settings, channel.Served(alive.pid, 8000, path, str(settings.duckdb_path.resolve()))
            )
            remove_stale(settings)
            assert channel.read_served(settings) is not None
            assert channel.live_server(settings) is not None
        remove_stale(settings)  # its pid lives on, but nobody listens any more
        assert channel.read_served(settings) is None and not Path(path).exists()
    finally:
        alive.communicate(b"", timeout=60)


def test_the_caller_going_interrupts_the_command() -> None:
    here, there = socket.socketpair()
    with here, there:
        assert channel.peer_uid(here) == os.getuid()
        call = Call({"argv": []}, here)
        seen: list[str] = []
        entered = threading.Event()

        def work() -> None:
            try:
                with call.interruptible():
                    entered.set()
                    while True:  # Python steps: the interrupt lands between two of them
                        time.sleep(0.01)
            except KeyboardInterrupt:
                seen.append("interrupted")

        worker = threading.Thread(target=work)
        worker.start()
        assert entered.wait(60)
        call.cancel()
        worker.join(60)
        assert seen == ["interrupted"]
        # a command that had not started yet does not start
        with pytest.raises(KeyboardInterrupt), call.interruptible():
            pass


def test_a_writing_command_waits_for_the_servers_write_and_then_forgets(
    settings: Settings, duckdb_engine: sa.Engine
) -> None:
    door = open_door(settings, duckdb_engine, ())
    door.answers.put("an answer", 1)
    here, there = socket.socketpair()
    codes: list[int] = []
    with here, there:
        call = Call({"argv": ["users", "add", "robot", "--role", "ministry", "--token", "--"]}, here)
        door.write_lock.acquire()  # an upload or a verification run under way
        worker = threading.Thread(target=lambda: codes.append(serving(door)(call)))
        worker.start()
        first = next(channel.receive(there))
        assert "waiting for the server's write under way" in first["err"]
        assert worker.is_alive() and codes == []
        door.write_lock.release()
        worker.join(120)
    door.close()
    assert codes == [0]
    assert door.answers.get("an answer") is None  # what the server remembered may no longer hold
    with duckdb_engine.connect() as conn:
        assert [u["username"] for u in list_users(conn)] == ["robot"]


def test_a_killed_servers_files_with_its_pid_taken_since_are_no_server(tmp_path: Path) -> None:
    home = tmp_path / "home"
    folder = home / "control"
    folder.mkdir(parents=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(folder / "serve.sock"))
    listener.close()  # nobody listens
    other = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        store = str((home / "jumys.duckdb").resolve())
        info = {"pid": other.pid, "port": 1, "socket": str(folder / "serve.sock"), "store": store}
        (folder / "serve.json").write_text(json.dumps(info))
        res = jumys(home, "batches")
        assert res.returncode == 0, res.stderr
        assert "no batches yet" in res.stdout
        server = Server(home)  # not refused as a second server: the files are replaced
        assert json.loads((folder / "serve.json").read_text())["pid"] == server.proc.pid
        server.stop()
    finally:
        other.communicate(b"", timeout=60)


def test_an_interrupted_command_always_says_so(
    settings: Settings, duckdb_engine: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The interrupt can land inside rich's own printing, whose buffer then never reaches the caller."""
    import jumys.cli.forward as forward

    monkeypatch.setattr(forward, "run", lambda argv: 130)  # interrupted, and its message lost
    door = open_door(settings, duckdb_engine, ())
    here, there = socket.socketpair()
    with here, there:
        code = serving(door)(Call({"argv": ["verify", "--"]}, here))
        here.shutdown(socket.SHUT_WR)
        said = "".join(str(m.get("err", "")) for m in channel.receive(there))
    door.close()
    assert code == 130
    assert said == forward.INTERRUPTED  # once, not twice
