"""`jumys forecast backtest`: 80 columns, --json, and the table of docs/forecasting.md."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from jumys.cli.main import app
from jumys.forecasting.backtest import run_backtest
from jumys.forecasting.report import block_of, markdown
from jumys.forecasting.series import FAMILIES, shipped_series

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
