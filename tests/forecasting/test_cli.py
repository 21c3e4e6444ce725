"""`jumys forecast backtest`: 80 columns, --json, and the table of docs/forecasting.md."""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa
from typer.testing import CliRunner

from jumys.cli.main import app
from jumys.config import Settings
from jumys.forecasting.backtest import run_backtest
from jumys.forecasting.report import block_of, markdown
from jumys.forecasting.series import FAMILIES, shipped_series
from tests.forecasting.stats_world import ingest_stats, stat

DOCS = Path(__file__).resolve().parents[2] / "docs" / "forecasting.md"


def test_the_backtest_fits_80_columns_and_names_each_familys_method() -> None:
    result = CliRunner().invoke(app, ["forecast", "backtest"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    chosen = lines[next(i for i, line in enumerate(lines) if line.startswith("The method used")) :]
    for family in FAMILIES:
        assert any(line.startswith(f"{family} ") for line in chosen)
    assert lines[-1].endswith(" s")


def test_the_backtest_as_json() -> None:
    result = CliRunner().invoke(app, ["forecast", "backtest", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {c["family"] for c in data["choices"]} == set(FAMILIES)
    assert {(r["method"], r["h"]) for r in data["rows"]} >= {("naive", 1), ("damped", 3)}
    assert all(0 <= r["coverage"] <= 1 and r["mase"] >= 0 for r in data["rows"])


def test_the_docs_table_is_what_the_command_computes() -> None:
    """Run `jumys forecast backtest --write-docs` when this fails."""
    assert block_of(DOCS.read_text(encoding="utf-8")) == markdown(run_backtest(shipped_series()))


def test_the_series_forecasts_fit_80_columns_and_say_how_far_the_data_go() -> None:
    result = CliRunner().invoke(
        app,
        ["forecast", "series", "--family", "population", "--region", "75", "--years", "3"],
        env={"COLUMNS": "80"},
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    first = next(line for line in lines if line.startswith("population"))
    assert (
        "75 Almaty city" in first and " 2023 " in first and " 2024 " in first
    )  # data to 2023, forecast 2024 on
    assert sum(1 for line in lines if " 2025 " in line or " 2026 " in line) == 2


def test_the_series_forecasts_as_json() -> None:
    result = CliRunner().invoke(app, ["forecast", "series", "--family", "wages", "--years", "2", "--json"])
    assert result.exit_code == 0, result.output
    [wages] = json.loads(result.stdout)
    assert wages["years"] == [wages["last_year"] + 1, wages["last_year"] + 2]
    assert wages["why"] == "backtest" and wages["mase"] < 1


def test_a_bad_request_is_one_line_and_a_non_zero_exit() -> None:
    result = CliRunner().invoke(app, ["forecast", "series", "--years", "11"])
    assert result.exit_code != 0
    assert "the horizon is 1 to 10 years, not 11" in result.output


def test_the_store_series_from_the_cli(cli_store: tuple[Settings, sa.Engine], tmp_path: Path) -> None:
    settings, engine = cli_store
    empty = CliRunner().invoke(app, ["forecast", "series", "--source", "store"])
    assert empty.exit_code != 0 and "hold no yearly series" in empty.output
    rows = [stat("11", str(y), "unemployment_rate", 5.0 + 0.1 * (y - 2015)) for y in range(2015, 2025)]
    ingest_stats(engine, settings, tmp_path / "b", rows)
    engine.dispose()
    result = CliRunner().invoke(app, ["forecast", "series", "--source", "store", "--json"])
    assert result.exit_code == 0, result.output
    [o] = json.loads(result.stdout)
    assert (o["family"], o["series"], o["source"], o["last_year"]) == ("unemployment", "11", "store", 2024)
