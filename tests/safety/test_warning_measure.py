"""The measure of the warnings on labour disputes: recall at a lead of 30-180 days, precision of high ones."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from jumys.cli.main import app
from jumys.config import Settings, get_settings
from jumys.safety.warning_measure import measure_warnings, monthly_dates
from jumys.safety.warnings import run_dates
from jumys.storage.engine import make_engine
from jumys.storage.revisions import upgrade
from tests.conftest import TEST_KEY
from tests.safety.warn_world import WarnWorld

D = dt.date.fromisoformat


def _plant(ww: WarnWorld) -> dict[str, str]:
    """A: high at 2025-01-01 and a dispute 59 days later; B: watch 14 days before its dispute; C: high, no dispute."""
    a, b, c = ww.employer(), ww.employer(), ww.employer("111010000")
    for high in (a, c):
        ww.incident(high, "2024-12-05")
        ww.inspection(high, "2024-11-01")
        ww.inspection(high, "2024-12-01")
    ww.incident(b, "2024-12-20")
    ww.dispute(a, "2025-03-01")
    ww.dispute(b, "2025-01-15")
    ww.ingest()
    return {"A": a, "B": b, "C": c}


@pytest.fixture
def ww(engine: sa.Engine, settings: Settings, tmp_path: Path) -> WarnWorld:
    """An empty world on a clean store."""
    return WarnWorld(engine, settings, tmp_path)


def test_recall_counts_warnings_30_to_180_days_ahead_and_precision_high_ones_followed(ww: WarnWorld) -> None:
    _plant(ww)
    with ww.engine.begin() as conn:
        m = measure_warnings(conn, D("2025-01-01"), D("2025-08-01"))
        dates = run_dates(conn)
    assert (m.disputes, m.warned, m.warned_high, m.recall) == (2, 1, 1, 0.5)
    # A and C are high on 1 January and 1 February (a signal stays three months; March is past warnings_to)
    assert (m.high_warnings, m.high_followed, m.precision) == (4, 2, 0.5)
    # B's watch of 1 January was followed (too soon to count for recall), that of 1 February not
    assert (m.watch_warnings, m.watch_followed) == (2, 1)
    assert (m.warnings_from, m.warnings_to) == (D("2024-08-01"), D("2025-02-01"))
    assert m.runs_made == 12 and sorted(dates) == monthly_dates(D("2025-01-01"), D("2025-08-01"))
    assert [(y.year, y.disputes, y.warned, y.high_warnings) for y in m.years] == [(2025, 2, 1, 4)]
    with ww.engine.begin() as conn:
        assert measure_warnings(conn, D("2025-01-01"), D("2025-08-01")).runs_made == 0  # runs are kept


def test_a_high_warning_whose_six_months_are_not_over_is_not_counted(ww: WarnWorld) -> None:
    _plant(ww)
    with ww.engine.begin() as conn:
        m = measure_warnings(conn, D("2025-01-01"), D("2025-06-01"))
    assert m.warnings_to == D("2024-12-01") and m.high_warnings == 0 and m.precision is None


def test_the_commands_compute_print_and_measure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUMYS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("JUMYS_PSEUDONYM_KEY", TEST_KEY)
    monkeypatch.delenv("JUMYS_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    settings = get_settings()
    engine = make_engine(settings=settings)
    upgrade(engine)
    bins = _plant(WarnWorld(engine, settings, tmp_path))
    engine.dispose()
    runner = CliRunner()
    try:
        shown = runner.invoke(app, ["warnings", "--as-of", "2025-01-01", "--json", "--region", "11"])
        assert shown.exit_code == 0, shown.output
        rows = json.loads(shown.stdout)
        assert [(r["bin"], r["level"]) for r in rows] == [(bins["C"], "high")]
        assert [s["signal"] for s in rows[0]["signals"]] == ["fatal_incident", "unplanned_inspections"]
        table = runner.invoke(app, ["warnings", "--as-of", "2025-01-01"])
        assert table.exit_code == 0, table.output
        assert "Fatal accidents: 1" in table.stdout and "3 employers warned" in table.stdout
        # readable in an 80-column terminal: evidence wraps under its column, months and dates in words
        assert max(len(line) for line in table.stdout.splitlines()) <= 80, table.stdout
        assert not re.search(r"\b20\d\d-\d\d\b", table.stdout.split("employers warned")[0]), table.stdout
        measured = runner.invoke(
            app, ["warnings", "measure", "--from", "2025-01-01", "--to", "2025-08-01", "--json"]
        )
        assert measured.exit_code == 0, measured.output
        assert json.loads(measured.stdout)["recall"] == 0.5
        bad = runner.invoke(app, ["warnings", "measure", "--from", "2025-08-01", "--to", "2025-01-01"])
        assert bad.exit_code == 2 and "span is empty" in bad.output
    finally:
        get_settings.cache_clear()
