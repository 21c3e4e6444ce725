"""`jumys users` and `jumys audit` at the command line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jumys.cli.main import app
from jumys.config import get_settings

runner = CliRunner()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh embedded store for the CLI (its settings are read once per process: reset around the test)."""
    monkeypatch.setenv("JUMYS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("JUMYS_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path / "home"
    get_settings.cache_clear()


def test_users_are_added_listed_and_audited(home: Path) -> None:
    person = runner.invoke(app, ["users", "add", "aigul", "--role", "akimat", "--region", "75"])
    assert person.exit_code == 0, person.output
    assert "password (shown once)" in person.output
    machine = runner.invoke(app, ["users", "add", "feed", "--role", "ministry", "--token"])
    assert machine.exit_code == 0 and "jm_" in machine.output
    typed = runner.invoke(
        app,
        ["users", "add", "kairat", "--role", "inspector", "--password-stdin"],
        input="a long enough password\n",
    )
    assert typed.exit_code == 0 and "a long enough password" not in typed.output
    listed = runner.invoke(app, ["users", "list"])
    assert all(name in listed.output for name in ("aigul", "feed", "kairat"))
    assert "argon2" not in listed.output
    assert runner.invoke(app, ["users", "disable", "feed"]).exit_code == 0
    log = runner.invoke(app, ["audit", "--limit", "10", "--json"])
    assert log.exit_code == 0, log.output
    lines = json.loads(log.output)
    assert [line["action"] for line in lines] == ["disable_user", "add_user", "add_user", "add_user"]
    assert {line["via"] for line in lines} == {"cli"}
    assert runner.invoke(app, ["audit"]).exit_code == 0


def test_a_bad_user_is_one_line_on_stderr(home: Path) -> None:
    result = runner.invoke(app, ["users", "add", "x", "--role", "akimat"])
    assert result.exit_code == 2
    assert "akimat answers for one region" in result.output
