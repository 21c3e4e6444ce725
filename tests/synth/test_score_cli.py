"""`jumys score` scores safe work beside job creation: "not scored yet" until the risk scores are stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jumys.cli.main import app
from jumys.config import get_settings
from jumys.synth.service import generate


def test_score_says_not_scored_yet_then_scores_the_stored_risk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JUMYS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("JUMYS_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    batch = tmp_path / "batch"
    generate(batch, scale=0.001, seed=5)
    runner = CliRunner()
    try:
        assert runner.invoke(app, ["ingest", str(batch)]).exit_code == 0
        first = runner.invoke(app, ["score", str(batch)])
        assert first.exit_code == 0, first.output
        assert "enterprise risk: not scored yet" in first.output
        assert "conflict warnings: not scored yet" in first.output
        assert runner.invoke(app, ["risk", "score", "--as-of", "2026-01-01"]).exit_code == 0
        second = runner.invoke(app, ["score", str(batch)])
        assert second.exit_code == 0, second.output
        assert "enterprise risk at 2026-01-01 (true top decile of 2026-01-01)" in second.output
        assert "conflict warnings: not scored yet" in second.output
    finally:
        get_settings.cache_clear()
