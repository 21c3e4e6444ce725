"""Nothing of DuckDB outlives the interpreter: no `nanobind: leaked` at exit (issue 9, item 11)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

JUMYS = [sys.executable, "-c", "from jumys.cli.main import main; main()"]


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUMYS_")}
    return env | {"JUMYS_HOME": str(home)}


def test_a_cli_command_exits_quietly(tmp_path: Path) -> None:
    res = subprocess.run([*JUMYS, "batches"], env=_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "nanobind" not in res.stderr


def test_the_server_stops_quietly_on_ctrl_c(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [*JUMYS, "serve", "--port", str(port)],
        env=_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(240):  # up to a minute on a loaded machine: waiting, not timing
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/scorecards", timeout=5) as r:
                    assert r.status == 200
                break
            except OSError:
                time.sleep(0.25)
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "Application shutdown complete" in stderr
    assert "nanobind" not in stderr, stderr[-2000:]


def test_the_property_tests_exit_quietly(tmp_path: Path) -> None:
    """Hypothesis's collector callback outlives the modules unless taken out at the session's end
    (tests/conftest.py, pytest_unconfigure): with it, a cached `st.builds(f.new_iin)` kept DuckDB's
    objects alive past DuckDB's module, and the fuzz test's process ended in `nanobind: leaked ...`."""
    fuzz = Path(__file__).parent / "registry" / "test_fuzz.py"
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
            "-p",
            "no:xdist",
            str(fuzz),
        ],
        env=_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert res.returncode == 0, res.stdout[-2000:]
    assert "nanobind" not in res.stdout + res.stderr, (res.stdout + res.stderr)[-2000:]
