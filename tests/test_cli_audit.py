"""Writes from the command line go to the audit log too."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jumys.cli.main import app
from jumys.config import get_settings
from tests.factories import employer, write_batch


def test_cli_ingest_and_verify_are_audited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUMYS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("JUMYS_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    batch = write_batch(tmp_path / "b", {"employers": [employer()]})
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(batch)]).exit_code == 0
    assert runner.invoke(app, ["verify", "--as-of", "2026-01-01"]).exit_code == 0
    result = runner.invoke(app, ["audit", "--json"])
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert '"ingest_batch"' in result.stdout and '"verify"' in result.stdout


def test_cli_verify_refuses_a_date_after_today(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`jumys verify --as-of` and the commands that verify first refuse a far-future date, as the API does."""
    monkeypatch.setenv("JUMYS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("JUMYS_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    runner = CliRunner()
    for command in (["verify"], ["scorecard"], ["alerts"]):
        result = runner.invoke(app, [*command, "--as-of", "9946-08-20"])
        assert result.exit_code != 0, (command, result.output)
        assert "after today" in result.output, (command, result.output)
    get_settings.cache_clear()
