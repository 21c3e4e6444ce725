"""`jumys serve` keeps query strings (what was typed into a search: an IIN) out of its access log."""

from __future__ import annotations

import logging
import socket
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner

from jumys.cli.main import app
from jumys.config import get_settings
from jumys.doors.accesslog import redact_query

IIN = "900101300123"


class Lines(logging.Handler):
    """Keeps the formatted lines it is given."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def test_serve_redacts_query_strings_in_the_access_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real request through uvicorn as `jumys serve` configures it: the path is logged, the IIN is not."""
    monkeypatch.setenv("JUMYS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("JUMYS_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    lines = Lines()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    serve_for_real = uvicorn.Server.run

    def run(server: uvicorn.Server, *args: Any) -> None:
        logging.getLogger("uvicorn.access").addHandler(lines)  # after serve's Config set logging up
        thread = threading.Thread(target=serve_for_real, args=(server,), daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/regions?q={IIN}&page=2") as r:
            assert r.status == 200
        server.should_exit = True
        thread.join(timeout=10)

    monkeypatch.setattr(uvicorn.Server, "run", run)  # serve imports uvicorn when it runs
    try:
        result = CliRunner().invoke(app, ["serve", "--port", str(port)])
    finally:
        logging.getLogger("uvicorn.access").removeHandler(lines)
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    access = [line for line in lines.lines if "/api/v1/regions" in line]
    assert access and not [line for line in lines.lines if IIN in line], lines.lines
    assert "/api/v1/regions?q=…&page=…" in access[0]


def test_redact_query_keeps_the_path_and_the_keys() -> None:
    """Values go, plain keys stay, odd keys go too."""
    assert redact_query("/projects") == "/projects"
    assert redact_query(f"/projects?q={IIN}&as_of=2025-01-01") == "/projects?q=…&as_of=…"
    assert redact_query(f"/x?{IIN}") == "/x?…"
